// Merchant search across every conversation: results as you type (debounced, stale answers dropped),
// matches highlighted, filters for channel, status and sentiment.
import { api } from "../api";
import { ago, h } from "../dom";
import type { Context } from "../main";
import { snippetParts } from "../snippet";
import type { Summary } from "../types";

interface Results { total: number; results: { conversation: Summary; snippet: string; score: number }[]; backend: string }

export async function searchView(ctx: Context): Promise<HTMLElement> {
  const input = h("input", { type: "search", id: "search-input", placeholder: "Search conversations: an order number, an email, words…", "aria-label": "Search", autocomplete: "off" });
  const channel = h("select", { "aria-label": "Channel" }, h("option", { value: "" }, "All channels"), ...["widget", "gmail", "outlook", "imap"].map((c) => h("option", { value: c }, c)));
  const status = h("select", { "aria-label": "Status" }, h("option", { value: "" }, "Any status"), ...["pending", "escalated", "resolved", "cancelled"].map((c) => h("option", { value: c }, c)));
  const sentiment = h("select", { "aria-label": "Sentiment" }, h("option", { value: "" }, "Any sentiment"), ...["positive", "neutral", "negative"].map((c) => h("option", { value: c }, c)));
  const summary = h("p", { class: "muted", role: "status" });
  const list = h("ol", { class: "results", id: "search-results" });
  let seq = 0;
  let timer: number | undefined;

  async function run(): Promise<void> {
    const q = input.value.trim();
    const mine = ++seq;
    if (!q) { list.replaceChildren(); summary.textContent = ""; return; }
    const params = new URLSearchParams({ q, limit: "25" });
    if (channel.value) params.set("channel", channel.value);
    if (status.value) params.set("status", status.value);
    if (sentiment.value) params.set("sentiment", sentiment.value);
    try {
      const r = await api<Results>(`/api/stores/${ctx.store.id}/search?${params}`);
      if (mine !== seq) return;
      summary.textContent = `${r.total} conversation${r.total === 1 ? "" : "s"}`;
      // the whole card is the link, the snippet included: that is where the eye (and the finger) is
      list.replaceChildren(...r.results.map((x) => h("li", {},
        h("a", { href: `#/inbox/${x.conversation.id}` },
          h("span", { class: "hit-head" }, h("strong", {}, x.conversation.contact?.name ?? x.conversation.contact?.email ?? "Visitor"),
            " ", h("span", { class: `chip ch-${x.conversation.channel}` }, x.conversation.channel), " ", h("span", { class: `status ${x.conversation.status}` }, x.conversation.status),
            " ", h("time", { datetime: x.conversation.lastActivityAt }, ago(x.conversation.lastActivityAt))),
          h("span", { class: "snippet" }, ...snippetParts(x.snippet).map((p) => (p.marked ? h("mark", {}, p.text) : document.createTextNode(p.text))))))));
    } catch (e) {
      if (mine === seq) summary.textContent = (e as Error).message;
    }
  }

  const schedule = () => { clearTimeout(timer); timer = window.setTimeout(() => void run(), 150); };
  input.addEventListener("input", schedule);
  [channel, status, sentiment].forEach((s) => s.addEventListener("change", schedule));
  ctx.onLeave(() => clearTimeout(timer));
  setTimeout(() => input.focus(), 0);
  return h("div", { class: "search" }, h("div", { class: "filters" }, input, channel, status, sentiment), summary, list);
}
