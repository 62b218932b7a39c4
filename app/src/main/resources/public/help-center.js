/*
 * Handoff help center page script (progressive enhancement: the page works without it).
 *   <script src="https://helpdesk.example.com/help-center.js" data-base="<help center address>" defer></script>
 * - results as the shopper types (GET <base>/search?q=, debounced, late answers dropped), rendered as text;
 * - "Ask us in the chat" opens the chat widget with the search text or the question in the message box
 *   (the widget listens for the `handoff:ask` event);
 * - the help session (localStorage "handoff:help:session", shared with the widget on this origin) and the
 *   events that measure self-service: a visit per page (an item's page records its view itself).
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var base = script.getAttribute("data-base") || "";
  var session = helpSession();

  function helpSession() {
    try {
      var s = localStorage.getItem("handoff:help:session");
      if (!s) {
        s = (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + "-" + Math.random().toString(36).slice(2);
        localStorage.setItem("handoff:help:session", s);
      }
      return s;
    } catch (e) { return null; }
  }

  function report(event) {
    if (!session) return;
    event.session = session;
    fetch(base + "/events", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(event), keepalive: true })
      .catch(function () { /* measuring only */ });
  }

  report({ kind: "visit" });

  // "ask us": shown once the chat widget is on the page
  function showAsk() { document.querySelectorAll(".ask").forEach(function (a) { a.hidden = false; }); }
  if (document.querySelector("[data-handoff-widget][data-ready]")) showAsk();
  window.addEventListener("handoff:ready", showAsk);
  document.addEventListener("click", function (e) {
    var button = e.target && e.target.closest ? e.target.closest("[data-ask]") : null;
    if (!button) return;
    var input = document.getElementById("q");
    var text = button.getAttribute("data-ask") || (input ? input.value.trim() : "");
    window.dispatchEvent(new CustomEvent("handoff:ask", { detail: { text: text } }));
  });

  var input = document.getElementById("q");
  var results = document.getElementById("results");
  var browse = document.getElementById("browse");
  if (!input || !results) return;
  var seq = 0;
  var timer = 0;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function excerpt(text) {
    var flat = text.replace(/\s+/g, " ").trim();
    return flat.length <= 200 ? flat : flat.slice(0, 199).replace(/\s+\S*$/, "") + "…";
  }

  function render(data) {
    results.replaceChildren();
    var title = el("h2", null, (data.results.length ? "Results for “" : "No results for “") + data.query + "”");
    title.id = "results-title";
    results.appendChild(title);
    if (!data.results.length) {
      var empty = el("div", "empty");
      empty.appendChild(el("p", null, "Nothing matches yet. Ask us and we'll pick up your question."));
      var ask = el("button", null, "Ask us in the chat");
      ask.type = "button";
      ask.setAttribute("data-ask", data.query);
      if (!document.querySelector("[data-handoff-widget]")) ask.hidden = true;
      empty.appendChild(ask);
      results.appendChild(empty);
    } else {
      var list = el("ul", "items");
      data.results.forEach(function (r) {
        var li = el("li");
        var a = el("a", "question", r.question);
        a.href = r.url;
        li.appendChild(a);
        li.appendChild(el("p", "excerpt", excerpt(r.answer)));
        list.appendChild(li);
      });
      results.appendChild(list);
    }
    results.hidden = false;
    if (browse) browse.hidden = true;
  }

  function clear() {
    seq++;
    results.hidden = true;
    results.replaceChildren();
    if (browse) browse.hidden = false;
  }

  function search() {
    var q = input.value.trim();
    if (q.length < 2) { clear(); return; }
    var mine = ++seq;
    fetch(base + "/search?q=" + encodeURIComponent(q) + (session ? "&session=" + encodeURIComponent(session) : ""))
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data && mine === seq) render(data); })
      .catch(function () { /* the form still works */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 150);
  });
  input.addEventListener("keydown", function (e) { if (e.key === "Escape") { input.value = ""; clear(); } });
  input.form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); search(); });
})();
