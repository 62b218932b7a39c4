// Inbox: status tabs with counts and unread badges, channel and "has drafts" filters, rows newest
// activity first with a sentiment badge, kept live over the agents' WebSocket; the selected
// conversation opens beside the list (#/inbox/<conversation id>).
import { api } from "../api";
import { ago, h } from "../dom";
import { upsert, type InboxFilter } from "../inbox-model";
import type { Context } from "../main";
import type { Status, Summary } from "../types";
import { conversationPanel } from "./conversation";

const STATUSES: Status[] = ["pending", "escalated", "resolved", "cancelled"];
const CHANNELS = ["widget", "gmail", "outlook", "imap"];

export async function inboxView(ctx: Context): Promise<HTMLElement> {
  const base = `/api/stores/${ctx.store.id}/conversations`;
  const saved = JSON.parse(sessionStorage.getItem("handoff:inbox") ?? "null") as InboxFilter | null;
  const filter: InboxFilter = saved ?? { status: "escalated", channel: null, hasDrafts: false };
  let rows: Summary[] = [];
  let selected: string | null = ctx.route[1] ?? null;
  let panel: { el: HTMLElement; dispose(): void } | null = null;

  const tabs = h("div", { role: "tablist", class: "tabs", "aria-label": "Status" });
  const list = h("ul", { class: "rows", id: "inbox-rows", "aria-label": "Conversations" });
  const detail = h("section", { class: "detail", "aria-label": "Conversation" }, h("p", { class: "muted empty" }, "Choose a conversation."));
  const channel = h("select", { "aria-label": "Channel", id: "channel-filter", onchange: () => { filter.channel = channel.value || null; reload(); } },
    h("option", { value: "" }, "All channels"), ...CHANNELS.map((c) => h("option", { value: c, selected: filter.channel === c }, c)));
  const drafts = h("input", { type: "checkbox", id: "drafts-filter", checked: filter.hasDrafts, onchange: () => { filter.hasDrafts = drafts.checked; reload(); } });

  async function loadCounts(): Promise<void> {
    const q = new URLSearchParams();
    if (filter.channel) q.set("channel", filter.channel);
    if (filter.hasDrafts) q.set("hasDrafts", "true");
    const counts = await api<{ status: Status; conversations: number; unread: number }[]>(`${base}/counts?${q}`);
    tabs.replaceChildren(...STATUSES.map((s) => {
      const c = counts.find((x) => x.status === s);
      return h("button", { role: "tab", id: `tab-${s}`, "aria-selected": String(s === filter.status), onclick: () => { filter.status = s; reload(); } },
        s[0].toUpperCase() + s.slice(1), h("span", { class: "count" }, String(c?.conversations ?? 0)),
        c && c.unread > 0 ? h("span", { class: "badge", title: "Unread", "aria-label": `${c.unread} unread` }, String(c.unread)) : null);
    }));
  }

  function renderRows(): void {
    list.replaceChildren(...rows.map((r) => {
      const mood = r.sentiment;
      const who = r.contact?.name ?? r.contact?.email ?? "Visitor";
      return h("li", { class: `row${r.id === selected ? " selected" : ""}${r.unreadCount > 0 ? " unread" : ""}`, "data-id": r.id },
        h("a", { href: `#/inbox/${r.id}` },
          h("span", { class: "who" }, who),
          h("span", { class: `chip ch-${r.channel}` }, r.channel),
          mood ? h("span", { class: `sentiment ${mood}`, title: `Sentiment ${r.sentimentTrend?.toFixed(2)}` }, mood) : null,
          r.pendingDrafts > 0 ? h("span", { class: "chip pending-drafts" }, `${r.pendingDrafts} draft${r.pendingDrafts > 1 ? "s" : ""}`) : null,
          r.unreadCount > 0 ? h("span", { class: "badge", "aria-label": `${r.unreadCount} unread` }, String(r.unreadCount)) : null,
          h("time", { datetime: r.lastActivityAt }, ago(r.lastActivityAt)),
          h("span", { class: "last" }, r.lastMessage?.text.slice(0, 140) ?? "")));
    }));
    if (rows.length === 0) list.append(h("li", { class: "muted empty" }, `No ${filter.status} conversations.`));
  }

  async function reload(): Promise<void> {
    sessionStorage.setItem("handoff:inbox", JSON.stringify(filter));
    const q = new URLSearchParams({ status: filter.status, limit: "100" });
    if (filter.channel) q.set("channel", filter.channel);
    if (filter.hasDrafts) q.set("hasDrafts", "true");
    const [loaded] = await Promise.all([api<Summary[]>(`${base}?${q}`), loadCounts()]);
    rows = loaded;
    renderRows();
  }

  function open(id: string | null): void {
    selected = id;
    panel?.dispose();
    panel = null;
    renderRows();
    root.classList.toggle("has-selection", !!id);
    if (!id) { detail.replaceChildren(h("p", { class: "muted empty" }, "Choose a conversation.")); return; }
    panel = conversationPanel(ctx, id);
    // on a phone the list and the conversation take turns: this link goes back to the list
    detail.replaceChildren(h("a", { href: "#/inbox", class: "back", id: "back-to-inbox" }, "← Inbox"), panel.el);
  }

  let countsTimer: number | undefined;
  ctx.onLeave(ctx.live.on((e) => {
    if (e.type === "ready") void reload();
    if (e.type === "conversation") {
      rows = upsert(rows, e.conversation, filter);
      renderRows();
      clearTimeout(countsTimer);
      countsTimer = window.setTimeout(() => void loadCounts(), 300);
    }
  }));
  ctx.onLeave(() => panel?.dispose());
  ctx.onRoute((route) => open(route[1] ?? null));

  const root = h("div", { class: "inbox" },
    h("div", { class: "list" }, tabs, h("div", { class: "filters" }, channel, h("label", {}, drafts, " Has drafts")), list),
    detail);
  await reload();
  open(selected);
  return root;
}
