// Drafts that earn trust: how each kind of draft fares in review (GET …/draft-kinds) in words, and whether it may go out
// without review (PUT …/draft-kinds/{kind}/autosend). Kept apart from the DOM so it can be tested.

/** One kind's review figures (see DraftGraduation.KindStats on the server). */
export interface KindStats {
  kind: string; reviewed: number; approvedUnedited: number; approvedEdited: number; discarded: number;
  unedited: number | null; typicalEdit: number | null; autoSent: number; autoSend: boolean; eligible: boolean;
  window: number; minUnedited: number;
}

const NAMES: Record<string, string> = {
  order_status: "Order status answers", llm: "Model answers", clarify: "“Did you mean…?” questions", notice: "Handoff notices", faq: "FAQ answers",
};

/** @return the kind in words; an FAQ item's kind names its question when known */
export function kindLabel(kind: string, faqQuestion?: string): string {
  if (kind.startsWith("faq:")) return faqQuestion ? `FAQ: “${faqQuestion}”` : "FAQ answer";
  return NAMES[kind] ?? kind;
}

const pct = (x: number) => `${Math.round(x * 100)} %`;

/** @return e.g. "18 of 20 approved unedited (90 %) · 1 edited (typically 12 % changed) · 1 discarded" */
export function figures(k: KindStats): string {
  if (k.reviewed === 0) return k.autoSent > 0 ? `${k.autoSent} sent without review` : "Not reviewed yet";
  const parts = [`${k.approvedUnedited} of ${k.reviewed} approved unedited (${pct(k.unedited ?? 0)})`];
  if (k.approvedEdited) parts.push(`${k.approvedEdited} edited${k.typicalEdit !== null ? ` (typically ${pct(k.typicalEdit)} changed)` : ""}`);
  if (k.discarded) parts.push(`${k.discarded} discarded`);
  if (k.autoSent) parts.push(`${k.autoSent} sent without review`);
  return parts.join(" · ");
}

/** @return what stands between the kind and auto-send, or null when it meets the bar */
export function barText(k: KindStats): string | null {
  if (k.eligible) return null;
  if (k.reviewed < k.window) return `Needs ${k.window - k.reviewed} more review${k.window - k.reviewed === 1 ? "" : "s"} (the last ${k.window} count)`;
  return `Needs ${pct(k.minUnedited)} of the last ${k.window} approved unedited`;
}
