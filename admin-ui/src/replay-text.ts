// Words for a replay's outcomes and summary (pure, tested in test/replay-text.test.ts).
import type { Outcome, Replay } from "./types";

/** One line for what the assistant does with a message. */
export function describe(o: Outcome): string {
  switch (o.outcome) {
    case "answered": return `answers with “${o.faqQuestion ?? "an FAQ item"}”`;
    case "clarify": return `asks “Did you mean …?” (${(o.choices ?? []).map((c) => `“${c.question}”`).join(", ")})`;
    case "order_status": return "looks up the order";
    case "escalated": return `escalates (${(o.reason ?? "").replace(/_/g, " ")})`;
    case "silent": return o.reason === "assistant_off" ? "stays silent (assistant off)" : "stays silent";
    case "no_answer_needed": return "needs no answer";
    case "person": return "leaves it to a person";
    default: return o.outcome;
  }
}

export const KIND: Record<string, string> = {
  newlyAnswered: "Newly answered", newlySilent: "Newly silent", changedAnswer: "Answer changes",
  newlyEscalated: "Newly escalated", noLongerEscalated: "No longer escalated", changed: "Changes",
};

/** @return the summary sentence of a finished replay */
export function summarise(r: Replay): string {
  const s = r.summary!;
  const parts = [[s.newlyAnswered, "newly answered"], [s.newlySilent, "newly silent"], [s.changedAnswer, "answered differently"],
    [s.newlyEscalated, "newly escalated"], [s.noLongerEscalated, "no longer escalated"], [s.otherChanges ?? 0, "otherwise changed"]]
    .filter(([n]) => (n as number) > 0).map(([n, what]) => `${n} ${what}`);
  return `${r.messages} shopper messages replayed: ${parts.length ? parts.join(", ") : "no outcome changes"}; ${s.unchanged} unchanged.`;
}

