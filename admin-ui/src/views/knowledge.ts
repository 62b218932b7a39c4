// Knowledge base: categories and FAQ items (add, edit, delete), bulk import of JSON rows (a background
// job whose progress, result and skipped rows the page shows), a
// "searchable now" toast once the assistant's retrieval finds a saved item, "Preview on last 30 days"
// before saving (a replay of the change, then Publish), the questions the assistant could not answer
// grouped by meaning (write an item, or add the question to the nearest item), the questions shoppers picked an
// item for after "Did you mean …?" (add one as a phrasing, or dismiss it), quality per item and cost.
// Items are published or drafts (hidden from shoppers and the assistant) and ordered within their
// category; published ones link to their page on the public help center.
import { api } from "../api";
import { excerpt, h, toast } from "../dom";
import type { Context } from "../main";
import { importErrors, importSummary } from "../imports";
import type { Category, FaqImport, FaqItem } from "../types";
import { clustersPanel, costPanel, preview, qualityPanel, suggestionsPanel } from "./improve";

export async function knowledgeView(ctx: Context): Promise<HTMLElement> {
  const base = `/api/stores/${ctx.store.id}/faq`;
  let categories: Category[] = [];
  let items: FaqItem[] = [];
  let selected: string | null = null;
  let helpUrl = "";
  const cats = h("ul", { class: "categories", "aria-label": "Categories" });
  const list = h("ul", { class: "faq-items", "aria-label": "FAQ items" });
  const editor = h("section", { class: "faq-editor", "aria-label": "Edit FAQ item" });
  const unanswered = h("section", { class: "unanswered", "aria-label": "Unanswered questions" });
  const suggested = h("section", { class: "suggested-phrasings", "aria-label": "Shoppers' choices to confirm", hidden: true });
  const previewBox = h("section", { class: "replay-preview", "aria-label": "Preview", hidden: true });
  const quality = h("section", { class: "panel quality-panel", "aria-label": "Answer quality" });
  const cost = h("section", { class: "panel cost-panel", "aria-label": "Cost" });
  // what waits for the merchant, at the top: on a phone the sections sit below the whole list of items
  const toReview = h("nav", { class: "to-review", id: "to-review", "aria-label": "To review", hidden: true });

  async function load(): Promise<void> {
    [categories, items] = await Promise.all([api<Category[]>(`${base}/categories`), api<FaqItem[]>(`${base}/items`)]);
    render();
  }

  function render(): void {
    cats.replaceChildren(
      h("li", { class: selected === null ? "selected" : "" }, h("a", { href: "#", onclick: (e: Event) => { e.preventDefault(); selected = null; render(); } }, `All (${items.length})`)),
      ...categories.map((c) => h("li", { class: selected === c.id ? "selected" : "" },
        h("a", { href: "#", onclick: (e: Event) => { e.preventDefault(); selected = c.id; render(); } }, `${c.name} (${items.filter((i) => i.categoryId === c.id).length})`),
        h("button", { class: "link", "aria-label": `Rename ${c.name}`, onclick: () => void renameCategory(c) }, "✎"),
        h("button", { class: "link", "aria-label": `Delete ${c.name}`, onclick: () => void deleteCategory(c) }, "×"))));
    const shown = items.filter((i) => selected === null || i.categoryId === selected)
      .sort((a, b) => selected === null ? 0 : a.position - b.position);
    list.replaceChildren(...shown.map((i, at) => h("li", { class: i.published ? "" : "draft" },
      h("a", { href: "#", onclick: (e: Event) => { e.preventDefault(); edit(i); } }, h("strong", {}, i.question)),
      i.published ? null : h("span", { class: "draft-badge" }, "Draft"),
      selected === null ? null : h("span", { class: "order" },
        h("button", { class: "link", "aria-label": `Move “${i.question}” up`, disabled: at === 0, onclick: () => void move(shown, at, -1) }, "↑"),
        h("button", { class: "link", "aria-label": `Move “${i.question}” down`, disabled: at === shown.length - 1, onclick: () => void move(shown, at, 1) }, "↓")),
      h("p", { class: "muted" }, excerpt(i.answer, 160)))));
  }

  async function move(shown: FaqItem[], at: number, by: number): Promise<void> {
    const ids = shown.map((i) => i.id);
    [ids[at], ids[at + by]] = [ids[at + by], ids[at]];
    try { await api(`${base}/order`, { method: "PUT", body: { categoryId: selected, itemIds: ids } }); await load(); } catch (e) { toast((e as Error).message, "error"); }
  }

  function helpLink(item: FaqItem | null): HTMLElement | null {
    if (!helpUrl) return null;
    if (!item) return h("a", { href: helpUrl, target: "_blank", rel: "noopener", id: "help-center-link" }, "View on the help center");
    if (!item.published) return h("span", { class: "muted" }, "Draft: not on the help center");
    // the server's HelpCenter.slug (another slug still works: the server redirects to the item's address)
    let slug = item.question.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    if (slug.length > 60) slug = slug.slice(0, 60).replace(/-[^-]*$/, "");
    return h("a", { href: `${helpUrl}/items/${item.id}-${slug || "item"}`, target: "_blank", rel: "noopener", class: "help-item-link" }, "View on the help center");
  }

  async function renameCategory(c: Category): Promise<void> {
    const name = prompt("Category name", c.name);
    if (!name) return;
    try { await api(`${base}/categories/${c.id}`, { method: "PUT", body: { name } }); await load(); } catch (e) { toast((e as Error).message, "error"); }
  }

  async function deleteCategory(c: Category): Promise<void> {
    if (!confirm(`Delete the category "${c.name}"?`)) return;
    try { await api(`${base}/categories/${c.id}`, { method: "DELETE" }); if (selected === c.id) selected = null; await load(); } catch (e) { toast((e as Error).message, "error"); }
  }

  function edit(item: FaqItem | null, question = "", draft = "", phrasing = ""): void {
    previewBox.hidden = true;
    const q = h("input", { id: "faq-question", required: true, value: item?.question ?? question, "aria-label": "Question" });
    const alt = h("textarea", { id: "faq-alternates", rows: 3, "aria-label": "Other ways to ask (one per line)" });
    alt.value = [...(item?.alternateQuestions ?? []), ...(phrasing ? [phrasing] : [])].join("\n");
    const answer = h("textarea", { id: "faq-answer", rows: 6, required: true, "aria-label": "Answer" });
    answer.value = item?.answer ?? draft;
    const published = h("input", { type: "checkbox", id: "faq-published", checked: item ? item.published : true });
    const category = h("select", { "aria-label": "Category" }, h("option", { value: "" }, "No category"),
      ...categories.map((c) => h("option", { value: c.id, selected: (item?.categoryId ?? selected) === c.id }, c.name)));
    const form = h("form", { onsubmit: async (e: Event) => {
      e.preventDefault();
      const body = { question: q.value, answer: answer.value, categoryId: category.value || null, published: published.checked,
        alternateQuestions: alt.value.split("\n").map((s) => s.trim()).filter(Boolean) };
      try {
        const saved = await api<FaqItem>(item ? `${base}/items/${item.id}` : `${base}/items`, { method: item ? "PUT" : "POST", body });
        await load();
        edit(saved);
        const found = await api<{ item: FaqItem }[]>(`${base}/search?q=${encodeURIComponent(saved.question)}&limit=5`);
        toast(!saved.published ? "Saved as a draft: shoppers and the assistant don't see it." :
          found.some((r) => r.item.id === saved.id) ? "Saved — searchable now: the assistant can answer with it." : "Saved.");
      } catch (err) { toast((err as Error).message, "error"); }
    } },
      h("h3", {}, item ? "Edit FAQ item" : "New FAQ item"),
      h("label", {}, "Question", q), h("label", {}, "Other ways to ask (one per line)", alt), h("label", {}, "Answer", answer), h("label", {}, "Category", category),
      h("label", { class: "checkbox" }, published, "Published (on the help center, in the widget and for the assistant)"),
      item ? helpLink(item) : null,
      h("div", { class: "actions" }, h("button", { type: "submit", id: "faq-save" }, "Save"),
        h("button", { type: "button", id: "faq-preview", class: "secondary", onclick: () => {
          if (!form.reportValidity()) return;
          const alternateQuestions = alt.value.split("\n").map((s) => s.trim()).filter(Boolean);
          const categoryName = categories.find((c) => c.id === category.value)?.name ?? "";
          const change = item ? { edit: [{ id: item.id, question: q.value, answer: answer.value, alternateQuestions, category: categoryName }] }
            : { add: [{ question: q.value, answer: answer.value, alternateQuestions, category: categoryName || null }] };
          previewBox.hidden = false;
          previewBox.scrollIntoView({ block: "nearest" });
          preview(ctx.store.id, change, previewBox, async () => { await load(); editor.replaceChildren(); void refreshInsights(); })
            .catch((e) => { previewBox.append(h("p", { class: "error" }, (e as Error).message)); });
        } }, "Preview on last 30 days"),
        item ? h("button", { type: "button", class: "danger", onclick: async () => {
          if (!confirm("Delete this FAQ item?")) return;
          await api(`${base}/items/${item.id}`, { method: "DELETE" }); toast("Deleted."); editor.replaceChildren(); await load();
        } }, "Delete") : null));
    editor.replaceChildren(form);
    q.focus();
  }

  // The import runs on the server as a background job: the page follows its progress (also after a reload).
  const importStatus = h("section", { class: "import-status", role: "status", "aria-live": "polite", "aria-label": "Import", hidden: true });
  let following: string | null = null;

  function showImport(i: FaqImport): void {
    const errors = importErrors(i);
    importStatus.hidden = false;
    importStatus.className = `import-status ${i.status}`;
    const parts: HTMLElement[] = [h("p", { class: "import-summary" }, importSummary(i))];
    if (i.status === "running") parts.push(h("progress", { max: i.total, value: i.processed, "aria-label": "Import progress" }));
    if (errors.length) parts.push(h("ul", { class: "import-errors", "aria-label": "Skipped rows" }, ...errors.map((e) => h("li", {}, e))));
    importStatus.replaceChildren(...parts);
  }

  async function follow(id: string): Promise<void> {
    following = id;
    while (following === id) {
      let i: FaqImport;
      try { i = await api<FaqImport>(`${base}/imports/${id}`); } catch (e) { toast((e as Error).message, "error"); return; }
      if (following !== id) return;
      showImport(i);
      if (i.status !== "running") { if (importStatus.isConnected) await load(); return; }
      await new Promise((r) => setTimeout(r, 1000));
      if (!importStatus.isConnected) return; // the page was left; the import goes on on the server
    }
  }

  function importer(): HTMLElement {
    const input = h("textarea", { rows: 5, "aria-label": "Rows to import", placeholder: '[{"category":"Shipping","question":"…","answer":"…"}]' });
    const file = h("input", { type: "file", accept: "application/json,.json", "aria-label": "Import file",
      onchange: async () => { const f = file.files?.[0]; if (f) input.value = await f.text(); } });
    const start = h("button", { id: "faq-import", onclick: async () => {
      let rows: unknown;
      try { rows = JSON.parse(input.value); } catch { toast("That is not valid JSON.", "error"); return; }
      start.disabled = true;
      try {
        const started = await api<FaqImport>(`${base}/import`, { method: "POST", body: rows });
        showImport(started);
        input.value = "";
        void follow(started.id);
      } catch (e) { toast((e as Error).message, "error"); } finally { start.disabled = false; }
    } }, "Import");
    return h("details", { class: "import" }, h("summary", {}, "Import"),
      h("p", { class: "muted" }, "A JSON array of {category, question, answer, alternateQuestions}, up to 5,000 rows and 8 MB; existing questions are updated. "
        + "The import runs in the background: you can leave this page."), file, input, start);
  }

  async function refreshInsights(): Promise<void> {
    const id = ctx.store.id;
    await Promise.all([
      clustersPanel(id, (question, answer) => edit(null, question, answer), (itemId, question) => {
        const target = items.find((i) => i.id === itemId);
        if (target) edit(target, "", "", question);
      }).then((e) => unanswered.replaceChildren(e)).catch(() => unanswered.replaceChildren()),
      suggestionsPanel(id, async () => { await load(); await refreshInsights(); })
        .then((e) => { suggested.hidden = !e; suggested.replaceChildren(...(e ? [e] : [])); })
        .catch(() => { suggested.hidden = true; }),
      qualityPanel(id).then((e) => quality.replaceChildren(e)).catch(() => quality.replaceChildren()),
      costPanel(id).then((e) => cost.replaceChildren(e)).catch(() => cost.replaceChildren()),
    ]);
    const jump = (section: HTMLElement, count: number, one: string, many: string) => count === 0 ? null
      : h("button", { type: "button", class: "link", onclick: () => { section.scrollIntoView({ block: "start" }); section.querySelector<HTMLElement>("button")?.focus({ preventScroll: true }); } },
        `${count} ${count === 1 ? one : many}`);
    const links = [jump(suggested, suggested.hidden ? 0 : suggested.querySelectorAll("li.suggestion").length, "shopper's choice to confirm", "shoppers' choices to confirm"),
      jump(unanswered, unanswered.querySelectorAll("li.cluster:not(.covered)").length, "unanswered question", "unanswered questions")]
      .filter((x): x is HTMLButtonElement => x !== null);
    toReview.hidden = links.length === 0;
    toReview.replaceChildren(h("strong", {}, "To review: "), ...links.flatMap((l, i) => (i === 0 ? [l] : [document.createTextNode(" · "), l])));
  }

  const newCategory = h("form", { class: "inline-form", onsubmit: async (e: Event) => {
    e.preventDefault();
    const input = newCategory.querySelector("input")!;
    try { await api(`${base}/categories`, { method: "POST", body: { name: input.value } }); input.value = ""; await load(); } catch (err) { toast((err as Error).message, "error"); }
  } }, h("input", { placeholder: "New category", "aria-label": "New category", required: true }), h("button", { type: "submit" }, "Add"));

  await Promise.all([load(), api<{ url: string }>(`/api/stores/${ctx.store.id}/help`).then((r) => { helpUrl = r.url; }).catch(() => undefined)]);
  void refreshInsights();
  // the latest import: followed while it runs, its result shown for an hour after it ended
  void api<FaqImport[]>(`${base}/imports`).then((recent) => {
    const last = recent[0];
    if (!last) return;
    if (last.status === "running") { showImport(last); void follow(last.id); }
    else if (last.finishedAt && Date.now() - Date.parse(last.finishedAt) < 3_600_000) showImport(last);
  }).catch(() => undefined);
  if (ctx.route[1]) { const i = items.find((x) => x.id === ctx.route[1]); if (i) edit(i); }
  return h("div", { class: "knowledge" },
    h("aside", {}, h("h2", {}, "Categories"), cats, newCategory),
    h("div", { class: "faq-list" }, toReview, h("div", { class: "actions" }, h("button", { id: "faq-new", onclick: () => edit(null) }, "New FAQ item"), importer(), helpLink(null)),
      importStatus, list),
    h("div", {}, editor, previewBox, suggested, unanswered),
    h("div", { class: "insights" }, quality, cost));
}
