// The inbox list's rules, kept apart from the DOM so they can be tested: which rows a filter shows,
// and how a live update moves a row (newest activity first, no duplicates).
import type { Status, Summary } from "./types";

export interface InboxFilter { status: Status; channel: string | null; hasDrafts: boolean }

/** @return whether the row belongs in the list under this filter (a merged conversation is only a pointer: never) */
export function matches(row: Summary, f: InboxFilter): boolean {
  return !row.mergedInto && row.status === f.status && (f.channel === null || row.channel === f.channel) && (!f.hasDrafts || row.pendingDrafts > 0);
}

/** @return the rows with `row` replaced or added (or removed when it no longer matches), newest activity first */
export function upsert(rows: Summary[], row: Summary, f: InboxFilter): Summary[] {
  const rest = rows.filter((r) => r.id !== row.id);
  if (!matches(row, f)) return rest;
  return [...rest, row].sort((a, b) => Date.parse(b.lastActivityAt) - Date.parse(a.lastActivityAt));
}
