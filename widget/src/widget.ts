/*
 * Handoff storefront chat widget. One dependency-free script:
 *   <script src="https://helpdesk.example.com/widget.js" data-widget-key="YOUR_KEY" defer></script>
 * A floating bubble opens a chat window (styles isolated in a shadow root). An optional pre-chat
 * form asks for name and email. The conversation id and visitor token are kept in localStorage, so
 * the chat survives page loads and visits. New messages arrive over a WebSocket that reconnects
 * by itself; after a reconnect the thread is re-read, so nothing is lost or duplicated.
 * Message text is always rendered as text (never as HTML).
 */
(function () {
  interface Message { id: string; author: "customer" | "assistant" | "agent" | "system"; text: string; source: string | null; createdAt: string; }
  interface Session { conversationId: string; visitorToken: string; }
  interface Config { storeName: string; greeting: string; preChatForm: boolean; }

  const script = (document.currentScript as HTMLScriptElement | null)
    || document.querySelector<HTMLScriptElement>("script[data-widget-key]");
  if (!script) { return; }
  const widgetKey = script.getAttribute("data-widget-key") || "";
  const origin = new URL(script.src, location.href).origin;
  const storageKey = "handoff:" + widgetKey;

  const host = document.createElement("div");
  host.setAttribute("data-handoff-widget", "");
  const root = host.attachShadow({ mode: "open" });
  root.innerHTML = `
<style>
  :host { all: initial; }
  * { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  .bubble { position: fixed; right: 20px; bottom: 20px; width: 56px; height: 56px; border-radius: 50%; border: 0;
    background: #2f3e46; color: #fff; font-size: 26px; cursor: pointer; box-shadow: 0 4px 14px rgba(0,0,0,.25); z-index: 2147483646; }
  .bubble:focus-visible, button:focus-visible, input:focus-visible, textarea:focus-visible { outline: 3px solid #84a98c; outline-offset: 2px; }
  .panel { position: fixed; right: 20px; bottom: 88px; width: 360px; max-width: calc(100vw - 24px); height: 520px;
    max-height: calc(100vh - 110px); background: #fff; border-radius: 14px; box-shadow: 0 8px 30px rgba(0,0,0,.25);
    display: none; flex-direction: column; overflow: hidden; z-index: 2147483647; }
  .panel.open { display: flex; }
  header { background: #2f3e46; color: #fff; padding: 14px 16px; display: flex; justify-content: space-between; align-items: center; }
  header h2 { font-size: 16px; margin: 0; }
  header button { background: none; border: 0; color: #fff; font-size: 20px; cursor: pointer; }
  .log { flex: 1; overflow-y: auto; padding: 12px; background: #f6f7f6; }
  .msg { max-width: 85%; margin: 6px 0; padding: 8px 11px; border-radius: 12px; white-space: pre-wrap; word-wrap: break-word; font-size: 14px; line-height: 1.4; }
  .customer { margin-left: auto; background: #52796f; color: #fff; border-bottom-right-radius: 3px; }
  .assistant, .agent { background: #fff; border: 1px solid #e3e6e4; border-bottom-left-radius: 3px; }
  .system { margin: 8px auto; background: none; color: #5c6b73; font-size: 12px; text-align: center; }
  .label { display: block; font-size: 11px; color: #5c6b73; margin-bottom: 3px; font-weight: 600; }
  form.send { display: flex; gap: 6px; padding: 10px; border-top: 1px solid #e3e6e4; }
  textarea { flex: 1; resize: none; border: 1px solid #cfd6d3; border-radius: 8px; padding: 8px; font-size: 14px; height: 40px; }
  button.primary { background: #2f3e46; color: #fff; border: 0; border-radius: 8px; padding: 0 14px; cursor: pointer; font-size: 14px; }
  form.prechat { padding: 16px; display: flex; flex-direction: column; gap: 10px; }
  form.prechat label { font-size: 13px; color: #354f52; display: flex; flex-direction: column; gap: 4px; }
  form.prechat input { border: 1px solid #cfd6d3; border-radius: 8px; padding: 8px; font-size: 14px; }
  form.prechat button { height: 38px; }
  .error { color: #9b2226; font-size: 12px; padding: 0 12px 8px; min-height: 1em; }
  @media (max-width: 480px) { .panel { right: 0; bottom: 0; width: 100vw; max-width: 100vw; height: 100vh; max-height: 100vh; border-radius: 0; } }
</style>
<button class="bubble" type="button" aria-label="Open chat" aria-expanded="false">💬</button>
<section class="panel" role="dialog" aria-label="Chat with us">
  <header><h2 class="title">Chat with us</h2><button type="button" class="close" aria-label="Close chat">×</button></header>
  <form class="prechat" hidden>
    <p class="intro"></p>
    <label>Name <input name="name" autocomplete="name" maxlength="200"></label>
    <label>Email <input name="email" type="email" autocomplete="email" maxlength="254"></label>
    <button class="primary" type="submit">Start chat</button>
  </form>
  <div class="log" role="log" aria-live="polite" hidden></div>
  <div class="error" role="alert"></div>
  <form class="send" hidden>
    <textarea name="text" aria-label="Message" placeholder="Type your message…" maxlength="20000"></textarea>
    <button class="primary" type="submit">Send</button>
  </form>
</section>`;
  document.body.appendChild(host);

  const $ = <T extends Element>(sel: string) => root.querySelector(sel) as T;
  const bubble = $<HTMLButtonElement>(".bubble");
  const panel = $<HTMLElement>(".panel");
  const log = $<HTMLDivElement>(".log");
  const prechat = $<HTMLFormElement>("form.prechat");
  const sendForm = $<HTMLFormElement>("form.send");
  const textarea = $<HTMLTextAreaElement>("textarea");
  const errorBox = $<HTMLDivElement>(".error");
  const seen = new Set<string>();
  let session: Session | null = load();
  let config: Config = { storeName: "Chat with us", greeting: "Hi! How can we help?", preChatForm: true };
  let socket: WebSocket | null = null;
  let retry = 0;

  function load(): Session | null {
    try { return JSON.parse(localStorage.getItem(storageKey) || "null"); } catch (e) { return null; }
  }

  async function api(path: string, init?: RequestInit): Promise<any> {
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    if (session) { headers["X-Visitor-Token"] = session.visitorToken; }
    const res = await fetch(origin + path, Object.assign({ headers }, init));
    const body = res.status === 204 ? null : await res.json().catch(() => null);
    if (!res.ok) {
      const err = new Error((body && (body.detail || body.title)) || "Something went wrong (" + res.status + ")");
      (err as any).status = res.status;
      throw err;
    }
    return body;
  }

  function render(m: Message) {
    if (seen.has(m.id)) { return; }
    seen.add(m.id);
    const div = document.createElement("div");
    div.className = "msg " + m.author;
    if (m.author === "assistant" || m.author === "agent") {
      const label = document.createElement("span");
      label.className = "label";
      label.textContent = m.author === "assistant" ? "AI assistant" : "Support team";
      div.appendChild(label);
    }
    div.appendChild(document.createTextNode(m.text));
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
  }

  function greet() {
    if (log.childElementCount === 0) {
      render({ id: "greeting", author: "assistant", text: config.greeting, source: null, createdAt: "" });
    }
  }

  async function refresh() {
    if (!session) { return; }
    try {
      const thread: Message[] = await api("/api/widget/conversations/" + session.conversationId + "/messages");
      thread.forEach(render);
    } catch (e: any) {
      if (e.status === 404 || e.status === 401) { forget(); }
    }
  }

  function connect() {
    if (!session || socket) { return; }
    const url = origin.replace(/^http/, "ws") + "/ws/widget/conversations/" + session.conversationId
      + "?token=" + encodeURIComponent(session.visitorToken);
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => { retry = 0; };
    ws.onmessage = (ev) => {
      try {
        const data = JSON.parse(ev.data);
        if (data.type === "ready") { refresh(); }
        if (data.type === "message") { render(data.message); }
      } catch (e) { /* ignore */ }
    };
    ws.onclose = () => {
      socket = null;
      if (!session) { return; }
      retry = Math.min(retry + 1, 6);
      setTimeout(connect, 500 * Math.pow(2, retry));
    };
  }

  function forget() {
    session = null;
    localStorage.removeItem(storageKey);
    if (socket) { socket.close(); socket = null; }
    showForm();
  }

  function showForm() {
    const usePrechat = !session && config.preChatForm;
    prechat.hidden = !usePrechat;
    log.hidden = usePrechat;
    sendForm.hidden = usePrechat;
    if (!usePrechat) { greet(); }
  }

  async function start(name?: string, email?: string) {
    const body: Record<string, string> = {};
    if (name) { body.name = name; }
    if (email) { body.email = email; }
    const created = await api("/api/widget/" + encodeURIComponent(widgetKey) + "/conversations", { method: "POST", body: JSON.stringify(body) });
    session = { conversationId: created.conversationId, visitorToken: created.visitorToken };
    localStorage.setItem(storageKey, JSON.stringify(session));
    connect();
  }

  async function send(text: string) {
    if (!session) { await start(); }
    const key = (window.crypto && (crypto as any).randomUUID) ? (crypto as any).randomUUID() : String(Date.now()) + Math.random();
    const msg: Message = await api("/api/widget/conversations/" + session!.conversationId + "/messages", {
      method: "POST", body: JSON.stringify({ text }), headers: {
        "Content-Type": "application/json", "X-Visitor-Token": session!.visitorToken, "Idempotency-Key": key,
      },
    });
    render(msg);
  }

  function toggle(open: boolean) {
    panel.classList.toggle("open", open);
    bubble.setAttribute("aria-expanded", String(open));
    bubble.setAttribute("aria-label", open ? "Close chat" : "Open chat");
    if (open) { showForm(); (prechat.hidden ? textarea : prechat.querySelector("input"))!.focus(); }
  }

  bubble.addEventListener("click", () => toggle(!panel.classList.contains("open")));
  $<HTMLButtonElement>(".close").addEventListener("click", () => { toggle(false); bubble.focus(); });
  root.addEventListener("keydown", (e) => { if ((e as KeyboardEvent).key === "Escape") { toggle(false); bubble.focus(); } });

  prechat.addEventListener("submit", async (e) => {
    e.preventDefault();
    errorBox.textContent = "";
    const data = new FormData(prechat);
    try {
      await start(String(data.get("name") || "").trim(), String(data.get("email") || "").trim());
      showForm();
      textarea.focus();
    } catch (err: any) { errorBox.textContent = err.message; }
  });

  sendForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    const text = textarea.value.trim();
    if (!text) { return; }
    errorBox.textContent = "";
    textarea.value = "";
    try { await send(text); } catch (err: any) { errorBox.textContent = err.message; textarea.value = text; }
  });
  textarea.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); sendForm.requestSubmit(); }
  });

  api("/api/widget/" + encodeURIComponent(widgetKey) + "/config").then((c: Config) => {
    config = c;
    $<HTMLElement>(".title").textContent = c.storeName;
    $<HTMLElement>(".intro").textContent = c.greeting + " Tell us who you are so we can look up your orders.";
  }).catch(() => { /* keep defaults */ });
  if (session) { connect(); refresh(); }
})();
