import { describe as group, expect, it } from "vitest";
import { describe, summarise } from "../src/replay-text";
import type { Replay } from "../src/types";

group("replay text", () => {
  it("says what the assistant does with a message", () => {
    expect(describe({ outcome: "answered", faqItemId: "x", faqQuestion: "Do you sell gift cards?", reason: null })).toBe("answers with “Do you sell gift cards?”");
    expect(describe({ outcome: "escalated", faqItemId: null, faqQuestion: null, reason: "damaged_item" })).toBe("escalates (damaged item)");
    expect(describe({ outcome: "silent", faqItemId: null, faqQuestion: null, reason: "assistant_off" })).toBe("stays silent (assistant off)");
    expect(describe({ outcome: "clarify", faqItemId: null, faqQuestion: null, reason: null,
      choices: [{ faqItemId: "a", question: "Can I change my order?" }, { faqItemId: "b", question: "Can I cancel my order?" }] }))
      .toBe("asks “Did you mean …?” (“Can I change my order?”, “Can I cancel my order?”)");
  });

  it("summarises only the counts that changed", () => {
    const r = { id: "r", status: "done", progress: 1, messages: 12, error: null, publishedAt: null, changes: [],
      summary: { newlyAnswered: 3, newlySilent: 1, changedAnswer: 0, newlyEscalated: 0, noLongerEscalated: 0, unchanged: 8, otherChanges: 0, flagged: 1 } } as Replay;
    expect(summarise(r)).toBe("12 shopper messages replayed: 3 newly answered, 1 newly silent; 8 unchanged.");
    r.summary = { ...r.summary!, newlyAnswered: 0, newlySilent: 0, unchanged: 12 };
    expect(summarise(r)).toBe("12 shopper messages replayed: no outcome changes; 12 unchanged.");
    r.summary = { ...r.summary!, otherChanges: 2, unchanged: 10 };
    expect(summarise(r)).toBe("12 shopper messages replayed: 2 otherwise changed; 10 unchanged.");
  });
});
