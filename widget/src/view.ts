// What the widget shows, as pure rules (tested without a DOM): which sections are due, who wrote a
// message and when, and the header's line about when the team answers.

/** What decides the visible sections. */
export interface SectionState {
  /** a conversation exists (it is created by the first message) */
  started: boolean;
  /** the store asks for name and email before the first message */
  preChatForm: boolean;
  /** the shopper filled in or skipped the pre-chat form */
  introduced: boolean;
  /** the latest resolution has an open survey the shopper has not answered */
  surveyDue: boolean;
}

export interface Sections { prechat: boolean; log: boolean; send: boolean; survey: boolean }

/**
 * Pre-chat only when the store enabled it and before the first message; the thread and the reply box
 * otherwise; the survey only after the conversation was resolved and until it is answered.
 */
export function sections(s: SectionState): Sections {
  const prechat = !s.started && s.preChatForm && !s.introduced;
  return { prechat, log: !prechat, send: !prechat, survey: !prechat && s.started && s.surveyDue };
}

export interface Authored { author: "customer" | "assistant" | "agent" | "system"; authorName?: string | null }

/** @return who wrote a message, as the shopper reads it: "You", "Assistant", the agent's name, or "" for notices */
export function authorOf(m: Authored): string {
  switch (m.author) {
    case "customer": return "You";
    case "assistant": return "Assistant";
    case "agent": return m.authorName || "Support team";
    default: return "";
  }
}

function pad(n: number): string { return n < 10 ? "0" + n : String(n); }

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * @return the time of a message in the shopper's local time: "14:02" today, "Mon 14:02" within the
 *         last six days, "21 Nov 14:02" before; "" for an unparsable time
 */
export function timeOf(iso: string, now: Date = new Date()): string {
  const t = new Date(iso);
  if (isNaN(t.getTime())) return "";
  const hm = pad(t.getHours()) + ":" + pad(t.getMinutes());
  const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  if (t.getTime() >= startOfToday) return hm;
  if (t.getTime() >= startOfToday - 6 * 86400000) return DAYS[t.getDay()] + " " + hm;
  return t.getDate() + " " + MONTHS[t.getMonth()] + " " + hm;
}

/** The conversation's state as the widget API reports it. */
export interface ConversationState { status: string; withTeam: boolean; expectedReply: string }

/**
 * @param usualReply the store's sentence about when the team usually answers (widget config)
 * @param state      the conversation, once there is one
 * @param person     who of the team answers the shopper here ({@link answeringPerson}), or null before a person replied
 * @return the header's second line: after a handoff when a person will reply, once they replied who the shopper is
 *         talking with, otherwise when the team usually answers
 */
export function statusLine(usualReply: string, state: ConversationState | null, person: string | null = null): string {
  if (!state || !state.withTeam || state.status === "resolved") return usualReply;
  return person === null ? state.expectedReply : "You're talking with " + person + ".";
}

/**
 * @param thread the messages shown, oldest first
 * @return the name of the person whose reply is the latest answer in the thread ("the support team" when it has no
 *         name), or null when the latest answer is the assistant's (a handoff notice: a person has yet to reply)
 */
export function answeringPerson(thread: Authored[]): string | null {
  for (let i = thread.length - 1; i >= 0; i--) {
    const m = thread[i];
    if (m.author === "agent") return m.authorName || "the support team";
    if (m.author === "assistant") return null;
  }
  return null;
}

/** @return whether the text looks like an email address (the server checks it again and says why when it is not) */
export function isEmail(s: string): boolean {
  return s.length <= 254 && /^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$/.test(s);
}

/**
 * @param offered whether the store sends transcripts (widget config)
 * @param started whether there is a conversation to send
 * @param shown   whether the thread is shown (not the pre-chat form)
 * @return whether the "Email me a transcript" row is due
 */
export function transcriptDue(offered: boolean, started: boolean, shown: boolean): boolean {
  return offered && started && shown;
}

/**
 * @param to   where the transcript goes
 * @param when {@code now} (the chat was resolved already: it is being sent) or {@code on-resolve}
 * @return the confirmation the shopper reads after asking for a transcript
 */
export function transcriptConfirmation(to: string, when: string): string {
  return when === "now" ? "A transcript of this chat is on its way to " + to + "."
    : "We'll email a transcript of this chat to " + to + " when it is resolved.";
}

/**
 * @param rating    the shopper's rating, {@code up} or {@code down}
 * @param reopened  whether the conversation is open again after the rating (a store may hand a thumbs-down to its team)
 * @param commented whether the shopper's comment was sent too
 * @return the thanks the survey shows once the rating is recorded: every rating is thanked; a thumbs-down also says
 *         sorry and, when it reopened the conversation, that a person will follow up in this chat
 */
export function surveyThanks(rating: string, reopened: boolean, commented: boolean): string {
  let s = rating === "down"
    ? "Thank you for your feedback, and we're sorry we didn't get this right."
      + (reopened ? " We've passed your conversation to our team, and someone will follow up here." : "")
    : "Thank you for your feedback!";
  if (commented) s += " We've received your comment.";
  else s += " You can still add a comment below.";
  return s;
}
