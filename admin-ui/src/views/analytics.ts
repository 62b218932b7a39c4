// Analytics: the figures of the period, the 7×24 busiest-hours heatmap, sentiment per day, the
// weekly CSAT trend, per-channel volumes and the top ticket categories, drawn with Chart.js.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from "chart.js";
import { api } from "../api";
import { duration, h } from "../dom";
import { busiest, heatmapCells, WEEKDAYS } from "../heatmap";
import { words } from "../labels";
import type { Context } from "../main";
import type { Analytics, HelpStats } from "../types";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend);

const DAY = 86_400_000;

export async function analyticsView(ctx: Context): Promise<HTMLElement> {
  const base = `/api/stores/${ctx.store.id}`;
  const charts: Chart<any>[] = [];
  ctx.onLeave(() => charts.forEach((c) => c.destroy()));
  const period = h("select", { "aria-label": "Period", id: "analytics-period" }, ...[[7, "Last 7 days"], [30, "Last 30 days"], [90, "Last 90 days"]].map(([d, l]) =>
    h("option", { value: String(d), selected: d === 30 }, String(l))));
  const body = h("div", { class: "analytics-body" });
  period.addEventListener("change", () => void render());

  function chart(canvas: HTMLCanvasElement, config: any): void {
    charts.push(new Chart(canvas, { ...config, options: { animation: false, responsive: true, maintainAspectRatio: false, ...config.options } }));
  }

  async function render(): Promise<void> {
    charts.splice(0).forEach((c) => c.destroy());
    const days = Number(period.value);
    const to = new Date();
    const from = new Date(to.getTime() - days * DAY);
    const weeks = Math.max(2, Math.min(12, Math.round(days / 7)));
    const [a, help, csat] = await Promise.all([
      api<Analytics>(`${base}/analytics?from=${from.toISOString()}&to=${to.toISOString()}`),
      api<HelpStats>(`${base}/help/stats?from=${from.toISOString()}&to=${to.toISOString()}`),
      Promise.all(Array.from({ length: weeks }, (_, i) => {
        const end = new Date(to.getTime() - (weeks - 1 - i) * 7 * DAY);
        const start = new Date(end.getTime() - 7 * DAY);
        return api<{ score: number | null; ratings: number }>(`${base}/csat?from=${start.toISOString()}&to=${end.toISOString()}`)
          .then((s) => ({ week: start.toISOString().slice(5, 10), ...s }));
      })),
    ]);
    const kpi = (label: string, value: string, hint = "") => h("div", { class: "kpi" }, h("span", { class: "value" }, value), h("span", { class: "label" }, label), hint ? h("span", { class: "muted" }, hint) : null);
    const pct = (x: number | null) => (x === null ? "–" : `${Math.round(x * 100)} %`);
    const canvas = () => h("canvas", {});
    const sentimentCanvas = canvas(), csatCanvas = canvas(), channelCanvas = canvas(), categoryCanvas = canvas();
    // categories in words, as the ticket page names them ("damaged_or_defective" → "Damaged or defective")
    const categories = a.topCategories.map((c) => ({ label: words(c.key), count: c.count }));
    categoryCanvas.setAttribute("role", "img");
    categoryCanvas.setAttribute("aria-label", `Tickets per category: ${categories.map((c) => `${c.label} ${c.count}`).join(", ") || "none"}`);
    const peak = busiest(a.busiestHours);
    body.replaceChildren(
      h("div", { class: "kpis" },
        kpi("Conversations", String(a.conversations)),
        kpi("Handled by the assistant alone", pct(a.assistant.automationRate),
          `${a.assistant.confirmed} resolved · ${a.assistant.assumed} went quiet after its answer · ${a.assistant.reopened} reopened within 7 days`),
        kpi("Self-service deflection", pct(help.deflectionRate), `${help.deflected} of ${help.sessions} help sessions, no chat in 30 min`),
        kpi("Resolved with a person", String(a.resolvedWithHuman)),
        kpi("Escalation rate", pct(a.escalationRate), `${a.escalated} escalated`),
        kpi("Team's first response", duration(a.assistant.teamFirstResponse.median), `p90 ${duration(a.assistant.teamFirstResponse.p90)} · first person's reply`),
        kpi("Assistant's first answer", duration(a.assistant.assistantFirstResponse.median), `p90 ${duration(a.assistant.assistantFirstResponse.p90)}`),
        kpi("Resolution time", duration(a.resolutionSeconds.median), `p90 ${duration(a.resolutionSeconds.p90)}`),
        kpi("CSAT", pct(a.csat)),
        kpi("Email replies sent automatically", String(a.drafts.autoSent),
          `${a.drafts.approvedUnedited} approved as drafted · ${a.drafts.approvedEdited} edited · ${a.drafts.discarded} discarded · ${a.drafts.superseded} replied to by hand first · ${a.drafts.pending} waiting`)),
      h("div", { class: "charts" },
        h("figure", {}, h("figcaption", {}, "Customer sentiment per day"), h("div", { class: "chart" }, sentimentCanvas)),
        h("figure", {}, h("figcaption", {}, "CSAT per week"), h("div", { class: "chart" }, csatCanvas)),
        h("figure", {}, h("figcaption", {}, "By channel"), h("div", { class: "chart" }, channelCanvas)),
        h("figure", {}, h("figcaption", {}, "Ticket categories"), h("div", { class: "chart" }, categoryCanvas))),
      h("figure", { class: "heatmap-fig" }, h("figcaption", {}, "Busiest hours (conversations started, store time)",
        peak ? h("span", { class: "muted" }, ` — peak ${WEEKDAYS[peak.day]} ${String(peak.hour).padStart(2, "0")}:00`) : null), heatmap(a.busiestHours)),
      h("section", { class: "help-stats" }, h("h3", {}, "Help center"),
        h("p", { class: "muted" }, `${help.views} answers viewed, ${help.searches} searches, ${help.searchesWithoutResult} without a result`),
        help.items.length === 0 ? h("p", { class: "muted", id: "help-items-empty" }, "No help center answer was read in this period.") :
        h("table", { class: "help-items", "aria-label": "Help center answers" },
          h("tr", {}, h("th", { scope: "col" }, "Answer"), h("th", { scope: "col" }, "Views"), h("th", { scope: "col" }, "Helpful"), h("th", { scope: "col" }, "Not helpful")),
          ...help.items.slice(0, 10).map((i) => h("tr", {}, h("td", {}, h("a", { href: `#/knowledge/${i.itemId}` }, i.question)),
            h("td", {}, String(i.views)), h("td", {}, String(i.helpful)), h("td", {}, String(i.notHelpful))))),
        help.unansweredSearches.length ? h("p", {}, "Searched without a result: ", ...help.unansweredSearches.slice(0, 10).map((u, n) =>
          h("span", {}, `${n ? ", " : ""}“${u.query}” ×${u.count}`))) : null),
      h("section", { class: "top-faq" }, h("h3", {}, "Most cited FAQ items"),
        h("ol", {}, ...a.topFaqItems.map((f) => h("li", {}, h("a", { href: `#/knowledge/${f.key}` }, f.label), h("span", { class: "muted" }, ` ×${f.count}`))))));
    chart(sentimentCanvas, { type: "bar", data: { labels: a.sentiment.map((d) => d.day.slice(5)), datasets: [
      { label: "Positive", data: a.sentiment.map((d) => d.positive), backgroundColor: "#16a34a", stack: "s" },
      { label: "Neutral", data: a.sentiment.map((d) => d.neutral), backgroundColor: "#a3a3a3", stack: "s" },
      { label: "Negative", data: a.sentiment.map((d) => d.negative), backgroundColor: "#dc2626", stack: "s" }] },
      options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } } });
    chart(csatCanvas, { type: "line", data: { labels: csat.map((c) => c.week), datasets: [
      { label: "CSAT (% thumbs-up)", data: csat.map((c) => (c.score === null ? null : Math.round(c.score * 100))), borderColor: "#2563eb", backgroundColor: "#2563eb", spanGaps: true }] },
      options: { scales: { y: { min: 0, max: 100 } } } });
    chart(channelCanvas, { type: "bar", data: { labels: a.byChannel.map((c) => c.channel), datasets: [
      { label: "Conversations", data: a.byChannel.map((c) => c.conversations), backgroundColor: "#2563eb" },
      { label: "Escalated", data: a.byChannel.map((c) => c.escalated), backgroundColor: "#f59e0b" },
      { label: "Resolved", data: a.byChannel.map((c) => c.resolved), backgroundColor: "#16a34a" }] } });
    chart(categoryCanvas, { type: "bar", data: { labels: categories.map((c) => c.label), datasets: [
      { label: "Tickets", data: categories.map((c) => c.count), backgroundColor: "#7c3aed" }] }, options: { indexAxis: "y" } });
  }

  await render();
  return h("div", { class: "analytics" }, h("div", { class: "filters" }, h("h2", {}, "Analytics"), period), body);
}

function heatmap(grid: number[][]): HTMLElement {
  const table = h("table", { class: "heatmap", id: "heatmap", "aria-label": "Conversations started by weekday and hour" });
  table.append(h("tr", {}, h("th", {}), ...Array.from({ length: 24 }, (_, hour) => h("th", { scope: "col" }, hour % 3 === 0 ? String(hour) : ""))));
  const cells = heatmapCells(grid);
  for (let day = 0; day < 7; day++) {
    table.append(h("tr", {}, h("th", { scope: "row" }, WEEKDAYS[day]), ...cells.filter((c) => c.day === day).map((c) =>
      h("td", { title: `${WEEKDAYS[day]} ${String(c.hour).padStart(2, "0")}:00 — ${c.count}`, style: `background: rgba(37, 99, 235, ${(0.06 + c.intensity * 0.94).toFixed(2)})` },
        h("span", { class: "sr-only" }, String(c.count))))));
  }
  return table;
}
