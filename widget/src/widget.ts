/*
 * Handoff storefront chat widget. One dependency-free script:
 *   <script src="https://helpdesk.example.com/widget.js" data-widget-key="YOUR_KEY" defer></script>
 * A bubble in the corner the store chose opens the chat (styles isolated in a shadow root; keyboard
 * and screen-reader accessible; full screen on narrow phones). An optional pre-chat form asks for
 * name and email before the first message; only sections that are due are shown (view.ts); the
 * conversation is created by the first message, not by opening the chat. Each message shows its
 * author and time; the header says when the team answers. The conversation id and visitor token are kept in localStorage, so the chat
 * survives page loads and visits. Messages, typing and read receipts arrive over a WebSocket that
 * reconnects by itself; after every (re)connect the thread is re-read and merged by id, so nothing
 * is lost or shown twice. Shoppers can send a photo and ask for an email transcript ("Email me a
 * transcript", pre-filled with the address they gave, confirmed on screen); resolved conversations ask for a rating;
 * outside business hours the store's offline message shows; proactive cues open the chat with a
 * message. Message text is always rendered as text, with http(s) links made clickable.
 */
import { MARKUP } from "./markup";
import { STYLE } from "./style";
import { HELP_CSS, mountHelp, type Help } from "./help";
import { choicesOf, cueFor, linkParts, placeOf, type Cue, type Timed } from "./thread";
import { answeringPerson, authorOf, isEmail, sections, statusLine, surveyThanks, timeOf, transcriptConfirmation, transcriptDue, type ConversationState } from "./view";

interface Attachment { id: string; filename: string | null; contentType: string; sizeBytes: number }
interface Message extends Timed {
  author: "customer" | "assistant" | "agent" | "system"; authorName?: string | null; text: string; source: string | null; attachments?: Attachment[];
}
interface Session { conversationId: string; visitorToken: string }
interface Config {
  storeName: string; greeting: string; preChatForm: boolean; open: boolean; offlineMessage: string | null;
  usualReply: string;
  enabled: boolean; color: string; position: string; proactiveCues: Cue[];
  /** the accent, black or white for text on it, and the accent made readable as text on white (server: Contrast.palette) */
  palette: { accent: string; onAccent: string; accentText: string };
  /** whether the store emails transcripts ("Email me a transcript") */
  transcripts: boolean;
}
/** The conversation's state with what the transcript row needs: the shopper's address and where a requested transcript goes. */
interface State extends ConversationState { email: string | null; transcriptTo: string | null }

const script = (document.currentScript as HTMLScriptElement | null) || document.querySelector<HTMLScriptElement>("script[data-widget-key]");
if (script) start(script);

function start(script: HTMLScriptElement): void {
  const widgetKey = script.getAttribute("data-widget-key") || "";
  const origin = new URL(script.src, location.href).origin;
  const storageKey = "handoff:" + widgetKey;

  const host = document.createElement("div");
  host.setAttribute("data-handoff-widget", "");
  const root = host.attachShadow({ mode: "open" });
  root.innerHTML = "<style>" + STYLE + HELP_CSS + "</style>" + MARKUP;

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
  const status = $<HTMLParagraphElement>(".status");
  const transcript = $<HTMLDivElement>(".transcript");
  const transcriptOpen = $<HTMLButtonElement>(".transcript-open");
  const transcriptForm = $<HTMLFormElement>(".transcript-form");
  const transcriptEmail = $<HTMLInputElement>(".transcript-form input");
  const transcriptDone = $<HTMLParagraphElement>(".transcript-done");
  const thanks = $<HTMLParagraphElement>(".survey .thanks");
  const commentBox = $<HTMLDivElement>(".survey .comment");
  const comment = $<HTMLTextAreaElement>(".survey textarea");
  const sendComment = $<HTMLButtonElement>(".survey .send-comment");
  const thread: Message[] = [];
  let session: Session | null = load();
  let help: Help | null = null;
  let config: Config | null = null;
  let socket: WebSocket | null = null;
  let retry = 0;
  let lastTypingSent = 0;
  let typingTimer = 0;
  let agentReadAt = 0;
  /** name and email from the pre-chat form, sent when the first message creates the conversation */
  let profile: { name?: string; email?: string } | null = null;
  let surveyDue = false;
  /** which resolution the survey shown belongs to (from the last read of the survey) */
  let surveyResolution = 0;
  /** the rating given in this page: the survey then thanks the shopper and still takes a comment */
  let rated: { resolution: number; rating: string; reopened: boolean; commented: boolean } | null = null;
  let rating = false;
  let state: State | null = null;
  let stateTimer = 0;

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
    const meta = document.createElement("span");
    meta.className = "meta";
    if (m.author === "assistant") {
      const ai = document.createElement("span");
      ai.className = "ai";
      ai.textContent = "AI";
      meta.appendChild(ai);
    }
    const who = document.createElement("b");
    who.textContent = authorOf(m);
    const when = timeOf(m.createdAt);
    if (who.textContent) meta.appendChild(who);
    if (when) {
      const time = document.createElement("time");
      time.dateTime = m.createdAt;
      time.textContent = (who.textContent ? " · " : "") + when;
      meta.appendChild(time);
    }
    div.appendChild(meta);
    const asked = choicesOf(m);
    for (const p of linkParts(asked ? asked.lead : m.text)) {
      if (p.href) {
        const a = document.createElement("a");
        a.href = p.href;
        a.textContent = p.text;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        div.appendChild(a);
      } else div.appendChild(document.createTextNode(p.text));
    }
    if (asked) {
      const choices = document.createElement("div");
      choices.className = "choices";
      choices.setAttribute("role", "group");
      choices.setAttribute("aria-label", asked.lead);
      for (const q of asked.choices) {
        const b = document.createElement("button");
        b.type = "button";
        b.textContent = q;
        b.addEventListener("click", () => {
          choices.querySelectorAll("button").forEach((x) => { (x as HTMLButtonElement).disabled = true; });
          void send(q, null);
        });
        choices.appendChild(b);
      }
      div.appendChild(choices);
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
    if (m.author !== "customer") { typing.textContent = ""; typing.hidden = true; }
    if (m.author !== "customer") reread();
    if (m.author === "customer") log.querySelectorAll(".choices button").forEach((b) => { (b as HTMLButtonElement).disabled = true; });
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
      g.querySelector(".meta b")!.textContent = config.storeName;
      log.prepend(g);
    }
  }

  async function refresh(): Promise<void> {
    if (!session) return;
    try {
      const messages: Message[] = await api("/api/widget/conversations/" + session.conversationId + "/messages");
      messages.forEach(render);
      reread();
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
        typing.hidden = false;
        clearTimeout(typingTimer);
        typingTimer = window.setTimeout(() => { typing.textContent = ""; typing.hidden = true; }, 4000);
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
    state = null;
    transcriptDone.textContent = "";
    transcriptForm.hidden = true;
    surveyDue = false;
    resetSurvey();
    log.replaceChildren();
    layout();
  }

  /** Shows the sections that are due (view.ts) and the header's reply-time line. */
  function layout(): void {
    if (!config) return;
    const shown = sections({ started: !!session, preChatForm: config.preChatForm, introduced: !!profile, surveyDue });
    prechat.hidden = !shown.prechat;
    log.hidden = !shown.log;
    sendForm.hidden = !shown.send;
    survey.hidden = !shown.survey;
    status.textContent = statusLine(config.usualReply, state, answeringPerson(thread));
    transcript.hidden = !transcriptDue(config.transcripts, !!session, shown.log);
    if (state && state.transcriptTo && !transcriptDone.textContent) {
      transcriptDone.textContent = transcriptConfirmation(state.transcriptTo, state.status === "resolved" ? "now" : "on-resolve");
    }
    transcriptOpen.hidden = !transcriptForm.hidden || !!transcriptDone.textContent;
    if (shown.log) { greet(); log.scrollTop = log.scrollHeight; }
  }

  /** Re-reads the conversation's state and survey (after a reply, a notice or a reconnect), at most every 300 ms. */
  function reread(): void {
    clearTimeout(stateTimer);
    stateTimer = window.setTimeout(async () => {
      if (!session) return;
      try {
        state = await api("/api/widget/conversations/" + session.conversationId);
        const s = await api("/api/widget/conversations/" + session.conversationId + "/survey");
        const due = !!(s.open && !s.rating);
        surveyResolution = s.resolution;
        // the thanks (and the comment box) stay until a later resolution asks again, or the conversation is reopened
        // other than by this thumbs-down
        if (rated && (due || s.resolution !== rated.resolution || (state!.status !== "resolved" && !rated.reopened))) resetSurvey();
        surveyDue = due || !!rated;
      } catch (e) { /* shown again on the next message */ }
      layout();
    }, 300);
  }

  /** Creates the conversation (on the first message), with the pre-chat form's name and email. */
  async function begin(): Promise<void> {
    const body: Record<string, string> = {};
    if (profile && profile.name) body.name = profile.name;
    if (profile && profile.email) body.email = profile.email;
    const created = await api("/api/widget/" + encodeURIComponent(widgetKey) + "/conversations", { method: "POST", body: JSON.stringify(body) });
    session = { conversationId: created.conversationId, visitorToken: created.visitorToken };
    localStorage.setItem(storageKey, JSON.stringify(session));
    if (help) help.conversationStarted();
    connect();
    layout();
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

  transcriptOpen.addEventListener("click", () => {
    transcriptForm.hidden = false;
    transcriptOpen.hidden = true;
    // pre-filled with the address the shopper gave (pre-chat form, or this conversation's contact)
    transcriptEmail.value = transcriptEmail.value || (state && state.email) || (profile && profile.email) || "";
    transcriptEmail.focus();
  });
  transcriptForm.querySelector(".cancel")!.addEventListener("click", () => {
    transcriptForm.hidden = true;
    layout();
    transcriptOpen.focus();
  });
  transcriptForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    errorBox.textContent = "";
    const email = transcriptEmail.value.trim();
    if (!isEmail(email)) {
      transcriptEmail.setAttribute("aria-invalid", "true");
      errorBox.textContent = "Please check the email address for the transcript.";
      transcriptEmail.focus();
      return;
    }
    transcriptEmail.removeAttribute("aria-invalid");
    const submit = transcriptForm.querySelector("button[type=submit]") as HTMLButtonElement;
    submit.disabled = true;
    try {
      const r = await api("/api/widget/conversations/" + session!.conversationId + "/transcript", { method: "POST", body: JSON.stringify({ email }) });
      transcriptDone.textContent = transcriptConfirmation(r.email, r.when);
      transcriptForm.hidden = true;
      layout();
    } catch (err) { errorBox.textContent = (err as Error).message; }
    submit.disabled = false;
  });

  /** The survey as it asks: thumbs to press, an optional comment sent with the rating. */
  function resetSurvey(): void {
    rated = null;
    thanks.textContent = "";
    comment.value = "";
    commentBox.hidden = false;
    sendComment.hidden = true;
    survey.querySelector<HTMLElement>(".ask")!.hidden = false;
    survey.querySelectorAll("[data-rating]").forEach((b) => { b.setAttribute("aria-pressed", "false"); b.removeAttribute("aria-disabled"); });
  }

  /** The survey once rated: the choice stays marked, the shopper is thanked, and the comment box stays until a comment is sent. */
  function showRated(): void {
    if (!rated) return;
    survey.querySelector<HTMLElement>(".ask")!.hidden = true;
    survey.querySelectorAll("[data-rating]").forEach((b) => {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-rating") === rated!.rating));
      b.setAttribute("aria-disabled", "true");
    });
    thanks.textContent = surveyThanks(rated.rating, rated.reopened, rated.commented);
    commentBox.hidden = rated.commented;
    sendComment.hidden = rated.commented;
  }

  // a thumb records the rating at once (with the comment, when one was typed); a comment can follow it
  survey.addEventListener("click", async (e) => {
    const button = (e.target as HTMLElement).closest("[data-rating]");
    const value = button && button.getAttribute("data-rating");
    if (!value || !session || rated || rating) return;
    rating = true;
    errorBox.textContent = "";
    const text = comment.value.trim();
    try {
      const path = "/api/widget/conversations/" + session.conversationId;
      await api(path + "/rating", { method: "POST", body: JSON.stringify({ rating: value, comment: text || null }) });
      let reopened = false;
      try { state = await api(path); reopened = state!.status !== "resolved"; } catch (err) { /* thanked either way */ }
      rated = { resolution: surveyResolution, rating: value, reopened, commented: !!text };
      if (text) comment.value = "";
      showRated();
      surveyDue = true;
      layout();
    } catch (err) { errorBox.textContent = (err as Error).message; }
    rating = false;
  });

  sendComment.addEventListener("click", async () => {
    if (!rated || !session) return;
    const text = comment.value.trim();
    errorBox.textContent = "";
    if (!text) { errorBox.textContent = "Please write your comment first."; comment.focus(); return; }
    sendComment.disabled = true;
    try {
      // the comment joins the rating already recorded (no second rating)
      await api("/api/widget/conversations/" + session.conversationId + "/rating", { method: "PATCH", body: JSON.stringify({ comment: text }) });
      rated.commented = true;
      comment.value = "";
      showRated();
    } catch (err) { errorBox.textContent = (err as Error).message; }
    sendComment.disabled = false;
  });

  function toggle(open: boolean, cue = false): void {
    panel.classList.toggle("open", open);
    bubble.setAttribute("aria-expanded", String(open));
    bubble.setAttribute("aria-label", open ? "Close chat" : "Open chat");
    frame.classList.toggle("is-open", open);
    if (open) {
      layout();
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
    const email = String(data.get("email") || "").trim();
    if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) { errorBox.textContent = "Please check the email address."; return; }
    profile = { name: String(data.get("name") || "").trim(), email };
    layout();
    textarea.focus();
  });
  $<HTMLButtonElement>("form.prechat .skip").addEventListener("click", () => { profile = {}; layout(); textarea.focus(); });

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
    host.style.setProperty("--accent", c.palette.accent);
    host.style.setProperty("--on-accent", c.palette.onAccent);
    host.style.setProperty("--accent-text", c.palette.accentText);
    frame.classList.toggle("left", c.position === "bottom-left");
    $<HTMLElement>(".title").textContent = c.storeName;
    $<HTMLElement>(".intro").textContent = c.greeting + " Tell us who you are so we can look up your orders.";
    if (!c.open && c.offlineMessage) { offline.hidden = false; offline.textContent = c.offlineMessage; }
    document.body.appendChild(host);
    help = mountHelp({ host, root, panel, header: $<HTMLElement>("header"), textarea, sendForm, origin, widgetKey,
      beforeFirstMessage: () => !session, open: () => { if (!panel.classList.contains("open")) toggle(true); } });
    layout();
    proactive(c.proactiveCues || []);
    if (session) { connect(); void refresh(); }
  }).catch(() => { /* the store's helpdesk is unreachable: show nothing rather than a broken chat */ });
}
