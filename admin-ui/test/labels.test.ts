import { describe, expect, it } from "vitest";
import { orderLabel, sourceLabel, statusLabel, words } from "../src/labels";

describe("labels", () => {
  it("writes an order number with one #", () => {
    expect(orderLabel("#1034")).toBe("#1034");
    expect(orderLabel("1034")).toBe("#1034");
    expect(orderLabel("##1034")).toBe("#1034");
  });
  it("writes statuses in words", () => {
    expect(statusLabel("in_transit")).toBe("In transit");
    expect(statusLabel("fulfilled")).toBe("Shipped");
    expect(statusLabel("paid")).toBe("Paid");
    expect(statusLabel("some_new_state")).toBe("Some new state");
    expect(statusLabel(null)).toBe("");
    expect(words("damaged_or_defective")).toBe("Damaged or defective");
  });
  it("never calls a handoff notice an FAQ answer", () => {
    expect(sourceLabel(null)).toBe("Handoff notice");
    expect(sourceLabel("faq")).toBe("Answered from the FAQ");
    expect(sourceLabel("order_status")).toBe("Order status");
  });
});
