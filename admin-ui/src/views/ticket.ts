// One ticket's page (#/tickets/<number>): what happened (reason, category, summary, order, sentiment),
// its fields changed in place, its history, private notes, and the conversation itself.
import { api } from "../api";
import { h, toast } from "../dom";
import { orderLabel, words } from "../labels";
import type { Context } from "../main";
import { historyLine, type TicketEvent } from "../ticket-history";
import type { Agent, Detail, Ticket } from "../types";
import { conversationPanel } from "./conversation";

interface TicketDetail { ticket: Ticket; conversation: Detail; history: TicketEvent[] }

const STATUSES = ["new", "open", "waiting", "resolved"];
const PRIORITIES = ["low", "medium", "high", "urgent"];

export async function ticketPage(ctx: Context, number: number, categories: string[]): Promise<HTMLElement> {
  const base = `/api/stores/${ctx.store.id}/tickets/${number}`;
  const [detail, agents] = await Promise.all([api<TicketDetail>(base), api<Agent[]>(`/api/stores/${ctx.store.id}/agents`)]);
  const nameOf = (id: string) => agents.find((a) => a.id === id)?.name ?? null;
  const fields = h("div", { class: "ticket-fields" });
  const history = h("ol", { class: "history", "aria-label": "History" });
  const notes = h("ul", { class: "ticket-notes", "aria-label": "Notes" });

  async function reload(): Promise<void> {
    const d = await api<TicketDetail>(base);
    render(d);
  }

  async function change(patch: Record<string, unknown>): Promise<void> {
    try { await api(base, { method: "PATCH", body: patch }); toast(`Ticket #${number} updated.`); await reload(); }
    catch (e) { toast((e as Error).message, "error"); }
  }

  const select = (key: string, label: string, value: string, options: [string, string][]) =>
    h("label", {}, label, h("select", { id: `ticket-${key}`, onchange: (e: Event) => {
      const v = (e.target as HTMLSelectElement).value;
      void change(key === "assignee" ? (v ? { assigneeId: v } : { unassign: true }) : { [key]: v });
    } }, ...options.map(([v, l]) => h("option", { value: v, selected: v === value }, l))));

  function render(d: TicketDetail): void {
    const t = d.ticket;
    fields.replaceChildren(
      h("p", { class: "reason" }, h("strong", {}, words(t.escalationReason)), " · ", words(t.category),
        t.orderNumber ? ` · order ${orderLabel(t.orderNumber)}` : "",
        t.sentiment ? h("span", { class: `sentiment ${t.sentiment}` }, t.sentiment) : ""),
      h("p", { class: "summary", id: "ticket-summary-text" }, t.summary),
      h("div", { class: "filters" },
        select("status", "Status", t.status, STATUSES.map((s) => [s, words(s)])),
        select("priority", "Priority", t.priority, PRIORITIES.map((s) => [s, words(s)])),
        select("category", "Category", t.category, [...new Set([...categories, t.category])].map((s) => [s, words(s)])),
        select("assignee", "Assignee", t.assigneeId ?? "", [["", "Unassigned"], ...agents.map((a): [string, string] => [a.id, a.name])])));
    history.replaceChildren(...d.history.map((e) => h("li", {}, h("time", { datetime: e.createdAt }, new Date(e.createdAt).toLocaleString()), " ",
      historyLine(e, nameOf))));
    notes.replaceChildren(...d.conversation.notes.map((n) => h("li", {}, h("strong", {}, words(n.kind)), ": ", n.body)));
  }
  render(detail);

  const noteText = h("textarea", { id: "ticket-note", rows: 2, "aria-label": "New note", placeholder: "Private note (never shown to the customer)" });
  const noteForm = h("form", { class: "note-form", onsubmit: async (e: Event) => {
    e.preventDefault();
    if (!noteText.value.trim()) return;
    try { await api(`${base}/notes`, { method: "POST", body: { text: noteText.value } }); noteText.value = ""; await reload(); }
    catch (err) { toast((err as Error).message, "error"); }
  } }, noteText, h("button", { type: "submit" }, "Add note"));

  const panel = conversationPanel(ctx, detail.ticket.conversationId);
  ctx.onLeave(() => panel.dispose());
  return h("div", { class: "ticket-page" },
    h("p", {}, h("a", { href: "#/tickets" }, "← All tickets")),
    h("h2", {}, `Ticket #${number}`),
    h("div", { class: "ticket-grid" },
      h("section", { class: "ticket-info", "aria-label": "Ticket" }, fields,
        h("h3", {}, "History"), history, h("h3", {}, "Notes"), notes, noteForm),
      h("section", { class: "ticket-conversation", "aria-label": "Conversation" }, panel.el)));
}
