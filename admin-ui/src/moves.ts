// Merge and split in a conversation: "Merge into…" (pick the target by the merchant search, confirm), "Split from here"
// on a customer's email, and the conversation's moves shown in its thread with Undo. The server's API is
// POST …/conversations/{id}/merge, …/messages/{messageId}/split, GET …/conversations/{id}/moves and
// POST …/conversation-moves/{moveId}/undo (see MoveController).
import { api } from "./api";
import { ago, h, toast } from "./dom";
import type { Message, Move, Summary } from "./types";

/** The system messages the server writes for every move: the thread shows the move itself (with Undo) instead. */
const MOVE_NOTE = /^(Merged |Merged into another conversation|Split \d+ messages? into a new conversation|Split from another conversation|Merge undone|Split undone)/;

/** @return whether a system message only records a merge or split (shown as its move entry instead) */
export function isMoveNote(m: Pick<Message, "author" | "text">): boolean {
  return m.author === "system" && MOVE_NOTE.test(m.text);
}

const n = (count: number, one: string) => `${count} ${one}${count === 1 ? "" : "s"}`;

/**
 * @param m  the move
 * @param at the conversation whose thread shows it
 * @return the sentence shown in that thread, e.g. "Merged another conversation into this one: 3 messages, 1 ticket"
 */
export function moveText(m: Move, at: string): string {
  const what = [n(m.messages, "message"), m.notes ? n(m.notes, "note") : "", m.drafts ? n(m.drafts, "draft") : "", m.tickets ? n(m.tickets, "ticket") : ""]
    .filter(Boolean).join(", ");
  const closed = m.closedTicket ? `; ticket #${m.closedTicket} closed in favour of this one's` : "";
  let s: string;
  if (m.kind === "merge") s = m.targetId === at ? `Merged another conversation into this one: ${what}${closed}` : `Merged into another conversation: ${what}`;
  else s = m.sourceId === at ? `Split ${what} into a new conversation` : `Split from another conversation: ${what}`;
  return m.undoneAt ? `${s} (undone)` : s;
}

/**
 * Whether "Split from here" makes sense on a message: a customer's email with a message before it in the thread (the
 * split moves it and its later replies; something must stay). "Before" is the thread's order as the server gives it
 * (by time, and messages of the same time, such as two emails whose Date headers name the same second, in the order
 * they were stored), never a comparison of timestamps.
 *
 * @param thread the conversation's messages in thread order
 */
export function canSplitAt(m: Message, thread: Message[], channel: string): boolean {
  if (channel === "widget" || m.author !== "customer" || !m.email) return false;
  const at = thread.findIndex((x) => x.id === m.id);
  return at > 0 && thread.slice(0, at).some((x) => x.author !== "system");
}

/** The entry a move gets in a thread: what moved, a link to the other conversation, and Undo while it stands. */
export function moveItem(base: string, m: Move, at: string, onUndone: (m: Move) => void): HTMLElement {
  const other = m.sourceId === at ? m.targetId : m.sourceId;
  const li = h("li", { class: "msg move", "data-move": m.id },
    h("div", { class: "meta" }, h("span", { class: "author system" }, m.kind === "merge" ? "Merge" : "Split"),
      h("time", { datetime: m.createdAt, title: new Date(m.createdAt).toLocaleString() }, ago(m.createdAt))),
    h("p", { class: "text" }, moveText(m, at), " ", h("a", { href: `#/inbox/${other}`, class: "other" }, "Open the other conversation")));
  if (!m.undoneAt) {
    li.append(h("button", { type: "button", class: "secondary undo-move", onclick: async (e: Event) => {
      (e.target as HTMLButtonElement).disabled = true;
      try {
        const undone = await api<Move>(`${base}/conversation-moves/${m.id}/undo`, { method: "POST" });
        toast(m.kind === "merge" ? "Merge undone: the conversations are separate again." : "Split undone: the messages are back.");
        onUndone(undone);
      } catch (err) { toast((err as Error).message, "error"); (e.target as HTMLButtonElement).disabled = false; }
    } }, "Undo"));
  }
  return li;
}

interface Results { results: { conversation: Summary; snippet: string }[] }

/**
 * Opens the "Merge into…" dialog: the agent searches (the merchant search API; email conversations other than this
 * one), picks one, confirms, and the merge is made; {@code onMerged} gets the move.
 */
export function openMergeDialog(base: string, from: Summary, onMerged: (m: Move) => void): void {
  const input = h("input", { type: "search", id: "merge-search", placeholder: "Search: the customer's email, an order number, words…", "aria-label": "Find the conversation to merge into", autocomplete: "off" });
  const list = h("ul", { class: "merge-results", id: "merge-results", "aria-label": "Conversations" });
  const status = h("p", { class: "muted", role: "status" }, "Type to find the conversation this one continues.");
  const body = h("div", { class: "merge-body" }, input, status, list);
  const close = () => { dialog.close(); dialog.remove(); };
  const dialog = h("dialog", { class: "merge-dialog", id: "merge-dialog", "aria-label": "Merge into another conversation" },
    h("h3", {}, "Merge into…"), body,
    h("p", { class: "dialog-actions" }, h("button", { type: "button", class: "secondary", id: "merge-cancel", onclick: close }, "Cancel")));
  let seq = 0;
  let timer: number | undefined;
  const who = (c: Summary) => c.contact?.name ?? c.contact?.email ?? "Visitor";
  const named = (c: Summary) => `${who(c)}${c.lastMessage?.subject ? ` (“${c.lastMessage.subject}”)` : ""}`;
  const quoted = (t: string) => `“${t.length > 60 ? t.slice(0, 59).trimEnd() + "…" : t}”`;
  const thread = (c: Summary, fallback: string) => c.lastMessage?.subject ? quoted(c.lastMessage.subject)
    : c.lastMessage?.text ? `${fallback} (${quoted(c.lastMessage.text)})` : `${fallback} (active ${ago(c.lastActivityAt)})`;

  function confirm(target: Summary): void {
    body.replaceChildren(
      h("p", { id: "merge-question" }, (who(from) === who(target)
        // the usual case, one customer's two threads: name them by subject (or last activity), and the customer once
        ? `Merge ${thread(from, "this conversation")} into ${thread(target, "the other conversation")}? Both are with ${who(from)}. `
        : `Merge this conversation with ${named(from)} into the conversation with ${named(target)}? `)
        + "Every message, note, draft and ticket moves there, and replies to either thread land there. You can undo it."),
      h("p", { class: "dialog-actions" },
        h("button", { type: "button", id: "merge-confirm", onclick: async (e: Event) => {
          (e.target as HTMLButtonElement).disabled = true;
          try {
            const m = await api<Move>(`${base}/conversations/${from.id}/merge`, { method: "POST", body: { into: target.id } });
            close();
            onMerged(m);
          } catch (err) { toast((err as Error).message, "error"); (e.target as HTMLButtonElement).disabled = false; }
        } }, "Merge"),
        h("button", { type: "button", class: "secondary", onclick: () => { body.replaceChildren(input, status, list); input.focus(); } }, "Back")));
    (body.querySelector("#merge-confirm") as HTMLButtonElement).focus();
  }

  async function run(): Promise<void> {
    const q = input.value.trim();
    const mine = ++seq;
    if (!q) { list.replaceChildren(); return; }
    try {
      const r = await api<Results>(`${base}/search?${new URLSearchParams({ q, limit: "20" })}`);
      if (mine !== seq) return;
      const found = r.results.filter((x) => x.conversation.id !== from.id && x.conversation.channel !== "widget");
      status.textContent = found.length === 0 ? "No other email conversation matches." : `${n(found.length, "conversation")}: choose one`;
      list.replaceChildren(...found.map((x) => h("li", {}, h("button", { type: "button", class: "merge-choice", "data-id": x.conversation.id, onclick: () => confirm(x.conversation) },
        h("strong", {}, who(x.conversation)), " ", h("span", { class: `chip ch-${x.conversation.channel}` }, x.conversation.channel), " ",
        h("span", { class: "muted" }, x.conversation.lastMessage?.subject ?? x.conversation.lastMessage?.text.slice(0, 80) ?? ""), " ",
        h("time", { datetime: x.conversation.lastActivityAt }, ago(x.conversation.lastActivityAt))))));
    } catch (err) { if (mine === seq) status.textContent = (err as Error).message; }
  }

  input.addEventListener("input", () => { clearTimeout(timer); timer = window.setTimeout(() => void run(), 150); });
  dialog.addEventListener("cancel", () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  input.focus();
}
