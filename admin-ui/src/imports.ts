// How a FAQ import reads on the knowledge-base page: its progress while it runs, what it did once done,
// and why it stopped when it failed.
import type { FaqImport } from "./types";

const n = (x: number): string => x.toLocaleString("en-US");

/** @return one sentence on where the import stands */
export function importSummary(i: FaqImport): string {
  if (i.status === "running") {
    const pct = i.total ? Math.floor((i.processed / i.total) * 100) : 0;
    return `Importing… ${n(i.processed)} of ${n(i.total)} rows (${pct} %).`;
  }
  if (i.status === "failed") return `Import failed. ${i.failure ?? ""}`.trim();
  const parts = [`${n(i.created)} new`, `${n(i.updated)} updated`, `${n(i.unchanged)} unchanged`];
  if (i.failed) parts.push(`${n(i.failed)} ${i.failed === 1 ? "row" : "rows"} skipped`);
  return `Imported ${n(i.total)} ${i.total === 1 ? "row" : "rows"}: ${parts.join(", ")} — searchable now.`;
}

/** @return the skipped rows as lines ("Row 17: Answer is required"), at most `max`, with a count of the rest */
export function importErrors(i: FaqImport, max = 20): string[] {
  const lines = i.errors.slice(0, max).map((e) => `Row ${e.row}: ${e.detail}`);
  const rest = i.failed - lines.length;
  if (rest > 0) lines.push(`…and ${n(rest)} more`);
  return lines;
}
