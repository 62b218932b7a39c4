// One conversation: the thread with author labels (the assistant's answers marked AI, with their cited
// FAQ items and the order looked up), the ticket summary when escalated, the order panel, sentiment per
// customer message, typing indicators and read receipts both ways, files, the reply box with the "/"
// canned-response picker, resolve/reopen and take over / hand back, merge into another conversation, split an
// email thread, and the conversation's merges and splits with Undo. On email, the assistant's drafts waiting for review
// show above the reply box, marked unsent, with the Drafts page's actions (draft-review.ts).
import { api, blobUrl, me } from "../api";
import { canSplitAt, isMoveNote, moveItem, openMergeDialog } from "../moves";
import { insertCanned, matchCanned, slashQuery } from "../canned";
import { ago, h, linkify, toast } from "../dom";
import { draftReview, type Review } from "../draft-review";
import { threadingNote } from "../threading";
import { orderLabel, sourceLabel, statusLabel, words } from "../labels";
import type { Context } from "../main";
import type { Agent, Canned, Detail, Draft, FaqDecision, FaqItem, Message, Move, Order, Ticket } from "../types";

const faqTitles = new Map<string, Promise<string>>();

export function conversationPanel(ctx: Context, id: string): { el: HTMLElement; dispose(): void } {
  const base = `/api/stores/${ctx.store.id}`;
  const root = h("div", { class: "conversation", "data-id": id }, h("p", { class: "muted" }, "Loading…"));
  const thread = h("ol", { class: "thread", "aria-label": "Messages", "aria-live": "polite" });
  /**
   * Whether the thread shows its newest message: true when a message is added, false once the agent scrolls up to
   * read, true again when they scroll back down. While it holds, whatever grows later (the ticket summary above the
   * thread, a teach bar, a photo loading) keeps the newest message in sight.
   */
  let atNewest = true;
  const toNewest = () => { if (atNewest) thread.scrollTop = thread.scrollHeight; };
  thread.addEventListener("scroll", () => { atNewest = thread.scrollTop + thread.clientHeight >= thread.scrollHeight - 24; });
  const growth = new ResizeObserver(toNewest);
  growth.observe(thread);
  const typing = h("p", { class: "typing", hidden: true }, "Customer is typing…");
  const shown = new Set<string>();
  /** The messages shown, in thread order (see {@link orderKey}). */
  const seen: Message[] = [];
  /** Each message's place in the server's thread (by time, then the order stored); messages that arrive live come after. */
  const rank = new Map<string, number>();
  let arrivals = 0;
  /** Counts the times the thread was read again: an item drawn for an older reading is dropped. */
  let readings = 0;
  /** While the thread is being read, "Split from here" is placed once at the end rather than after every message. */
  let loading = false;
  let detail: Detail | null = null;
  let lastCustomerRead = 0;
  let typingTimer: number | undefined;
  let disposed = false;

  // read again with every conversation opened, so new canned responses and agents show without a reload
  const loadCanned = () => api<Canned[]>(`${base}/canned-responses`).catch(() => [] as Canned[]);
  let canned = loadCanned();
  const members = api<Agent[]>(`/api/stores/${ctx.store.id}/agents`).catch(() => [] as Agent[]);

  function faqTitle(faqId: string): Promise<string> {
    if (!faqTitles.has(faqId)) faqTitles.set(faqId, api<FaqItem>(`${base}/faq/items/${faqId}`).then((i) => i.question).catch(() => "FAQ item"));
    return faqTitles.get(faqId)!;
  }

  function authorLabel(m: Message, members: Agent[]): HTMLElement {
    if (m.author === "assistant") return h("span", { class: "author ai" }, h("span", { class: "ai-badge", title: "Written by the AI assistant" }, "AI"), " Assistant",
      m.autoSent ? h("span", { class: "chip auto-sent", title: "Sent without review: the store lets this kind of draft go out by itself (Drafts)" }, "Sent automatically") : null);
    if (m.author === "customer") return h("span", { class: "author" }, detail?.conversation.contact?.name ?? detail?.conversation.contact?.email ?? "Customer");
    if (m.author === "agent") return h("span", { class: "author agent" }, members.find((a) => a.id === m.agentId)?.name ?? "Agent");
    return h("span", { class: "author system" }, "System");
  }

  function attachmentsOf(m: Message): HTMLElement | null {
    if (m.attachments.length === 0) return null;
    return h("ul", { class: "files" }, ...m.attachments.map((a) => {
      const li = h("li", {});
      const name = a.filename ?? "attachment";
      const link = h("a", { href: "#", onclick: async (e: Event) => { e.preventDefault(); const u = await blobUrl(`${base}/attachments/${a.id}`); const t = h("a", { href: u, download: name }); t.click(); } },
        `${name} (${Math.ceil(a.sizeBytes / 1024)} KB)`);
      li.append(link);
      if (a.contentType.startsWith("image/")) {
        const img = h("img", { alt: name, class: "preview" });
        blobUrl(`${base}/attachments/${a.id}`).then((u) => { img.src = u; }).catch(() => img.remove());
        li.prepend(img);
      }
      return li;
    }));
  }

  async function messageItem(m: Message): Promise<HTMLElement> {
    const team = await members;
    const li = h("li", { class: `msg ${m.author}${m.autoSent ? " auto-sent" : ""}`, "data-id": m.id },
      h("div", { class: "meta" }, authorLabel(m, team),
        m.sentiment ? h("span", { class: `sentiment ${m.sentiment}`, title: `Score ${m.sentimentScore?.toFixed(2)}` }, m.sentiment) : null,
        m.email?.deliveryStatus ? h("span", { class: "chip" }, m.email.deliveryStatus) : null,
        h("time", { datetime: m.createdAt, title: new Date(m.createdAt).toLocaleString() }, ago(m.createdAt))),
      m.subject ? h("p", { class: "subject" }, m.subject) : null,
      threadingNote(m, detail?.messages ?? []),
      h("p", { class: "text" }, ...linkify(m.text)),
      attachmentsOf(m),
      m.email && m.email.quotedText ? h("details", {}, h("summary", {}, "Quoted history"), h("pre", {}, m.email.quotedText)) : null,
      m.email?.parseError ? h("p", { class: "error" }, `Could not be read completely: ${m.email.parseError}`) : null);
    if (m.author === "assistant" && (m.citedFaqIds.length > 0 || m.orderNumber)) {
      const sources = h("p", { class: "sources" }, sourceLabel(m.source));
      if (m.orderNumber) sources.append(" · order ", h("a", { href: "#", class: "order-link", onclick: (e: Event) => { e.preventDefault(); void showOrder(m.orderNumber!); } }, orderLabel(m.orderNumber)));
      for (const f of m.citedFaqIds) {
        const cite = h("a", { href: `#/knowledge/${f}`, class: "cited" }, "FAQ");
        void faqTitle(f).then((t) => { cite.textContent = t; });
        sources.append(" · ", cite);
      }
      li.append(sources);
    }
    if (m.author === "agent") li.append(h("span", { class: "receipt", "aria-label": "Read receipt" }, ""));
    const asked = m.author === "agent" ? unansweredBefore(m) : null;
    if (asked) li.append(teachBar(asked, m));
    return li;
  }

  /** @return the customer's question this agent reply answers when the assistant did not, or null */
  function unansweredBefore(reply: Message): Message | null {
    const earlier = seen.filter((x) => Date.parse(x.createdAt) <= Date.parse(reply.createdAt) && x.id !== reply.id && x.author !== "system");
    for (let i = earlier.length - 1; i >= 0; i--) {
      const x = earlier[i];
      if (x.author === "customer") return x.text.trim().length > 3 ? x : null;
      if (x.author === "assistant" && x.source !== null) return null;
      if (x.author === "agent") return null;
    }
    return null;
  }

  /** Escalation reasons that mean the FAQ had no answer (the others: the shopper needed a person, e.g. a damaged item). */
  const FAQ_GAPS = new Set(["unanswered", "other_language"]);
  /** The conversation's tickets, read once per drawing of the ticket line (which reads them again when they change). */
  let ticketsRead: Promise<Ticket[]> | null = null;
  function tickets(): Promise<Ticket[]> {
    ticketsRead ??= api<Ticket[]>(`${base}/tickets/of-conversation/${id}`);
    return ticketsRead;
  }

  /**
   * @return whether the FAQ can learn from this question and reply: no ticket opened for a reason of its own (a
   *         damaged item, a request for a person) was open when it was asked or opened because of it, before the reply
   */
  async function teachable(asked: Message, reply: Message): Promise<boolean> {
    const askedAt = Date.parse(asked.createdAt);
    const repliedAt = Date.parse(reply.createdAt);
    return (await tickets()).filter((t) => Date.parse(t.createdAt) <= repliedAt
        && (t.status !== "resolved" || Date.parse(t.updatedAt) >= askedAt))
      .every((t) => FAQ_GAPS.has(t.escalationReason));
  }

  /**
   * Teach the assistant from this reply: save the question and the reply as an FAQ item, or add the question to the
   * FAQ item the agent picks among the three closest. Shown once {@link teachable} says so ({@code data-decided} marks
   * the decision, for tests).
   */
  function teachBar(asked: Message, reply: Message): HTMLElement {
    const bar = h("p", { class: "teach", hidden: true }, h("span", { class: "muted" }, "The assistant could not answer this: "));
    const save = h("button", { type: "button", class: "link save-faq", onclick: async () => {
      try {
        await api<FaqItem>(`${base}/faq/items`, { method: "POST", body: { question: asked.text.trim(), answer: reply.text.trim(), categoryId: null } });
        bar.replaceChildren(h("span", { class: "muted" }, "Saved as an FAQ item: the assistant answers it from now on."));
      } catch (e) { toast((e as Error).message, "error"); }
    } }, "Save as FAQ item");
    bar.append(save);
    void teachable(asked, reply).then((yes) => {
      bar.dataset.decided = "true";
      if (!yes) return;
      bar.hidden = false;
      // the closest items, for the agent to choose: the nearest by score is not always the one the question belongs to
      void api<FaqDecision>(`${base}/assistant/faq-decision?q=${encodeURIComponent(asked.text)}`).then((d) => {
        const closest = d.ranked.slice(0, 3);
        if (closest.length === 0) return;
        const pick = h("select", { class: "teach-item", "aria-label": "FAQ item to add the question to" },
          ...closest.map((c) => h("option", { value: c.itemId }, c.question))) as HTMLSelectElement;
        const add = h("button", { type: "button", class: "link add-phrasing", title: "Add the customer's question as another way to ask the chosen item", onclick: async () => {
          const item = closest.find((c) => c.itemId === pick.value) ?? closest[0];
          try {
            await api<FaqItem>(`${base}/faq/items/${item.itemId}/phrasings`, { method: "POST", body: { text: asked.text.trim() } });
            bar.replaceChildren(h("span", { class: "muted" }, `Added to “${item.question}”: the assistant answers it from now on.`));
          } catch (e) { toast((e as Error).message, "error"); }
        } }, "Add to");
        bar.append(" · ", h("span", { class: "teach-add" }, add, " ", pick));
      }).catch(() => undefined);
    }).catch(() => { bar.dataset.decided = "true"; });
    return bar;
  }

  /** "Split from here": this email and the later emails of its thread move into a new conversation. */
  function splitButton(m: Message): HTMLElement {
    return h("button", { type: "button", class: "link split-here", title: "Move this email and the later replies in its thread into a new conversation", onclick: async (e: Event) => {
      (e.target as HTMLButtonElement).disabled = true;
      try {
        await api<Move>(`${base}/conversations/${id}/messages/${m.id}/split`, { method: "POST" });
        toast("Split into a new conversation; Undo is in the thread.");
        await reload();
      } catch (err) { toast((err as Error).message, "error"); (e.target as HTMLButtonElement).disabled = false; }
    } }, "Split from here");
  }

  /** Learns the server's thread order (messages of the same second keep the order they were stored in). */
  function learnOrder(messages: Message[]): void {
    messages.forEach((m, i) => rank.set(m.id, i));
  }

  /** @return where an item goes in the thread: its time, then its place in the server's thread (moves after messages of their time) */
  function orderKey(at: string, id: string | null): [number, number] {
    if (id === null) return [Date.parse(at), Number.MAX_SAFE_INTEGER];
    if (!rank.has(id)) rank.set(id, 1_000_000_000 + arrivals++);
    return [Date.parse(at), rank.get(id)!];
  }

  const later = (a: [number, number], b: [number, number]) => a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);

  /** Puts an item into the thread at its place, whatever order items were drawn in. */
  function place(item: HTMLElement, key: [number, number]): void {
    item.dataset.t = String(key[0]);
    item.dataset.r = String(key[1]);
    const after = [...thread.children].find((c) => later([Number((c as HTMLElement).dataset.t), Number((c as HTMLElement).dataset.r)], key));
    thread.insertBefore(item, after ?? null);
    growth.observe(item);
  }

  /** Offers "Split from here" exactly on the messages where a split makes sense, by the thread as it now stands. */
  function markSplits(): void {
    if (!detail) return;
    const items = new Map<string, Element>();
    for (const c of thread.children) if ((c as HTMLElement).dataset.id) items.set((c as HTMLElement).dataset.id!, c);
    for (const m of seen) {
      const li = items.get(m.id);
      if (!li) continue;
      const button = li.querySelector(".split-here");
      const can = canSplitAt(m, seen, detail.conversation.channel);
      if (can && !button) li.append(splitButton(m));
      else if (!can && button) button.remove();
    }
  }

  /** Shows a merge or split in the thread at its time. */
  function addMove(mv: Move): void {
    place(moveItem(base, mv, id, () => void reload()), orderKey(mv.createdAt, null));
    atNewest = true;
    toNewest();
  }

  /** Reads the conversation again after a move (what moved in or out shows). */
  async function reload(): Promise<void> {
    readings++;
    loading = false;
    shown.clear();
    seen.length = 0;
    rank.clear();
    thread.replaceChildren();
    await load();
  }

  async function addMessage(m: Message): Promise<void> {
    if (shown.has(m.id)) return;
    shown.add(m.id);
    if (isMoveNote(m)) return; // the move's own entry says it, with Undo
    const reading = readings;
    const key = orderKey(m.createdAt, m.id);
    const next = seen.findIndex((x) => later(orderKey(x.createdAt, x.id), key));
    seen.splice(next < 0 ? seen.length : next, 0, m);
    const item = await messageItem(m);
    if (reading !== readings) return; // the thread was read again meanwhile
    place(item, key);
    markReceipts();
    if (!loading) markSplits();
    // only the thread scrolls: scrolling the item into view would scroll the page too (a ticket's page opened halfway down)
    atNewest = true;
    toNewest();
  }

  function markReceipts(): void {
    for (const li of thread.querySelectorAll<HTMLElement>("li.msg.agent")) {
      const at = Date.parse(li.querySelector("time")!.dateTime);
      li.querySelector(".receipt")!.textContent = lastCustomerRead >= at ? "Seen" : "Sent";
    }
  }

  const orderBox = h("aside", { class: "order", "aria-label": "Order" });
  async function showOrder(number: string): Promise<void> {
    try {
      const o = await api<Order>(`${base}/orders/${encodeURIComponent(number)}`);
      orderBox.replaceChildren(h("h3", {}, `Order ${orderLabel(o.name)}`),
        h("p", {}, `${o.cancelledAt ? "Cancelled" : statusLabel(o.fulfillmentStatus ?? "unfulfilled")} · ${statusLabel(o.financialStatus) || "–"} · ${o.totalPrice} ${o.currency}`),
        h("ul", {}, ...o.items.map((i) => h("li", {}, `${i.quantity} × ${i.title}${i.variantTitle ? ` (${i.variantTitle})` : ""}`))),
        ...o.shipments.map((s) => h("p", { class: "tracking" }, `${s.carrier ?? "Carrier"}: ${statusLabel(s.shipmentStatus ?? s.status)} `,
          ...s.trackingNumbers.map((n, i) => s.trackingUrls[i] && /^https?:\/\//i.test(s.trackingUrls[i]) ? h("a", { href: s.trackingUrls[i], target: "_blank", rel: "noopener" }, n) : n))));
    } catch (e) {
      orderBox.replaceChildren(h("h3", {}, `Order ${orderLabel(number)}`), h("p", { class: "muted" }, (e as Error).message));
    }
  }

  // reply box with the "/" picker
  const text = h("textarea", { id: "reply-text", rows: 3, placeholder: "Reply… (type / for canned responses, Enter to send, Shift+Enter for a new line)", "aria-label": "Reply" });
  const picker = h("ul", { class: "picker", role: "listbox", hidden: true, id: "canned-picker" });
  const file = h("input", { type: "file", accept: "image/*,application/pdf", "aria-label": "Attach a file", id: "reply-file" });
  let choices: Canned[] = [];
  let active = 0;
  let lastTyping = 0;

  async function updatePicker(): Promise<void> {
    const q = slashQuery(text.value, text.selectionStart ?? text.value.length);
    if (q && q.query === "") canned = loadCanned(); // a new "/" reads the list again: responses added meanwhile show
    choices = q ? matchCanned(await canned, q.query) : [];
    picker.hidden = choices.length === 0;
    active = Math.min(active, Math.max(0, choices.length - 1));
    picker.replaceChildren(...choices.map((c, i) => h("li", { role: "option", "aria-selected": String(i === active), onmousedown: (e: Event) => { e.preventDefault(); void choose(c); } },
      h("strong", {}, `/${c.shortcut}`), " ", c.title)));
  }

  async function choose(c: Canned): Promise<void> {
    const caret = text.selectionStart ?? text.value.length;
    const q = slashQuery(text.value, caret);
    if (!q) return;
    let rendered: { text: string; gaps: string[] };
    try {
      rendered = await api<{ text: string; gaps: string[] }>(`${base}/canned-responses/${c.id}/render`, { method: "POST", body: { conversationId: id } });
    } catch (e) {
      toast((e as Error).message, "error"); // a template with a variable Handoff does not know
      return;
    }
    const next = insertCanned(text.value, q.start, caret, rendered.text);
    text.value = next.text;
    text.setSelectionRange(next.caret, next.caret);
    if (rendered.gaps.length > 0) {
      // the conversation has no value for some variables: select the first gap for the agent to type over
      const at = text.value.indexOf(rendered.gaps[0], q.start);
      if (at >= 0) text.setSelectionRange(at, at + rendered.gaps[0].length);
      toast(`Fill in ${rendered.gaps.join(", ")} before sending.`);
    }
    picker.hidden = true;
    choices = [];
  }

  async function send(): Promise<void> {
    const body = text.value.trim();
    const chosen = file.files?.[0];
    if (!body && !chosen) return;
    try {
      let m: Message;
      if (chosen) {
        const form = new FormData();
        form.append("file", chosen);
        if (body) form.append("text", body);
        m = await api<Message>(`${base}/conversations/${id}/attachments`, { method: "POST", form });
        file.value = "";
      } else {
        m = await api<Message>(`${base}/conversations/${id}/messages`, { method: "POST", body: { text: body }, headers: { "Idempotency-Key": crypto.randomUUID() } });
      }
      text.value = "";
      lastTyping = 0;
      await addMessage(m);
    } catch (e) { toast((e as Error).message, "error"); }
  }

  text.addEventListener("input", () => {
    void updatePicker();
    if (Date.now() - lastTyping > 2000) { lastTyping = Date.now(); ctx.live.send({ type: "typing", conversationId: id }); }
  });
  text.addEventListener("keydown", (e) => {
    if (!picker.hidden && choices.length > 0) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") { e.preventDefault(); active = (active + (e.key === "ArrowDown" ? 1 : choices.length - 1)) % choices.length; void updatePicker(); return; }
      if (e.key === "Enter" || e.key === "Tab") { e.preventDefault(); void choose(choices[active]); return; }
      if (e.key === "Escape") { picker.hidden = true; return; }
    }
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); void send(); }
  });

  // the assistant's drafts waiting for review (email only): unsent, so apart from the thread, just above the reply box
  const draftsBox = h("section", { class: "conv-drafts", id: "conv-drafts", hidden: true, "aria-label": "Assistant's drafts waiting for review" });
  /** the drafts shown, by id: a draft still pending keeps its editor (and what the agent typed) when the list is read again */
  const reviews = new Map<string, Review>();
  let draftReadings = 0;

  /** Reads the conversation's pending drafts ({@code GET drafts?status=pending&conversationId=}) and shows them. */
  async function loadDrafts(): Promise<void> {
    if (!detail || detail.conversation.channel === "widget") { draftsBox.hidden = true; return; }
    const reading = ++draftReadings;
    let pending: Draft[];
    try { pending = await api<Draft[]>(`${base}/drafts?status=pending&conversationId=${encodeURIComponent(id)}`); }
    catch { return; }
    if (disposed || reading !== draftReadings) return;
    const keep = new Set(pending.map((d) => d.id));
    for (const k of [...reviews.keys()]) if (!keep.has(k)) reviews.delete(k);
    for (const d of pending) {
      if (!reviews.has(d.id)) reviews.set(d.id, draftReview(ctx.store.id, d, {
        title: "Draft reply · not sent",
        note: "The assistant wrote this reply; the customer has not seen it. Approve it to send it, edit it first, or discard it.",
        rows: 5,
        approved: (after) => reviewed(after, true),
        saved: (after) => { reviews.delete(after.id); void loadDrafts(); },
        discarded: (after) => reviewed(after, false),
        failed: () => loadDrafts(), // approved, discarded or withdrawn meanwhile: show what still waits
      }));
    }
    draftsBox.hidden = pending.length === 0;
    draftsBox.replaceChildren(...pending.map((d) => reviews.get(d.id)!.el));
  }

  /** A draft was approved (it shows in the thread as the message it became) or discarded: it leaves the drafts. */
  async function reviewed(d: Draft, sent: boolean): Promise<void> {
    reviews.get(d.id)?.el.remove();
    reviews.delete(d.id);
    draftsBox.hidden = reviews.size === 0;
    if (!sent) return;
    const now = await api<Detail>(`${base}/conversations/${id}`);
    if (disposed) return;
    detail = now;
    for (const m of now.messages) await addMessage(m);
    void renderHeader();
    void renderTicket(); // approving is an agent acting: a new ticket became open
  }

  const header = h("header", { class: "conv-head" });
  const ticketBox = h("div", { class: "ticket-summary", hidden: true, id: "ticket-summary" });

  async function renderHeader(): Promise<void> {
    if (!detail) return;
    const c = detail.conversation;
    const name = c.contact?.name ?? c.contact?.email ?? "Visitor";
    const team = await members;
    const mine = c.assigneeId === me()?.id;
    const assignee = c.assigneeId ? team.find((a) => a.id === c.assigneeId)?.name ?? "an agent" : null;
    const act = (path: string, init: Parameters<typeof api>[1] = { method: "POST" }) => async () => {
      try { detail = await api<Detail>(`${base}/conversations/${id}/${path}`, init); await renderHeader(); } catch (e) { toast((e as Error).message, "error"); }
    };
    header.replaceChildren(
      h("h2", {}, name),
      // a contact named by their address (a mailbox's sender, a shopper who typed it as their name) shows it once
      c.contact?.email && c.contact.email.trim().toLowerCase() !== name.trim().toLowerCase() ? h("span", { class: "muted" }, c.contact.email) : "",
      h("span", { class: `chip ch-${c.channel}` }, c.channel),
      h("span", { class: `status ${c.status}`, id: "conv-status" }, c.status),
      // escalated and nobody has it yet: the assistant is silent until a person answers or hands it back
      h("span", { class: "assignee" }, assignee ? `Handled by ${assignee}` : c.status === "escalated" ? "Waiting for a person" : "Assistant answering"),
      mine ? h("button", { onclick: act("assignee", { method: "PUT", body: { agentId: null } }) }, "Hand back to assistant")
        : h("button", { id: "take-over", onclick: act("assignee", { method: "PUT", body: { agentId: me()?.id } }) }, "Take over"),
      c.status === "resolved" || c.status === "cancelled" ? h("button", { id: "reopen", onclick: act("reopen") }, "Reopen")
        : h("button", { id: "resolve", onclick: act("resolve") }, "Resolve"),
      ...(c.channel === "widget" ? [] : [h("button", { type: "button", class: "secondary", id: "merge-into", title: "Merge this conversation into another one of the store",
        onclick: () => openMergeDialog(base, c, (m) => { toast("Merged; Undo is in the thread."); location.hash = `#/inbox/${m.targetId}`; }) }, "Merge into…")]));
  }

  async function renderTicket(): Promise<void> {
    ticketsRead = null; // read them again: a ticket was opened or changed
    const all = await tickets();
    const t = all[all.length - 1];
    if (!t) { ticketBox.hidden = true; return; }
    ticketBox.hidden = false;
    ticketBox.replaceChildren(
      h("p", {}, h("a", { href: `#/tickets/${t.number}`, class: "ticket-link" }, h("strong", {}, `Ticket #${t.number}`)),
        ` · ${words(t.status)} · ${t.priority} priority · ${words(t.category)} · ${words(t.escalationReason)}`,
        t.sentiment ? " " : "", t.sentiment ? h("span", { class: `sentiment ${t.sentiment}` }, t.sentiment) : ""),
      h("p", { class: "summary" }, t.summary));
    if (t.orderNumber) void showOrder(t.orderNumber);
  }

  async function load(): Promise<void> {
    const reading = readings;
    const d = await api<Detail>(`${base}/conversations/${id}`);
    if (disposed || reading !== readings) return;
    detail = d;
    if (d.conversation.id !== id) {
      // a merged conversation answers with the one it was merged into (308): show that one under its own address
      location.replace(`#/inbox/${d.conversation.id}`);
      return;
    }
    await renderHeader();
    if (reading !== readings) return;
    learnOrder(d.messages);
    loading = true;
    try {
      for (const m of d.messages) {
        await addMessage(m);
        if (reading !== readings) return; // read again meanwhile: that reading draws the thread
      }
    } finally {
      if (reading === readings) loading = false;
    }
    markSplits();
    const order = [...d.messages].reverse().find((m) => m.orderNumber)?.orderNumber;
    if (order) void showOrder(order);
    void renderTicket();
    void loadDrafts();
    const moves = await api<Move[]>(`${base}/conversations/${id}/moves`);
    if (reading !== readings) return;
    for (const mv of moves) addMove(mv);
    void api(`${base}/conversations/${id}/read`, { method: "POST" }).catch(() => undefined);
  }

  const notes = h("details", { class: "notes" }, h("summary", {}, "Internal notes"));
  root.replaceChildren(header, ticketBox,
    h("div", { class: "conv-body" }, h("div", { class: "conv-main" }, thread, typing, draftsBox,
      h("form", { class: "reply", onsubmit: (e: Event) => { e.preventDefault(); void send(); } }, picker, text,
        h("div", { class: "reply-actions" }, file, h("button", { type: "submit", id: "send-reply" }, "Send")))),
      h("div", { class: "conv-side" }, orderBox, notes)));
  load().then(() => {
    for (const n of detail?.notes ?? []) notes.append(h("p", {}, h("strong", {}, n.kind.replaceAll("_", " ")), ": ", n.body));
  }).catch((e) => root.replaceChildren(h("p", { role: "alert", class: "error empty", id: "conversation-error" }, (e as Error).message)));

  let readTimer: number | undefined;
  const off = ctx.live.on((e) => {
    if (e.type === "message" && e.message.conversationId === id) {
      void addMessage(e.message);
      if (e.message.author === "customer") {
        typing.hidden = true;
        clearTimeout(readTimer);
        readTimer = window.setTimeout(() => void api(`${base}/conversations/${id}/read`, { method: "POST" }).catch(() => undefined), 500);
      }
    } else if (e.type === "conversation" && e.conversation.id === id && detail) {
      const was = detail.conversation.status;
      detail = { ...detail, conversation: e.conversation };
      void renderHeader();
      // a draft written, approved elsewhere, discarded or withdrawn by a reply: the count the inbox keeps changed
      if (e.conversation.pendingDrafts !== reviews.size) void loadDrafts();
      if (was !== e.conversation.status && e.conversation.status === "escalated") void renderTicket();
    } else if (e.type === "typing" && e.conversationId === id && e.by === "customer") {
      typing.hidden = false;
      clearTimeout(typingTimer);
      typingTimer = window.setTimeout(() => { typing.hidden = true; }, 4000);
    } else if (e.type === "read" && e.conversationId === id && e.by === "customer") {
      lastCustomerRead = Date.parse(e.at);
      markReceipts();
    } else if (e.type === "ready" && detail) {
      void api<Detail>(`${base}/conversations/${id}`).then((d) => { detail = d; d.messages.forEach((m) => void addMessage(m)); void renderHeader(); void loadDrafts(); });
    }
  });
  return { el: root, dispose: () => { disposed = true; off(); growth.disconnect(); clearTimeout(typingTimer); clearTimeout(readTimer); } };
}
