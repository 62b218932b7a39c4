/*
 * The widget's Help tab and "These might answer it" suggestions (its own module; widget.ts calls mountHelp).
 * - A tab bar under the header: "Help" (search box, the most viewed answers, an answer with "Did this answer
 *   your question?") and "Chat". Help is the first view for a shopper who has not written yet; its content is
 *   loaded when the tab is first shown.
 * - While the shopper types in the chat box before their first message, matching answers appear above it;
 *   sending anyway starts the conversation as before.
 * - "No results - ask us" opens the chat with the search text in the message box.
 * Everything shown is text (answers with http(s) links), never HTML from the server.
 */
import { linkParts } from "./thread";

export interface HelpItem { id: string; question: string; answer: string; category: string | null; url: string }

export interface HelpHost {
  host: HTMLElement;
  root: ShadowRoot;
  panel: HTMLElement;
  header: HTMLElement;
  textarea: HTMLTextAreaElement;
  sendForm: HTMLFormElement;
  origin: string;
  widgetKey: string;
  /** true while the shopper has not written in this browser (suggestions and the Help tab first) */
  beforeFirstMessage(): boolean;
  /** opens the panel */
  open(): void;
}

export interface Help {
  /** shows the chat (optionally with text in the message box) */
  chat(text?: string): void;
  /** the panel opened: Help first for a shopper who has not written yet, unless {@code chat} (a proactive cue) */
  opened(chat: boolean): void;
  /** tells the help center that this help session started a conversation */
  conversationStarted(): void;
}

export const HELP_CSS = `
  [hidden] { display: none !important; }
  .tabs { display: flex; border-bottom: 1px solid #e5e7eb; background: #fff; }
  .tabs button { flex: 1; border: 0; background: none; padding: 10px; font-size: 14px; cursor: pointer; color: #4b5563; border-bottom: 3px solid transparent; }
  .tabs button[aria-selected=true] { color: #111827; font-weight: 600; border-bottom-color: var(--accent-text); }
  .panel.help-on > :not(header):not(.tabs):not(.help) { display: none !important; }
  .help { display: none; flex: 1; overflow-y: auto; padding: 12px; background: #f6f7f9; }
  .panel.help-on > .help { display: block; }
  .help label { font-size: 13px; font-weight: 600; display: block; margin-bottom: 4px; }
  .help input { width: 100%; border: 1px solid #9ca3af; border-radius: 8px; padding: 9px; font-size: 14px; }
  .help h3 { font-size: 13px; margin: 14px 0 6px; color: #374151; }
  .help ul, .suggest ul { list-style: none; margin: 0; padding: 0; }
  .help li button, .suggest li button { width: 100%; text-align: left; background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 9px 10px; margin-bottom: 6px; font-size: 14px; cursor: pointer; color: #1f2937; }
  .help .answer { background: #fff; border: 1px solid #e5e7eb; border-radius: 10px; padding: 12px; font-size: 14px; line-height: 1.45; white-space: pre-wrap; word-wrap: break-word; }
  .help .answer h4 { margin: 0 0 8px; font-size: 15px; white-space: normal; }
  .help .answer a { color: #1d4ed8; }
  .help .row { display: flex; gap: 8px; margin-top: 10px; flex-wrap: wrap; align-items: center; font-size: 13px; }
  .help .row button { border: 1px solid #6b7280; background: #fff; border-radius: 8px; padding: 5px 12px; cursor: pointer; font-size: 13px; }
  .help .none { font-size: 14px; }
  .suggest { flex-shrink: 0; padding: 8px 10px 0; background: #fff; border-top: 1px solid #e5e7eb; max-height: 40%; overflow-y: auto; }
  .suggest p { margin: 0 0 6px; font-size: 12px; font-weight: 600; color: #374151; }
`;

export function mountHelp(h: HelpHost): Help {
  const base = h.origin + "/help/" + encodeURIComponent(h.widgetKey);
  const tabs = document.createElement("div");
  tabs.className = "tabs";
  tabs.setAttribute("role", "tablist");
  const helpTab = tab("Help", "help");
  const chatTab = tab("Chat", "chat");
  tabs.append(helpTab, chatTab);
  const view = document.createElement("div");
  view.className = "help";
  view.id = "handoff-help";
  view.setAttribute("role", "tabpanel");
  view.setAttribute("aria-label", "Help");
  h.header.after(tabs, view);
  const suggest = document.createElement("div");
  suggest.className = "suggest";
  suggest.hidden = true;
  suggest.setAttribute("aria-live", "polite");
  h.sendForm.before(suggest);

  let loaded = false;
  let seq = 0;
  let suggestSeq = 0;
  let timer = 0;
  let suggestTimer = 0;
  let session: string | null = null;
  let list: HTMLElement = document.createElement("div");
  let search: HTMLInputElement;

  function tab(label: string, name: string): HTMLButtonElement {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.setAttribute("role", "tab");
    b.setAttribute("data-tab", name);
    b.addEventListener("click", () => show(name === "help"));
    return b;
  }

  function helpSession(): string | null {
    if (session) return session;
    try {
      session = localStorage.getItem("handoff:help:session");
      if (!session) {
        session = window.crypto && "randomUUID" in crypto ? crypto.randomUUID() : String(Date.now()) + "-" + Math.random().toString(36).slice(2);
        localStorage.setItem("handoff:help:session", session);
      }
    } catch (e) { session = null; }
    return session;
  }

  function report(event: Record<string, string>): void {
    const s = helpSession();
    if (!s) return;
    fetch(base + "/events", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ ...event, session: s }), keepalive: true })
      .catch(() => { /* measuring only */ });
  }

  async function get(path: string): Promise<any> {
    const res = await fetch(base + path);
    if (!res.ok) throw new Error("help " + res.status);
    return res.json();
  }

  function show(help: boolean): void {
    h.panel.classList.toggle("help-on", help);
    helpTab.setAttribute("aria-selected", String(help));
    chatTab.setAttribute("aria-selected", String(!help));
    if (help) {
      if (!loaded) build();
      search.focus();
    } else {
      h.textarea.focus();
    }
  }

  function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  function build(): void {
    loaded = true;
    const label = el("label", "Search our help center");
    label.htmlFor = "handoff-help-q";
    search = el("input");
    search.id = "handoff-help-q";
    search.type = "search";
    search.maxLength = 200;
    search.placeholder = "e.g. When will my order arrive?";
    search.autocomplete = "off";
    list = el("div");
    list.setAttribute("aria-live", "polite");
    view.replaceChildren(label, search, list);
    search.addEventListener("input", () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(find, 200);
    });
    popular();
  }

  function items(title: string, found: HelpItem[]): void {
    const ul = el("ul");
    for (const item of found) {
      const b = el("button", item.question);
      b.type = "button";
      b.addEventListener("click", () => answer(item));
      const li = el("li");
      li.append(b);
      ul.append(li);
    }
    list.replaceChildren(el("h3", title), ul);
  }

  function popular(): void {
    const mine = ++seq;
    get("/popular?limit=5").then((found: HelpItem[]) => {
      if (mine !== seq) return;
      if (found.length) { items("Most viewed", found); return; }
      // nothing published: no Help tab, just the chat
      tabs.hidden = true;
      show(false);
    }).catch(() => list.replaceChildren());
  }

  function find(): void {
    const q = search.value.trim();
    if (q.length < 2) { popular(); return; }
    const mine = ++seq;
    const s = helpSession();
    get("/search?q=" + encodeURIComponent(q) + (s ? "&session=" + encodeURIComponent(s) : "")).then((data: { results: HelpItem[] }) => {
      if (mine !== seq) return;
      if (data.results.length) { items("Answers", data.results); return; }
      const ask = el("button", "Ask us");
      ask.type = "button";
      ask.addEventListener("click", () => help.chat(q));
      const row = el("div", undefined, "row");
      row.append(el("span", "No results."), ask);
      list.replaceChildren(row);
    }).catch(() => { /* keep what is shown */ });
  }

  function answer(item: HelpItem): void {
    if (!loaded) build();
    show(true);
    seq++;
    report({ kind: "view", itemId: item.id });
    const box = el("div", undefined, "answer");
    box.append(el("h4", item.question));
    for (const p of linkParts(item.answer)) {
      if (p.href) {
        const a = el("a", p.text);
        a.href = p.href;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        box.append(a);
      } else box.append(document.createTextNode(p.text));
    }
    const feedback = el("div", undefined, "row");
    const yes = el("button", "Yes");
    const no = el("button", "No");
    yes.type = no.type = "button";
    feedback.append(el("span", "Did this answer your question?"), yes, no);
    const vote = (helpful: boolean) => {
      fetch(item.url + "/feedback", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ helpful, session: helpSession() }) })
        .catch(() => { /* measuring only */ });
      if (helpful) feedback.replaceChildren(el("span", "Thanks for letting us know!"));
      else {
        const ask = el("button", "Ask us");
        ask.type = "button";
        ask.addEventListener("click", () => help.chat(item.question));
        feedback.replaceChildren(el("span", "Sorry about that."), ask);
      }
    };
    yes.addEventListener("click", () => vote(true));
    no.addEventListener("click", () => vote(false));
    const nav = el("div", undefined, "row");
    const back = el("button", "Back");
    back.type = "button";
    back.addEventListener("click", () => { search.value.trim().length >= 2 ? find() : popular(); });
    const page = el("a", "View on the help center");
    page.href = item.url;
    page.target = "_blank";
    page.rel = "noopener";
    nav.append(back, page);
    list.replaceChildren(box, feedback, nav);
    back.focus();
  }

  function suggestFor(): void {
    const q = h.textarea.value.trim();
    if (!h.beforeFirstMessage() || q.length < 3) { suggest.hidden = true; suggestSeq++; return; }
    const mine = ++suggestSeq;
    get("/search?limit=3&q=" + encodeURIComponent(q)).then((data: { results: HelpItem[] }) => {
      if (mine !== suggestSeq || !data.results.length) { if (mine === suggestSeq) suggest.hidden = true; return; }
      const ul = el("ul");
      for (const item of data.results) {
        const b = el("button", item.question);
        b.type = "button";
        b.addEventListener("click", () => answer(item));
        const li = el("li");
        li.append(b);
        ul.append(li);
      }
      suggest.replaceChildren(el("p", "These might answer it"), ul);
      suggest.hidden = false;
    }).catch(() => { suggest.hidden = true; });
  }

  h.textarea.addEventListener("input", () => {
    window.clearTimeout(suggestTimer);
    suggestTimer = window.setTimeout(suggestFor, 300);
  });
  h.sendForm.addEventListener("submit", () => { suggestSeq++; suggest.hidden = true; });

  const help: Help = {
    chat(text?: string): void {
      h.open();
      show(false);
      if (text) { h.textarea.value = text; h.textarea.focus(); }
    },
    opened(chat: boolean): void {
      show(!tabs.hidden && !chat && h.beforeFirstMessage());
    },
    conversationStarted(): void {
      if (localStorage.getItem("handoff:help:session")) report({ kind: "conversation" });
    },
  };
  window.addEventListener("handoff:ask", (e) => help.chat(((e as CustomEvent).detail || {}).text || ""));
  h.host.setAttribute("data-ready", "");
  window.dispatchEvent(new CustomEvent("handoff:ready"));
  return help;
}
