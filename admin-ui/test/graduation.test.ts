import { describe, expect, it } from "vitest";
import { barText, figures, kindLabel, type KindStats } from "../src/graduation";

const k = (extra: Partial<KindStats> = {}): KindStats => ({
  kind: "faq:1", reviewed: 20, approvedUnedited: 18, approvedEdited: 1, discarded: 1, unedited: 0.9, typicalEdit: 0.12,
  autoSent: 0, autoSend: false, eligible: false, window: 50, minUnedited: 0.95, ...extra,
});

describe("draft graduation", () => {
  it("names kinds", () => {
    expect(kindLabel("faq:1", "Do you ship to Canada?")).toBe("FAQ: “Do you ship to Canada?”");
    expect(kindLabel("order_status")).toBe("Order status answers");
  });
  it("says the figures", () => {
    expect(figures(k())).toBe("18 of 20 approved unedited (90 %) · 1 edited (typically 12 % changed) · 1 discarded");
    expect(figures(k({ reviewed: 0, approvedUnedited: 0, approvedEdited: 0, discarded: 0, unedited: null }))).toBe("Not reviewed yet");
  });
  it("says what the bar still needs", () => {
    expect(barText(k())).toBe("Needs 30 more reviews (the last 50 count)");
    expect(barText(k({ reviewed: 50, approvedUnedited: 45, unedited: 0.9 }))).toBe("Needs 95 % of the last 50 approved unedited");
    expect(barText(k({ eligible: true }))).toBeNull();
  });
});
