// Tickets: a table with filters and sort; status, priority, category and assignee change inline.
import { orderLabel } from "../labels";
import { api } from "../api";
import { ago, h, toast } from "../dom";
import type { Context } from "../main";
import { sortRows } from "../table";
import { ticketPage } from "./ticket";
import type { Agent, Ticket } from "../types";

const STATUSES = ["new", "open", "waiting", "resolved"];
const PRIORITIES = ["low", "medium", "high", "urgent"];
const CATEGORIES = ["general", "order_status", "delivery_problem", "damaged_or_defective", "wrong_item", "returns_refunds", "billing", "product_question", "account"];

export async function ticketsView(ctx: Context): Promise<HTMLElement> {
  if (/^\d+$/.test(ctx.route[1] ?? "")) return ticketPage(ctx, Number(ctx.route[1]), CATEGORIES);
  const base = `/api/stores/${ctx.store.id}/tickets`;
  const agents = await api<Agent[]>(`/api/stores/${ctx.store.id}/agents`);
  const filter = { status: "", priority: "", category: "", assignee: "" };
  let sort: { key: keyof Ticket; descending: boolean } = { key: "priority", descending: true };
  let tickets: Ticket[] = [];
  const body = h("tbody");
  const select = (name: keyof typeof filter, label: string, options: [string, string][]) =>
    h("select", { "aria-label": label, onchange: (e: Event) => { filter[name] = (e.target as HTMLSelectElement).value; void load(); } },
      h("option", { value: "" }, `Any ${label.toLowerCase()}`), ...options.map(([v, l]) => h("option", { value: v }, l)));

  async function load(): Promise<void> {
    const q = new URLSearchParams({ limit: "200" });
    for (const [k, v] of Object.entries(filter)) if (v) q.set(k, v);
    tickets = await api<Ticket[]>(`${base}?${q}`);
    render();
  }

  async function change(t: Ticket, patch: Record<string, unknown>): Promise<void> {
    try {
      const updated = await api<Ticket>(`${base}/${t.number}`, { method: "PATCH", body: patch });
      tickets = tickets.map((x) => (x.number === t.number ? updated : x));
      toast(`Ticket #${t.number} updated.`);
      render();
    } catch (e) { toast((e as Error).message, "error"); }
  }

  const inline = (t: Ticket, key: string, value: string, options: [string, string][]) =>
    h("select", { "aria-label": `${key} of ticket ${t.number}`, class: `inline inline-${key}`,
      onchange: (e: Event) => {
        const v = (e.target as HTMLSelectElement).value;
        void change(t, key === "assignee" ? (v ? { assigneeId: v } : { unassign: true }) : { [key]: v });
      } }, ...options.map(([v, l]) => h("option", { value: v, selected: v === value }, l)));

  /** a cell with its column's name, which shows only on a phone, where the rows are cards without the header */
  const cell = (label: string, content: Node | string) =>
    h("td", { class: "field" }, h("span", { class: "cell-label", "aria-hidden": "true" }, label), content);

  function render(): void {
    body.replaceChildren(...sortRows(tickets, sort.key, sort.descending).map((t) => h("tr", { "data-number": String(t.number) },
      h("td", {}, h("a", { href: `#/tickets/${t.number}`, class: "ticket-link" }, `#${t.number}`)),
      h("td", { class: "summary" }, t.summary),
      cell("Status", inline(t, "status", t.status, STATUSES.map((s) => [s, s]))),
      cell("Priority", inline(t, "priority", t.priority, PRIORITIES.map((s) => [s, s]))),
      cell("Category", inline(t, "category", t.category, [...new Set([...CATEGORIES, t.category])].map((s) => [s, s.replaceAll("_", " ")]))),
      cell("Assignee", inline(t, "assignee", t.assigneeId ?? "", [["", "Unassigned"], ...agents.map((a): [string, string] => [a.id, a.name])])),
      t.orderNumber ? cell("Order", orderLabel(t.orderNumber)) : h("td", {}),
      cell("Created", h("time", { datetime: t.createdAt }, ago(t.createdAt))))));
    if (tickets.length === 0) body.append(h("tr", {}, h("td", { colspan: 8, class: "muted" }, "No tickets match.")));
  }

  const head = h("thead");
  const COLUMNS: [keyof Ticket, string][] = [["number", "Ticket"], ["summary", "Summary"], ["status", "Status"], ["priority", "Priority"],
    ["category", "Category"], ["assigneeId", "Assignee"], ["orderNumber", "Order"], ["createdAt", "Created"]];
  function renderHead(): void {
    head.replaceChildren(h("tr", {}, ...COLUMNS.map(([key, label]) => h("th", { scope: "col", "aria-sort": sort.key === key ? (sort.descending ? "descending" : "ascending") : null },
      h("button", { class: "link", onclick: () => { sort = { key, descending: sort.key === key ? !sort.descending : false }; renderHead(); render(); } }, label)))));
  }
  renderHead();
  const wrap = h("div", {}, h("div", { class: "filters" },
    select("status", "Status", STATUSES.map((s) => [s, s])), select("priority", "Priority", PRIORITIES.map((s) => [s, s])),
    select("category", "Category", CATEGORIES.map((s) => [s, s.replaceAll("_", " ")])),
    select("assignee", "Assignee", [["me", "Me"], ...agents.map((a): [string, string] => [a.id, a.name])])),
    h("table", { class: "tickets" }, head, body));
  ctx.onLeave(ctx.live.on((e) => { if (e.type === "conversation" && e.conversation.status === "escalated") void load(); }));
  await load();
  return wrap;
}
