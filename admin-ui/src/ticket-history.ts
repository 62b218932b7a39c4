// How a ticket's history reads: one sentence per recorded change (TicketEvent rows of GET …/tickets/{number}).

import { words } from "./labels";

export interface TicketEvent { id: string; agentId: string | null; field: string; oldValue: string | null; newValue: string | null; createdAt: string }

/**
 * @return the sentence a history entry reads as, e.g. "Admin changed priority from high to urgent". Changes no agent
 *         made are the assistant's (it opens and updates tickets); a note is its own sentence ("Admin: merged into
 *         ticket #12").
 */
export function historyLine(e: TicketEvent, agentName: (id: string) => string | null): string {
  const agent = e.agentId ? agentName(e.agentId) ?? "An agent" : null;
  if (e.field === "created") return `${agent ?? "The assistant"} opened the ticket (${words(e.newValue)})`;
  if (e.field === "note") {
    const note = e.newValue ?? "";
    return agent ? `${agent}: ${note}` : note.charAt(0).toUpperCase() + note.slice(1);
  }
  const value = (v: string | null) => (e.field === "assignee" ? (v ? agentName(v) ?? "an agent" : "nobody") : words(v) || "none");
  return `${agent ?? "The assistant"} changed ${e.field} from ${value(e.oldValue)} to ${value(e.newValue)}`;
}
