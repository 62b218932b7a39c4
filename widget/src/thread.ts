// The widget's rules, kept apart from the DOM so they can be tested: where a message goes in the
// thread (by time, never twice), which proactive cue applies to a page, and how text becomes
// text-and-link parts.

export interface Timed { id: string; createdAt: string }

/**
 * @return the index at which `m` goes into `thread` (sorted by createdAt, ties keep arrival order),
 *         or -1 when a message with its id is already there
 */
export function placeOf(thread: Timed[], m: Timed): number {
  if (thread.some((x) => x.id === m.id)) return -1;
  const t = Date.parse(m.createdAt);
  let i = thread.length;
  while (i > 0 && Date.parse(thread[i - 1].createdAt) > t) i--;
  return i;
}

export interface Cue { urlContains: string; afterSeconds: number; message: string }

/** @return the first cue whose text the URL contains, or null */
export function cueFor(cues: Cue[], url: string): Cue | null {
  return cues.find((c) => c.urlContains !== "" && url.indexOf(c.urlContains) >= 0) || null;
}

/** Splits text into plain parts and http(s) links (trailing punctuation stays text). */
export function linkParts(text: string): { text: string; href?: string }[] {
  const out: { text: string; href?: string }[] = [];
  const re = /https?:\/\/[^\s<>"')\]]+/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const url = m[0].replace(/[.,;:!?]+$/, "");
    if (m.index > last) out.push({ text: text.slice(last, m.index) });
    out.push({ text: url, href: url });
    last = m.index + url.length;
    re.lastIndex = last;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}

/**
 * A "Did you mean …?" question of the assistant (source `clarify`): its first line, then one line per
 * offered FAQ question starting with "• ". The widget shows the questions as quick replies; sending one
 * answers with that item.
 * @return the lead line and the offered questions, or null for any other message
 */
export function choicesOf(m: { source: string | null; text: string }): { lead: string; choices: string[] } | null {
  if (m.source !== "clarify") return null;
  const lines = m.text.split("\n");
  const choices = lines.slice(1).filter((l) => l.indexOf("• ") === 0).map((l) => l.slice(2).trim()).filter((l) => l !== "");
  return choices.length ? { lead: lines[0], choices } : null;
}
