// The reply box's "/" canned-response picker: what the agent is typing after a slash, and which
// canned responses match it (shortcut prefix first, then anywhere in shortcut or title).
import type { Canned } from "./types";

/** @return the query after a "/" that starts a word right before the caret, or null when there is none */
export function slashQuery(text: string, caret: number): { query: string; start: number } | null {
  const before = text.slice(0, caret);
  const m = /(^|\s)\/([\w-]*)$/.exec(before);
  return m ? { query: m[2].toLowerCase(), start: caret - m[2].length - 1 } : null;
}

/** @return the canned responses matching the query, best first, at most `limit` */
export function matchCanned(all: Canned[], query: string, limit = 8): Canned[] {
  const q = query.toLowerCase();
  const rank = (c: Canned) => c.shortcut.toLowerCase().startsWith(q) ? 0 : c.shortcut.toLowerCase().includes(q) || c.title.toLowerCase().includes(q) ? 1 : 2;
  return all.filter((c) => rank(c) < 2).sort((a, b) => rank(a) - rank(b) || a.shortcut.localeCompare(b.shortcut)).slice(0, limit);
}

/** @return the text with the "/query" at `start` replaced by `body`, and the caret after it */
export function insertCanned(text: string, start: number, caret: number, body: string): { text: string; caret: number } {
  const out = text.slice(0, start) + body + text.slice(caret);
  return { text: out, caret: start + body.length };
}
