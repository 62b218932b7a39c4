import { describe, expect, it } from "vitest";
import { insertCanned, matchCanned, slashQuery } from "../src/canned";
import { ago, duration, excerpt, linkParts } from "../src/dom";
import { busiest, heatmapCells } from "../src/heatmap";
import { matches, upsert, type InboxFilter } from "../src/inbox-model";
import { queueKey } from "../src/queue";
import { snippetParts } from "../src/snippet";
import { sortRows } from "../src/table";
import type { Canned, Summary } from "../src/types";

const row = (id: string, at: string, extra: Partial<Summary> = {}): Summary => ({
  id, status: "pending", channel: "widget", contact: null, unreadCount: 0, sentimentTrend: null, sentiment: null, tags: [], assigneeId: null,
  lastMessage: null, lastActivityAt: at, createdAt: at, pendingDrafts: 0, ...extra,
});
const pending: InboxFilter = { status: "pending", channel: null, hasDrafts: false };

describe("inbox", () => {
  it("moves a row with a new message to the top without duplicating it", () => {
    const rows = [row("a", "2026-11-21T10:00:00Z"), row("b", "2026-11-21T09:00:00Z")];
    const next = upsert(rows, row("b", "2026-11-21T11:00:00Z"), pending);
    expect(next.map((r) => r.id)).toEqual(["b", "a"]);
  });
  it("drops a row whose status left the tab and adds new ones in order", () => {
    const rows = [row("a", "2026-11-21T10:00:00Z"), row("b", "2026-11-21T09:00:00Z")];
    expect(upsert(rows, row("a", "2026-11-21T12:00:00Z", { status: "escalated" }), pending).map((r) => r.id)).toEqual(["b"]);
    expect(upsert(rows, row("c", "2026-11-21T09:30:00Z"), pending).map((r) => r.id)).toEqual(["a", "c", "b"]);
    // a conversation merged into another leaves the list (it is only a pointer now)
    expect(upsert(rows, row("a", "2026-11-21T12:00:00Z", { mergedInto: "b" }), pending).map((r) => r.id)).toEqual(["b"]);
  });
  it("applies the channel and drafts filters", () => {
    const f: InboxFilter = { status: "pending", channel: "gmail", hasDrafts: true };
    expect(matches(row("a", "2026-11-21T10:00:00Z", { channel: "gmail", pendingDrafts: 1 }), f)).toBe(true);
    expect(matches(row("a", "2026-11-21T10:00:00Z", { channel: "gmail" }), f)).toBe(false);
    expect(matches(row("a", "2026-11-21T10:00:00Z", { channel: "widget", pendingDrafts: 2 }), f)).toBe(false);
  });
});

describe("canned picker", () => {
  const all: Canned[] = [
    { id: "1", shortcut: "refund", title: "Refund policy", body: "Refunds take 5 days." },
    { id: "2", shortcut: "tracking", title: "Where is my order", body: "Track at {{order.tracking_url}}" },
    { id: "3", shortcut: "thanks", title: "Thank you", body: "Thanks!" },
  ];
  it("finds the query after a slash at a word start only", () => {
    expect(slashQuery("Hi /tra", 7)).toEqual({ query: "tra", start: 3 });
    expect(slashQuery("/", 1)).toEqual({ query: "", start: 0 });
    expect(slashQuery("see http://x/tra", 16)).toBeNull();
    expect(slashQuery("Hi /tra and more", 3)).toBeNull();
  });
  it("ranks shortcut prefixes before other matches", () => {
    expect(matchCanned(all, "t").map((c) => c.shortcut)).toEqual(["thanks", "tracking"]);
    expect(matchCanned(all, "order").map((c) => c.id)).toEqual(["2"]);
    expect(matchCanned(all, "zzz")).toEqual([]);
  });
  it("replaces the slash query with the body", () => {
    expect(insertCanned("Hi /ref, bye", 3, 7, "Refunds take 5 days.")).toEqual({ text: "Hi Refunds take 5 days., bye", caret: 23 });
  });
});

describe("search snippets", () => {
  it("turns marks into parts and decodes entities without making HTML", () => {
    expect(snippetParts("order <mark>#1042</mark> &amp; &lt;script&gt;")).toEqual([
      { text: "order ", marked: false }, { text: "#1042", marked: true }, { text: " & <script>", marked: false }]);
  });
});

describe("heatmap", () => {
  it("has 168 cells scaled to the busiest hour", () => {
    const grid = Array.from({ length: 7 }, () => Array(24).fill(0));
    grid[2][14] = 8;
    grid[0][9] = 2;
    const cells = heatmapCells(grid);
    expect(cells).toHaveLength(168);
    expect(cells.find((c) => c.day === 0 && c.hour === 9)!.intensity).toBe(0.25);
    expect(busiest(grid)).toMatchObject({ day: 2, hour: 14, count: 8 });
    expect(busiest([])).toBeNull();
  });
});

describe("tickets table", () => {
  it("sorts priorities by rank and dates by time", () => {
    const t = [{ priority: "low", createdAt: "2026-11-02T00:00:00Z" }, { priority: "urgent", createdAt: "2026-11-01T00:00:00Z" }, { priority: "high", createdAt: "2026-11-03T00:00:00Z" }];
    expect(sortRows(t, "priority", true).map((r) => r.priority)).toEqual(["urgent", "high", "low"]);
    expect(sortRows(t, "createdAt", false).map((r) => r.priority)).toEqual(["urgent", "low", "high"]);
  });
});

describe("draft queue keys", () => {
  it("maps keys outside text fields, and Ctrl+Enter anywhere", () => {
    expect(queueKey("j", false, false)).toBe("next");
    expect(queueKey("a", false, false)).toBe("approve");
    expect(queueKey("a", true, false)).toBeNull();
    expect(queueKey("Enter", true, true)).toBe("approve");
    expect(queueKey("x", false, false)).toBeNull();
  });
});

describe("formatting", () => {
  it("links URLs but not their trailing punctuation", () => {
    expect(linkParts("Track it: https://track.example/1Z999. Thanks")).toEqual([
      { text: "Track it: " }, { text: "https://track.example/1Z999", href: "https://track.example/1Z999" }, { text: ". Thanks" }]);
    expect(linkParts("javascript:alert(1)")).toEqual([{ text: "javascript:alert(1)" }]);
  });
  it("formats durations and ages", () => {
    expect(duration(42)).toBe("42 s");
    expect(duration(600)).toBe("10 min");
    expect(duration(9000)).toBe("2.5 h");
    expect(duration(null)).toBe("–");
    expect(ago("2026-11-21T10:00:00Z", Date.parse("2026-11-21T10:05:00Z"))).toBe("5 min");
  });

  it("cuts a preview at a word, with an ellipsis only when it cut", () => {
    const answer = "You'll get a tracking link by email as soon as your order ships.";
    expect(excerpt(answer, 30)).toBe("You'll get a tracking link by…");
    expect(excerpt(answer, 200)).toBe(answer);
    expect(excerpt("Duties and import taxes, calculated at checkout", 26)).toBe("Duties and import taxes…");
    expect(excerpt("Supercalifragilisticexpialidocious", 10)).toBe("Supercali…");
  });
});

describe("threading", () => {
  it("says which rule threaded an email and what was turned down", async () => {
    const { threadingText, rejectionText } = await import("../src/threading");
    const at = new Date(Date.now() - 2 * 3_600_000 - 60_000).toISOString();
    expect(threadingText({ rule: "in-reply-to", matchedMessageId: "m", windowHours: null, rejected: [] }, { author: "assistant", createdAt: at }))
      .toBe("Threaded because it replies to the assistant's message from 2 h ago (In-Reply-To)");
    expect(threadingText({ rule: "subject+participants", matchedMessageId: "m", windowHours: 336, rejected: [] }, undefined))
      .toBe("Threaded by subject: same customer, same mailbox, same subject as an earlier message (within 14 days)");
    expect(threadingText({ rule: "new", matchedMessageId: null, windowHours: null, rejected: [{ conversationId: "c", messageId: "m", reason: "changed-subject" }] }, undefined))
      .toContain("turned down");
    expect(rejectionText("bulk-sender")).toBe("a newsletter or automatic mail");
  });
});
