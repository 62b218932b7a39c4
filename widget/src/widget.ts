/*
 * Handoff storefront chat widget. One dependency-free script:
 *   <script src="https://helpdesk.example.com/widget.js" data-widget-key="YOUR_KEY" defer></script>
 * A bubble in the corner the store chose opens the chat (styles isolated in a shadow root; keyboard
 * and screen-reader accessible; full screen on narrow phones). An optional pre-chat form asks for
 * name and email. The conversation id and visitor token are kept in localStorage, so the chat
 * survives page loads and visits. Messages, typing and read receipts arrive over a WebSocket that
 * reconnects by itself; after every (re)connect the thread is re-read and merged by id, so nothing
 * is lost or shown twice. Shoppers can send a photo; resolved conversations ask for a rating;
 * outside business hours the store's offline message shows; proactive cues open the chat with a
 * message. Message text is always rendered as text, with http(s) links made clickable.
 */
import { cueFor, linkParts, placeOf, type Cue, type Timed } from "./thread";
import { HELP_CSS, mountHelp, type Help } from "./help";

interface Attachment { id: string; filename: string | null; contentType: string; sizeBytes: number }
interface Message extends Timed { author: "customer" | "assistant" | "agent" | "system"; text: string; source: string | null; attachments?: Attachment[] }
interface Session { conversationId: string; visitorToken: string }
interface Config {
  storeName: string; greeting: string; preChatForm: boolean; open: boolean; offlineMessage: string | null; expectedResponse: string;
  enabled: boolean; color: string; position: string; proactiveCues: Cue[];
}

const script = (document.currentScript as HTMLScriptElement | null) || document.querySelector<HTMLScriptElement>("script[data-widget-key]");
if (script) start(script);

function start(script: HTMLScriptElement): void {
  const widgetKey = script.getAttribute("data-widget-key") || "";
  const origin = new URL(script.src, location.href).origin;
  const storageKey = "handoff:" + widgetKey;

  const host = document.createElement("div");
  host.setAttribute("data-handoff-widget", "");
  const root = host.attachShadow({ mode: "open" });
  root.innerHTML = `
<style>
  :host { all: initial; --accent: #2563eb; }
  * { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  .bubble { position: fixed; bottom: 20px; right: 20px; width: 56px; height: 56px; border-radius: 50%; border: 0;
    background: var(--accent); color: #fff; font-size: 26px; cursor: pointer; box-shadow: 0 4px 14px rgba(0,0,0,.25); z-index: 2147483646; }
  .left .bubble, .left .panel { right: auto; left: 20px; }
  .bubble:focus-visible, button:focus-visible, input:focus-visible, textarea:focus-visible, a:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
  .panel { position: fixed; right: 20px; bottom: 88px; width: 370px; max-width: calc(100vw - 24px); height: 540px;
    max-height: calc(100vh - 110px); background: #fff; border-radius: 14px; box-shadow: 0 8px 30px rgba(0,0,0,.25);
    display: none; flex-direction: column; overflow: hidden; z-index: 2147483647; color: #1f2937; }
  .panel.open { display: flex; }
  header { background: var(--accent); color: #fff; padding: 14px 16px; display: flex; justify-content: space-between; align-items: center; }
  header h2 { font-size: 16px; margin: 0; }
  header button { background: none; border: 0; color: #fff; font-size: 22px; cursor: pointer; }
  .offline { background: #fffbeb; color: #92400e; font-size: 13px; padding: 8px 12px; margin: 0; }
  .log { flex: 1; overflow-y: auto; padding: 12px; background: #f6f7f9; }
  .msg { max-width: 85%; margin: 6px 0; padding: 8px 11px; border-radius: 12px; white-space: pre-wrap; word-wrap: break-word; font-size: 14px; line-height: 1.4; }
  .msg a { color: inherit; text-decoration: underline; }
  .customer { margin-left: auto; background: var(--accent); color: #fff; border-bottom-right-radius: 3px; }
  .assistant, .agent { background: #fff; border: 1px solid #e5e7eb; border-bottom-left-radius: 3px; }
  .system { margin: 8px auto; background: none; color: #6b7280; font-size: 12px; text-align: center; }
  .label { display: block; font-size: 11px; color: #6b7280; margin-bottom: 3px; font-weight: 600; }
  .ai { background: #7c3aed; color: #fff; border-radius: 4px; padding: 0 4px; margin-right: 4px; font-size: 10px; }
  .msg img { display: block; max-width: 100%; max-height: 200px; border-radius: 8px; margin-top: 4px; }
  .receipt, .typing { font-size: 11px; color: #6b7280; text-align: right; margin: 0 4px; min-height: 14px; }
  .typing { text-align: left; padding: 0 12px; }
  form.send { display: flex; gap: 6px; padding: 10px; border-top: 1px solid #e5e7eb; align-items: center; }
  textarea { flex: 1; resize: none; border: 1px solid #d1d5db; border-radius: 8px; padding: 8px; font-size: 14px; height: 40px; }
  button.primary { background: var(--accent); color: #fff; border: 0; border-radius: 8px; padding: 0 14px; height: 40px; cursor: pointer; font-size: 14px; }
  label.attach { cursor: pointer; font-size: 20px; padding: 0 4px; }
  label.attach input { position: absolute; width: 1px; height: 1px; opacity: 0; }
  form.prechat, .survey { padding: 16px; display: flex; flex-direction: column; gap: 10px; }
  form.prechat label { font-size: 13px; display: flex; flex-direction: column; gap: 4px; }
  form.prechat input, .survey textarea { border: 1px solid #d1d5db; border-radius: 8px; padding: 8px; font-size: 14px; }
  .survey { background: #fff; border-top: 1px solid #e5e7eb; padding: 10px 12px; }
  .survey p { margin: 0; font-size: 14px; }
  .survey .thumbs { display: flex; gap: 8px; }
  .survey .thumbs button { font-size: 20px; border: 1px solid #d1d5db; background: #fff; border-radius: 8px; padding: 4px 14px; cursor: pointer; }
  .error { color: #b91c1c; font-size: 12px; padding: 0 12px; min-height: 1em; }
  .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  ${HELP_CSS}
  @media (max-width: 480px) { .panel, .left .panel { right: 0; left: 0; bottom: 0; width: 100vw; max-width: 100vw; height: 100%; max-height: 100%; border-radius: 0; } }
</style>
<div class="frame">
<button class="bubble" type="button" aria-label="Open chat" aria-expanded="false" aria-controls="handoff-panel">💬</button>
<section class="panel" id="handoff-panel" role="dialog" aria-modal="false" aria-labelledby="handoff-title">
  <header><h2 class="title" id="handoff-title">Chat with us</h2><button type="button" class="close" aria-label="Close chat">×</button></header>
  <p class="offline" hidden></p>
  <form class="prechat" hidden>
    <p class="intro"></p>
    <label>Name <input name="name" autocomplete="name" maxlength="200"></label>
    <label>Email <input name="email" type="email" autocomplete="email" maxlength="254"></label>
    <button class="primary" type="submit">Start chat</button>
  </form>
  <div class="log" role="log" aria-live="polite" aria-label="Messages" tabindex="0" hidden></div>
  <p class="typing" aria-live="polite"></p>
  <div class="survey" hidden>
    <p>How did we do?</p>
    <div class="thumbs"><button type="button" data-rating="up" aria-label="Good">👍</button><button type="button" data-rating="down" aria-label="Bad">👎</button></div>
    <textarea name="comment" aria-label="Comment (optional)" placeholder="Anything to add? (optional)" maxlength="2000" hidden></textarea>
  </div>
  <div class="error" role="alert"></div>
  <form class="send" hidden>
    <label class="attach" title="Send a photo"><span aria-hidden="true">📎</span><span class="sr">Send a photo or PDF</span><input type="file" name="file" accept="image/*,application/pdf"></label>
    <textarea name="text" aria-label="Message" placeholder="Type your message…" maxlength="20000"></textarea>
    <button class="primary" type="submit">Send</button>
  </form>
</section>
</div>`;

  const $ = <T extends Element>(sel: string) => root.querySelector(sel) as T;
  const frame = $<HTMLDivElement>(".frame");
  const bubble = $<HTMLButtonElement>(".bubble");
  const panel = $<HTMLElement>(".panel");
  const log = $<HTMLDivElement>(".log");
  const prechat = $<HTMLFormElement>("form.prechat");
  const sendForm = $<HTMLFormElement>("form.send");
  const textarea = $<HTMLTextAreaElement>("form.send textarea");
  const fileInput = $<HTMLInputElement>("input[type=file]");
  const errorBox = $<HTMLDivElement>(".error");
  const typing = $<HTMLParagraphElement>(".typing");
  const survey = $<HTMLDivElement>(".survey");
  const offline = $<HTMLParagraphElement>(".offline");
  const thread: Message[] = [];
  let session: Session | null = load();
  let config: Config | null = null;
  let socket: WebSocket | null = null;
  let retry = 0;
  let lastTypingSent = 0;
  let typingTimer = 0;
  let agentReadAt = 0;
  let help: Help | null = null;

  function load(): Session | null {
    try { return JSON.parse(localStorage.getItem(storageKey) || "null"); } catch (e) { return null; }
  }

  async function api(path: string, init: RequestInit = {}): Promise<any> {
    const headers: Record<string, string> = {};
    if (!(init.body instanceof FormData)) headers["Content-Type"] = "application/json";
    if (session) headers["X-Visitor-Token"] = session.visitorToken;
    const res = await fetch(origin + path, { ...init, headers: { ...headers, ...(init.headers as Record<string, string> || {}) } });
    const body = res.status === 204 ? null : await res.json().catch(() => null);
    if (!res.ok) {
      const err = new Error((body && (body.detail || body.title)) || "Something went wrong (" + res.status + ")") as Error & { status?: number };
      err.status = res.status;
      throw err;
    }
    return body;
  }

  function fileUrl(a: Attachment): string {
    return origin + "/api/widget/conversations/" + session!.conversationId + "/attachments/" + a.id + "?token=" + encodeURIComponent(session!.visitorToken);
  }

  function bubbleOf(m: Message): HTMLElement {
    const div = document.createElement("div");
    div.className = "msg " + m.author;
    div.setAttribute("data-id", m.id);
    if (m.author === "assistant" || m.author === "agent") {
      const label = document.createElement("span");
      label.className = "label";
      if (m.author === "assistant") {
        const ai = document.createElement("span");
        ai.className = "ai";
        ai.textContent = "AI";
        label.append(ai, "Assistant");
      } else {
        label.textContent = "Support team";
      }
      div.appendChild(label);
    }
    for (const p of linkParts(m.text)) {
      if (p.href) {
        const a = document.createElement("a");
        a.href = p.href;
        a.textContent = p.text;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        div.appendChild(a);
      } else div.appendChild(document.createTextNode(p.text));
    }
    for (const a of m.attachments || []) {
      if (!session) break;
      if (a.contentType.indexOf("image/") === 0) {
        const img = document.createElement("img");
        img.src = fileUrl(a);
        img.alt = a.filename || "photo";
        div.appendChild(img);
      } else {
        const link = document.createElement("a");
        link.href = fileUrl(a);
        link.textContent = "📄 " + (a.filename || "file");
        link.target = "_blank";
        div.appendChild(document.createElement("br"));
        div.appendChild(link);
      }
    }
    return div;
  }

  function render(m: Message): void {
    const at = placeOf(thread, m);
    if (at < 0) return;
    thread.splice(at, 0, m);
    const next = thread[at + 1];
    log.insertBefore(bubbleOf(m), next ? log.querySelector('[data-id="' + next.id + '"]') : null);
    if (m.author !== "customer") typing.textContent = "";
    if (m.author === "system") void checkSurvey();
    receipts();
    log.scrollTop = log.scrollHeight;
    if (m.author !== "customer" && panel.classList.contains("open")) sendEvent("read");
  }

  function receipts(): void {
    root.querySelectorAll(".receipt").forEach((r) => r.remove());
    const mine = thread.filter((m) => m.author === "customer");
    const last = mine[mine.length - 1];
    if (!last || log.hidden) return;
    const el = log.querySelector('[data-id="' + last.id + '"]');
    if (!el) return;
    const r = document.createElement("div");
    r.className = "receipt";
    r.textContent = agentReadAt >= Date.parse(last.createdAt) ? "Seen" : "Sent";
    el.after(r);
  }

  function greet(): void {
    if (!config) return;
    if (!log.querySelector(".greeting")) {
      const g = bubbleOf({ id: "greeting", author: "assistant", text: config.greeting, source: null, createdAt: "" });
      g.classList.add("greeting");
      g.querySelector(".label")!.textContent = config.storeName;
      log.prepend(g);
    }
  }

  async function refresh(): Promise<void> {
    if (!session) return;
    try {
      const messages: Message[] = await api("/api/widget/conversations/" + session.conversationId + "/messages");
      messages.forEach(render);
      void checkSurvey();
    } catch (e) {
      const status = (e as { status?: number }).status;
      if (status === 404 || status === 401) forget();
    }
  }

  function sendEvent(type: "typing" | "read"): void {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type }));
  }

  function connect(): void {
    if (!session || socket) return;
    const url = origin.replace(/^http/, "ws") + "/ws/widget/conversations/" + session.conversationId + "?token=" + encodeURIComponent(session.visitorToken);
    const ws = new WebSocket(url);
    socket = ws;
    ws.onmessage = (ev) => {
      let data: any;
      try { data = JSON.parse(ev.data); } catch (e) { return; }
      if (data.type === "ready") { retry = 0; host.setAttribute("data-connected", "true"); void refresh(); }
      if (data.type === "message") render(data.message);
      if (data.type === "typing" && data.by === "agent") {
        typing.textContent = "Support is typing…";
        clearTimeout(typingTimer);
        typingTimer = window.setTimeout(() => { typing.textContent = ""; }, 4000);
      }
      if (data.type === "read" && data.by === "agent") { agentReadAt = Date.parse(data.at); receipts(); }
    };
    ws.onclose = () => {
      socket = null;
      host.removeAttribute("data-connected");
      if (!session) return;
      retry = Math.min(retry + 1, 5);
      window.setTimeout(connect, 250 * Math.pow(2, retry));
    };
  }

  function forget(): void {
    session = null;
    localStorage.removeItem(storageKey);
    if (socket) { socket.close(); socket = null; }
    thread.length = 0;
    log.replaceChildren();
    showForm();
  }

  function showForm(): void {
    const usePrechat = !session && !!config && config.preChatForm;
    prechat.hidden = !usePrechat;
    log.hidden = usePrechat;
    sendForm.hidden = usePrechat;
    if (!usePrechat) greet();
  }

  async function begin(name?: string, email?: string): Promise<void> {
    const body: Record<string, string> = {};
    if (name) body.name = name;
    if (email) body.email = email;
    const created = await api("/api/widget/" + encodeURIComponent(widgetKey) + "/conversations", { method: "POST", body: JSON.stringify(body) });
    session = { conversationId: created.conversationId, visitorToken: created.visitorToken };
    localStorage.setItem(storageKey, JSON.stringify(session));
    if (help) help.conversationStarted();
    connect();
  }

  function key(): string {
    return window.crypto && "randomUUID" in crypto ? crypto.randomUUID() : String(Date.now()) + Math.random();
  }

  async function send(text: string, file: File | null): Promise<void> {
    if (!session) await begin();
    const path = "/api/widget/conversations/" + session!.conversationId;
    if (file) {
      const form = new FormData();
      form.append("file", file);
      if (text) form.append("caption", text);
      render(await api(path + "/attachments", { method: "POST", body: form, headers: { "Idempotency-Key": key() } }));
    } else {
      render(await api(path + "/messages", { method: "POST", body: JSON.stringify({ text }), headers: { "Idempotency-Key": key() } }));
    }
  }

  async function checkSurvey(): Promise<void> {
    if (!session) return;
    try {
      const s = await api("/api/widget/conversations/" + session.conversationId + "/survey");
      survey.hidden = !(s.open && !s.rating);
    } catch (e) { survey.hidden = true; }
  }

  survey.addEventListener("click", async (e) => {
    const rating = (e.target as HTMLElement).getAttribute("data-rating");
    if (!rating || !session) return;
    const comment = $<HTMLTextAreaElement>(".survey textarea");
    try {
      await api("/api/widget/conversations/" + session.conversationId + "/rating", { method: "POST", body: JSON.stringify({ rating, comment: comment.value || null }) });
      survey.replaceChildren(Object.assign(document.createElement("p"), { textContent: "Thank you for your feedback!" }));
    } catch (err) { errorBox.textContent = (err as Error).message; }
  });

  function toggle(open: boolean, cue = false): void {
    panel.classList.toggle("open", open);
    bubble.setAttribute("aria-expanded", String(open));
    bubble.setAttribute("aria-label", open ? "Close chat" : "Open chat");
    if (open) {
      showForm();
      receipts();
      sendEvent("read");
      (prechat.hidden ? textarea : prechat.querySelector("input"))!.focus();
      if (help) help.opened(cue);
    }
  }

  bubble.addEventListener("click", () => toggle(!panel.classList.contains("open")));
  $<HTMLButtonElement>(".close").addEventListener("click", () => { toggle(false); bubble.focus(); });
  root.addEventListener("keydown", (e) => { if ((e as KeyboardEvent).key === "Escape") { toggle(false); bubble.focus(); } });

  prechat.addEventListener("submit", async (e) => {
    e.preventDefault();
    errorBox.textContent = "";
    const data = new FormData(prechat);
    try {
      await begin(String(data.get("name") || "").trim(), String(data.get("email") || "").trim());
      showForm();
      textarea.focus();
    } catch (err) { errorBox.textContent = (err as Error).message; }
  });

  sendForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    const text = textarea.value.trim();
    const file = fileInput.files && fileInput.files[0] || null;
    if (!text && !file) return;
    errorBox.textContent = "";
    textarea.value = "";
    lastTypingSent = 0; // the next keystroke starts a new "typing" (the throttle is per burst of typing)
    try {
      await send(text, file);
      fileInput.value = "";
    } catch (err) { errorBox.textContent = (err as Error).message; textarea.value = text; }
  });
  fileInput.addEventListener("change", () => { if (fileInput.files && fileInput.files[0]) sendForm.requestSubmit(); });
  textarea.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); sendForm.requestSubmit(); }
  });
  textarea.addEventListener("input", () => {
    if (Date.now() - lastTypingSent > 2000) { lastTypingSent = Date.now(); sendEvent("typing"); }
  });

  function proactive(cues: Cue[]): void {
    const cue = cueFor(cues, location.href);
    const shownKey = storageKey + ":cue:" + location.pathname;
    if (!cue || sessionStorage.getItem(shownKey)) return;
    window.setTimeout(() => {
      if (panel.classList.contains("open")) return;
      sessionStorage.setItem(shownKey, "1");
      toggle(true, true);
      render({ id: "cue:" + cue.urlContains, author: "assistant", text: cue.message, source: null, createdAt: new Date().toISOString() });
    }, cue.afterSeconds * 1000);
  }

  api("/api/widget/" + encodeURIComponent(widgetKey) + "/config").then((c: Config) => {
    config = c;
    if (!c.enabled) return;
    host.style.setProperty("--accent", c.color);
    frame.classList.toggle("left", c.position === "bottom-left");
    $<HTMLElement>(".title").textContent = c.storeName;
    $<HTMLElement>(".intro").textContent = c.greeting + " Tell us who you are so we can look up your orders.";
    if (!c.open && c.offlineMessage) { offline.hidden = false; offline.textContent = c.offlineMessage + " " + c.expectedResponse; }
    document.body.appendChild(host);
    help = mountHelp({ host, root, panel, header: $<HTMLElement>("header"), textarea, sendForm, origin, widgetKey,
      beforeFirstMessage: () => !session, open: () => { if (!panel.classList.contains("open")) toggle(true); } });
    showForm();
    proactive(c.proactiveCues || []);
    if (session) { connect(); void refresh(); }
  }).catch(() => { /* the store's helpdesk is unreachable: show nothing rather than a broken chat */ });
}
