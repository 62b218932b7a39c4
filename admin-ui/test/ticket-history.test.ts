import { describe, expect, it } from "vitest";
import { historyLine, type TicketEvent } from "../src/ticket-history";

const event = (field: string, oldValue: string | null, newValue: string | null, agentId: string | null = null): TicketEvent =>
  ({ id: "e", agentId, field, oldValue, newValue, createdAt: "2026-12-01T00:00:00Z" });
const names = (id: string) => (id === "a1" ? "Dana" : null);

describe("ticket history", () => {
  it("names the agent who changed a field", () => {
    expect(historyLine(event("priority", "high", "urgent", "a1"), names)).toBe("Dana changed priority from High to Urgent");
    expect(historyLine(event("status", "new", "open", "a1"), names)).toBe("Dana changed status from New to Open");
    expect(historyLine(event("assignee", null, "a1", "zz"), names)).toBe("An agent changed assignee from nobody to Dana");
  });
  it("says the assistant opened the ticket", () => {
    expect(historyLine(event("created", null, "damaged_item"), names)).toBe("The assistant opened the ticket (Damaged item)");
  });
  it("tells a change no agent made as the assistant's", () => {
    expect(historyLine(event("category", "general", "wrong_item"), names)).toBe("The assistant changed category from General to Wrong item");
  });
  it("reads a note as a sentence of its own", () => {
    expect(historyLine(event("note", null, "merged into ticket #12"), names)).toBe("Merged into ticket #12");
    expect(historyLine(event("note", null, "merged into ticket #12", "a1"), names)).toBe("Dana: merged into ticket #12");
  });
});
