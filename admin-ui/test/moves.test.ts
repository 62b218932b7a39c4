import { describe, expect, it } from "vitest";
import { canSplitAt, isMoveNote, moveText } from "../src/moves";
import type { Message, Move } from "../src/types";

const move = (extra: Partial<Move> = {}): Move => ({
  id: "m1", kind: "merge", sourceId: "a", targetId: "b", messages: 3, notes: 0, drafts: 1, tickets: 1, closedTicket: null,
  agentId: null, createdAt: "2026-01-01T10:00:00Z", undoneAt: null, ...extra,
});
const msg = (id: string, author: Message["author"], at: string, email = true): Message => ({
  id, conversationId: "c", author, text: "hi", source: null, citedFaqIds: [], orderNumber: null, sentiment: null, sentimentScore: null,
  createdAt: at, subject: null, html: null, attachments: [], agentId: null, autoSent: false,
  email: email ? { direction: "inbound", from: "a@x", to: [], quotedText: "", automatic: false, parseError: null, deliveryStatus: null } : null,
});

describe("moves", () => {
  it("says what a move did from either side", () => {
    expect(moveText(move(), "b")).toBe("Merged another conversation into this one: 3 messages, 1 draft, 1 ticket");
    expect(moveText(move(), "a")).toBe("Merged into another conversation: 3 messages, 1 draft, 1 ticket");
    expect(moveText(move({ kind: "split", messages: 1, drafts: 0, tickets: 0 }), "a")).toBe("Split 1 message into a new conversation");
    expect(moveText(move({ closedTicket: 7 }), "b")).toContain("ticket #7 closed");
    expect(moveText(move({ undoneAt: "2026-01-01T11:00:00Z" }), "b")).toMatch(/\(undone\)$/);
  });

  it("offers a split only on a customer's email with something before it", () => {
    const first = msg("1", "customer", "2026-01-01T10:00:00Z");
    const reply = msg("2", "assistant", "2026-01-01T10:01:00Z");
    const later = msg("3", "customer", "2026-01-01T10:05:00Z");
    const thread = [first, reply, later];
    expect(canSplitAt(first, thread, "imap")).toBe(false);
    expect(canSplitAt(later, thread, "imap")).toBe(true);
    expect(canSplitAt(reply, thread, "imap")).toBe(false);
    expect(canSplitAt(later, thread, "widget")).toBe(false);
    expect(canSplitAt(msg("4", "customer", "2026-01-01T10:06:00Z", false), thread, "imap")).toBe(false);
  });

  it("follows the thread's order when two emails share a timestamp (Date headers name seconds)", () => {
    const cracked = msg("b", "customer", "2026-01-01T10:00:00Z");
    const shipped = msg("a", "customer", "2026-01-01T10:00:00Z");
    const thread = [cracked, shipped];
    expect(canSplitAt(cracked, thread, "imap")).toBe(false);
    expect(canSplitAt(shipped, thread, "imap")).toBe(true);
    expect(canSplitAt(msg("z", "customer", "2026-01-01T10:00:00Z"), thread, "imap")).toBe(false); // not in the thread
    expect(canSplitAt(shipped, [msg("s", "system", "2026-01-01T09:00:00Z"), shipped], "imap")).toBe(false);
  });

  it("recognises the server's move notes and nothing else", () => {
    expect(isMoveNote({ author: "system", text: "Merged a conversation with ana@example.com into this conversation (2 messages)" })).toBe(true);
    expect(isMoveNote({ author: "system", text: "Split 2 messages into a new conversation" })).toBe(true);
    expect(isMoveNote({ author: "system", text: "Merge undone: 2 messages went back" })).toBe(true);
    expect(isMoveNote({ author: "customer", text: "Merged into another conversation" })).toBe(false);
    expect(isMoveNote({ author: "system", text: "Conversation resolved" })).toBe(false);
  });
});
