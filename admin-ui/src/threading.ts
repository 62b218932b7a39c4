// Why an inbound email sits in its conversation: the rule the server recorded (`threading` on the message view)
// as one sentence, with the candidates it turned down listed under it.
import { ago, h } from "./dom";
import type { Message, Threading } from "./types";

const REASONS: Record<string, string> = {
  "different-participants": "another customer's conversation",
  "bulk-sender": "a newsletter or automatic mail",
  "too-old": "same subject, but too old",
  "changed-subject": "the subject changed: a new topic",
};

/** @return a reason code in plain words */
export function rejectionText(reason: string): string {
  return REASONS[reason] ?? reason;
}

/**
 * @param t       the decision
 * @param matched the message it matched when it is in this thread (else the match is elsewhere or gone)
 * @return the sentence shown above the message, e.g. "Threaded because it replies to Assistant's message (In-Reply-To)"
 */
export function threadingText(t: Threading, matched: Pick<Message, "author" | "createdAt"> | undefined): string {
  const whose = (a: Message["author"]) => a === "customer" ? "the customer's" : a === "assistant" ? "the assistant's" : "an agent's";
  const when = (iso: string) => { const a = ago(iso); return a === "now" ? "just now" : /\d (min|h)$/.test(a) ? `${a} ago` : `on ${a}`; };
  const who = matched ? `${whose(matched.author)} message from ${when(matched.createdAt)}` : "an earlier message";
  switch (t.rule) {
    case "in-reply-to": return `Threaded because it replies to ${who} (In-Reply-To)`;
    case "references": return `Threaded because its References name ${who}`;
    case "provider-thread": return `Threaded because the mailbox keeps it in the same thread as ${who}`;
    case "subject+participants": {
      const days = t.windowHours ? Math.round(t.windowHours / 24) : null;
      return `Threaded by subject: same customer, same mailbox, same subject as ${who}${days ? ` (within ${days} days)` : ""}`;
    }
    default: return t.rejected.length > 0 ? "Started a new conversation; earlier conversations were turned down" : "Started a new conversation";
  }
}

/** @return the line shown with an inbound email, or null for messages without a decision */
export function threadingNote(m: Message, thread: Message[]): HTMLElement | null {
  const t = m.threading;
  if (!t) return null;
  const matched = thread.find((x) => x.id === t.matchedMessageId);
  const line = h("span", {}, threadingText(t, matched));
  if (t.rejected.length === 0) return h("p", { class: "threading muted" }, line);
  return h("details", { class: "threading muted" }, h("summary", {}, line),
    h("ul", {}, ...t.rejected.map((r) => h("li", {},
      h("a", { href: `#/inbox/${r.conversationId}` }, "Conversation"), ` not joined: ${rejectionText(r.reason)}`))));
}
