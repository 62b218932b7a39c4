// How a ticket's history reads: one sentence per recorded change (TicketEvent rows of GET …/tickets/{number}).

import { words } from "./labels";

export interface TicketEvent { id: string; agentId: string | null; field: string; oldValue: string | null; newValue: string | null; createdAt: string }

/**
 * @return the sentence a history entry reads as, e.g. "Admin changed priority from high to urgent". Changes no agent
 *         made are the assistant's (it opens and updates tickets), except a status, which follows the conversation
 *         ("Status changed from Waiting to Open"); a note is its own sentence ("The customer replied", "Admin: merged into ticket #12").
 */
export function historyLine(e: TicketEvent, agentName: (id: string) => string | null): string {
  const agent = e.agentId ? agentName(e.agentId) ?? "An agent" : null;
  if (e.field === "created") return `${agent ?? "The assistant"} opened the ticket (${words(e.newValue)})`;
  if (e.field === "note") {
    const note = e.newValue ?? "";
    return agent ? `${agent}: ${note}` : note.charAt(0).toUpperCase() + note.slice(1);
  }
  const value = (v: string | null) => (e.field === "assignee" ? (v ? agentName(v) ?? "an agent" : "nobody") : words(v) || "none");
  const fromTo = `from ${value(e.oldValue)} to ${value(e.newValue)}`;
  if (agent) return `${agent} changed ${e.field} ${fromTo}`;
  // a status no agent set followed the conversation (an agent's reply, the shopper's message)
  return e.field === "status" ? `Status changed ${fromTo}` : `The assistant changed ${e.field} ${fromTo}`;
}
