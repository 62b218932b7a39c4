// The knowledge base's "what next" panels: unanswered questions grouped by meaning, honest quality per
// FAQ item with the review list, the language model's cost beside hosted helpdesks' prices, and the
// "Preview on last 30 days" replay of a proposed change with its progress and changed conversations.
import { api } from "../api";
import { excerpt, h, shortened, toast } from "../dom";
import { KIND, describe, summarise } from "../replay-text";
import type { Cost, ItemQuality, ItemReview, PhrasingSuggestion, Replay, ReplayChange, UnansweredCluster } from "../types";

/** Groups of unanswered questions, largest first, with actions to write an item or add a phrasing to one of the nearest three. */
export async function clustersPanel(storeId: string, onWrite: (question: string, answer: string) => void,
                                    onAddPhrasing: (itemId: string, question: string) => void): Promise<HTMLElement> {
  const r = await api<{ clusters: UnansweredCluster[]; questions: number }>(`/api/stores/${storeId}/assistant/unanswered-clusters`);
  const list = r.clusters.length === 0 ? h("p", { class: "muted" }, "None — the FAQ covers what shoppers asked.") :
    h("ol", { class: "clusters" }, ...r.clusters.map((c) => {
      const near = c.nearestFaqItems[0];
      if (c.answeredNowBy) {
        return h("li", { class: "cluster covered" },
          h("p", {}, h("strong", { class: "cluster-size" }, `${c.size} shopper${c.size === 1 ? "" : "s"}`), " asked “", shortened(c.suggestedQuestion), "”"),
          h("p", { class: "muted" }, `✓ Answered now with “${c.answeredNowBy.question}”`));
      }
      return h("li", { class: "cluster" },
        h("p", {}, h("strong", { class: "cluster-size" }, `${c.size} shopper${c.size === 1 ? "" : "s"}`), " asked “", shortened(c.suggestedQuestion), "”",
          c.personAnswered ? h("span", { class: "muted" }, ` (${c.personAnswered} answered by a person)`) : null),
        c.examples.length > 1 ? h("details", {}, h("summary", {}, "Examples"), h("ul", {}, ...c.examples.map((e) => h("li", {}, shortened(e))))) : null,
        c.draftAnswer ? h("p", { class: "draft" }, h("em", {}, "Drafted answer (edit before saving): "), c.draftAnswer) : null,
        h("div", { class: "actions" },
          h("button", { class: "link write-faq", onclick: () => onWrite(c.suggestedQuestion, c.draftAnswer ?? "") }, "Write an FAQ item for this"),
          near ? nearPicker(c, onAddPhrasing) : null));
    }));
  return h("div", {}, h("h3", {}, "Questions the assistant could not answer (30 days)"), list);
}

/**
 * Questions shoppers asked before picking an item after "Did you mean …?": each becomes a phrasing of that item when
 * a shopper on another network picks it for the same question, or when the merchant adds it here. Empty: nothing shown.
 */
export async function suggestionsPanel(storeId: string, onChanged: () => Promise<void>): Promise<HTMLElement | null> {
  const base = `/api/stores/${storeId}/faq/suggested-phrasings`;
  const all = await api<PhrasingSuggestion[]>(base);
  if (all.length === 0) return null;
  const act = async (button: HTMLButtonElement, call: () => Promise<unknown>, done: string) => {
    button.disabled = true;
    try { await call(); toast(done); await onChanged(); } catch (e) { toast((e as Error).message, "error"); button.disabled = false; }
  };
  const row = (s: PhrasingSuggestion) => {
    const add = h("button", { class: "accept-phrasing", onclick: () => void act(add, () => api(`${base}/${s.id}/accept`, { method: "POST" }),
      "Added — the assistant answers it with this item now.") }, "Add as a phrasing") as HTMLButtonElement;
    const dismiss = h("button", { class: "secondary dismiss-phrasing", onclick: () => void act(dismiss, () => api(`${base}/${s.id}`, { method: "DELETE" }),
      "Dismissed.") }, "Dismiss") as HTMLButtonElement;
    return h("li", { class: "suggestion" },
      h("p", {}, h("a", { href: `#/inbox/${s.conversationId}` }, "“", shortened(s.text), "”"), " → ", h("strong", {}, shortened(s.itemQuestion))),
      h("div", { class: "actions" }, add, dismiss));
  };
  return h("div", {}, h("h3", {}, "Shoppers' choices to confirm"),
    h("p", { class: "muted" }, "After “Did you mean …?” these shoppers picked an item. A question becomes one of the item's phrasings when a shopper "
      + "on another network picks the same item for it, or when you add it."),
    h("ul", { class: "suggestions", "aria-label": "Suggested phrasings" }, ...all.map(row)));
}

/** "Add to [item ▾]": the cluster's question as a phrasing of the item the merchant picks among the nearest (nearest first). */
function nearPicker(c: UnansweredCluster, onAddPhrasing: (itemId: string, question: string) => void): HTMLElement {
  const pick = h("select", { class: "near-item", "aria-label": "FAQ item to add the question to" },
    // short enough for the whole option, similarity included, to show in the closed select on a phone
    ...c.nearestFaqItems.map((n) => h("option", { value: n.id, title: n.question }, `${excerpt(n.question, 32)} (${n.similarity.toFixed(2)})`))) as HTMLSelectElement;
  return h("span", { class: "near-add" },
    h("button", { class: "link add-phrasing", onclick: () => onAddPhrasing(pick.value, c.suggestedQuestion) }, "Add to"), " ", pick);
}

/** Per item: answers, followed by a person, reopened, rated down; and the items to review. */
export async function qualityPanel(storeId: string): Promise<HTMLElement> {
  const q = await api<{ items: ItemQuality[]; review: ItemReview[] }>(`/api/stores/${storeId}/assistant/faq-quality`);
  const heads = ["FAQ item", "Answers", "Then a person replied", "Reopened ≤ 7 d", "Rated down", "Right"];
  // each figure carries its column's name: on a phone the rows stack as cards, each figure beside its name
  const figure = (column: number, value: string) => h("td", { "data-label": heads[column] }, value);
  const table = q.items.length === 0 ? h("p", { class: "muted" }, "No FAQ answers in the last 30 days.") :
    h("table", { class: "quality" }, h("thead", {}, h("tr", {}, ...heads.map((t) => h("th", {}, t)))),
      h("tbody", {}, ...q.items.map((i) => h("tr", {}, h("td", {}, i.question), figure(1, String(i.answers)), figure(2, String(i.followedByPerson)),
        figure(3, String(i.reopened)), figure(4, String(i.ratedDown)), figure(5, i.answers ? `${Math.round(100 * i.right / i.answers)} %` : "–")))));
  const review = q.review.length === 0 ? null : h("div", { class: "review" }, h("h4", {}, "Review these items"),
    h("ul", {}, ...q.review.map((r) => h("li", {}, h("strong", {}, r.question), ` — ${r.ratedDown} rated down, ${r.followedByPerson} followed by a person's reply`,
      h("ul", {}, ...r.cases.map((c) => h("li", {}, h("a", { href: `#/inbox/${c.conversationId}` }, "“", shortened(c.question || "(no question)"), "”"),
        ` ${c.reason === "rated_down" ? "rated down" : "a person replied"}`)))))));
  return h("div", {}, h("h3", {}, "Answer quality per FAQ item (30 days)"), table, review);
}

/** Model tokens and cost per conversation beside what hosted helpdesks charge per AI resolution. */
export async function costPanel(storeId: string): Promise<HTMLElement> {
  const c = await api<Cost>(`/api/stores/${storeId}/assistant/cost`);
  const usd = (n: number | null) => n === null ? "–" : `$${n < 0.01 && n > 0 ? n.toFixed(4) : n.toFixed(2)}`;
  return h("div", {}, h("h3", {}, "What the assistant costs (30 days)"),
    h("p", {}, c.modelConfigured ? `${(c.inputTokens + c.outputTokens).toLocaleString()} tokens, ${usd(c.cost)} in total` : "No language model: answers are extractive, at no cost."),
    h("dl", { class: "cost" },
      h("dt", {}, "Per conversation (its own calls, mean)"), h("dd", { id: "cost-per-conversation" }, usd(c.costPerConversation ?? (c.modelConfigured ? null : 0))),
      ...(c.modelConfigured && c.costPerConversationMedian !== null ? [h("dt", {}, "Median, 90th percentile"),
        h("dd", {}, `${usd(c.costPerConversationMedian)}, ${usd(c.costPerConversationP90)}`)] : []),
      h("dt", {}, "Per conversation the assistant handled alone"), h("dd", {}, usd(c.costPerAssistantHandled ?? (c.modelConfigured ? null : 0))),
      ...c.anchors.flatMap((a) => [h("dt", { class: "muted" }, a.name), h("dd", { class: "muted" }, `${usd(a.perResolution)} per resolution`)])),
    h("p", { class: "muted" }, `Priced at $${c.pricePer1kInputTokens}/1k input and $${c.pricePer1kOutputTokens}/1k output tokens.`));
}

/** The FAQ change being previewed. */
export interface Proposal { add?: unknown[]; edit?: unknown[]; delete?: string[] }

/**
 * Replays `proposal` on the last 30 days, showing progress and then the conversations whose outcome
 * changes, with a Publish button (asking for confirmation when previously right answers change).
 */
export async function preview(storeId: string, proposal: Proposal, into: HTMLElement, onPublished: () => Promise<void>): Promise<void> {
  const base = `/api/stores/${storeId}/assistant/replays`;
  const bar = h("progress", { id: "replay-progress", max: 1, value: 0, "aria-label": "Replay progress" });
  const status = h("p", { class: "muted", role: "status" }, "Replaying the last 30 days of shopper messages…");
  into.replaceChildren(h("h3", {}, "Preview on last 30 days"), bar, status);
  const { id } = await api<{ id: string }>(base, { method: "POST", body: { faq: proposal } });
  let r: Replay;
  for (;;) {
    r = await api<Replay>(`${base}/${id}`);
    bar.value = r.progress;
    if (r.status !== "running") break;
    status.textContent = `Replaying… ${Math.round(r.progress * 100)} % of ${r.messages} messages`;
    await new Promise((ok) => setTimeout(ok, 400));
  }
  if (r.status === "failed") { status.textContent = `The replay failed: ${r.error}`; return; }
  status.textContent = summarise(r);
  const s = r.summary!;
  const changes = r.changes ?? [];
  const row = (c: ReplayChange) => h("li", { class: c.flagged ? "flagged" : "" },
    h("a", { href: `#/inbox/${c.conversationId}` }, "“", shortened(c.text), "”"),
    h("span", { class: "kind" }, ` ${KIND[c.kind] ?? c.kind}: `), `${describe(c.before)} → ${describe(c.after)}`,
    c.flagged ? h("strong", { class: "warn" }, " was answered right before") : null);
  const publish = h("button", { id: "replay-publish", onclick: async () => {
    if (s.flagged > 0 && !confirm(`This change turns ${s.flagged} previously right answer(s) into silence or another item. Publish anyway?`)) return;
    try {
      await api(`${base}/${id}/publish`, { method: "POST", body: { confirm: s.flagged > 0 } });
      toast("Published — the assistant answers with it now.");
      publish.disabled = true;
      await onPublished();
    } catch (e) { toast((e as Error).message, "error"); }
  } }, s.flagged > 0 ? "Publish anyway…" : "Publish");
  if (s.flagged > 0) into.append(h("p", { class: "warn", role: "alert" },
    `${s.flagged} answer${s.flagged === 1 ? "" : "s"} the assistant gave (no person replied after, not reopened, not rated down) would change.`));
  into.append(
    changes.length ? h("ul", { id: "replay-changes", "aria-label": "Conversations whose outcome changes" }, ...changes.map(row)) : h("p", { class: "muted" }, "No conversation's outcome changes."),
    h("div", { class: "actions" }, publish));
}
