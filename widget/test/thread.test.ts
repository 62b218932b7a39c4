import { describe, expect, it } from "vitest";
import { choicesOf, cueFor, linkParts, placeOf } from "../src/thread";

describe("thread", () => {
  const thread = [{ id: "a", createdAt: "2026-11-21T10:00:00Z" }, { id: "c", createdAt: "2026-11-21T10:02:00Z" }];
  it("never places a message twice (a reconnect re-reads the thread)", () => {
    expect(placeOf(thread, { id: "a", createdAt: "2026-11-21T10:00:00Z" })).toBe(-1);
  });
  it("places a message missed while offline by its time", () => {
    expect(placeOf(thread, { id: "b", createdAt: "2026-11-21T10:01:00Z" })).toBe(1);
    expect(placeOf(thread, { id: "d", createdAt: "2026-11-21T10:03:00Z" })).toBe(2);
    expect(placeOf(thread, { id: "z", createdAt: "2026-11-21T09:00:00Z" })).toBe(0);
  });
});

describe("proactive cues", () => {
  const cues = [{ urlContains: "/checkout", afterSeconds: 30, message: "Need help?" }, { urlContains: "/products/", afterSeconds: 5, message: "Questions?" }];
  it("picks the first cue whose text the URL contains", () => {
    expect(cueFor(cues, "https://shop.example/checkout?step=2")?.message).toBe("Need help?");
    expect(cueFor(cues, "https://shop.example/products/mug")?.afterSeconds).toBe(5);
    expect(cueFor(cues, "https://shop.example/")).toBeNull();
    expect(cueFor([{ urlContains: "", afterSeconds: 0, message: "x" }], "https://shop.example/")).toBeNull();
  });
});

describe("links", () => {
  it("links tracking URLs and leaves other text as text", () => {
    expect(linkParts("Tracking: 1Z999 https://www.ups.com/track?tracknum=1Z999.")).toEqual([
      { text: "Tracking: 1Z999 " }, { text: "https://www.ups.com/track?tracknum=1Z999", href: "https://www.ups.com/track?tracknum=1Z999" }, { text: "." }]);
    expect(linkParts("<img src=x onerror=alert(1)>")).toEqual([{ text: "<img src=x onerror=alert(1)>" }]);
  });
});

describe("did you mean", () => {
  it("reads the offered questions of a clarify message", () => {
    const m = { source: "clarify", text: "Did you mean one of these?\n• Can I change my order?\n• Can I cancel my order?" };
    expect(choicesOf(m)).toEqual({ lead: "Did you mean one of these?", choices: ["Can I change my order?", "Can I cancel my order?"] });
  });
  it("leaves every other message alone", () => {
    expect(choicesOf({ source: "faq", text: "Answer\n• a list in an answer" })).toBeNull();
    expect(choicesOf({ source: "clarify", text: "no choices" })).toBeNull();
  });
});
