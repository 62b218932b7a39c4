// The draft review queue: the inbound email and the assistant's drafted reply side by side, edited in
// place, approved and sent or discarded; j/k move, a approves, d discards, e edits, Ctrl+Enter sends. Below the queue,
// how each kind of draft fares in review, with auto-send for the kinds that met the bar.
import { api, type ApiError } from "../api";
import { draftReview, type Review } from "../draft-review";
import { barText, figures, kindLabel, type KindStats } from "../graduation";
import { ago, h, linkify, toast } from "../dom";
import type { Context } from "../main";
import { queueKey } from "../queue";
import type { Draft, FaqItem } from "../types";

export async function draftsView(ctx: Context): Promise<HTMLElement> {
  const base = `/api/stores/${ctx.store.id}/drafts`;
  let drafts: Draft[] = [];
  let index = 0;
  /** the selected draft's editor and actions (draft-review.ts, shared with the conversation view) */
  let review: Review | null = null;
  const list = h("ol", { class: "queue", "aria-label": "Drafts waiting for review" });
  const pane = h("section", { class: "review", "aria-label": "Draft" });
  const kindsList = h("ul", { class: "kinds", id: "draft-kinds" });
  const kindsBox = h("section", { class: "draft-kinds", "aria-label": "How drafts are reviewed" },
    h("h3", {}, "How drafts are reviewed"),
    h("p", { class: "muted" }, "A kind of draft may go out without review once its last reviews were approved unedited often enough."),
    kindsList);
  const questions = new Map<string, Promise<string | undefined>>();

  async function loadKinds(): Promise<void> {
    const kinds = await api<KindStats[]>(`/api/stores/${ctx.store.id}/draft-kinds`).catch(() => [] as KindStats[]);
    kindsList.replaceChildren(...kinds.map((k) => {
      const name = h("strong", {}, kindLabel(k.kind));
      if (k.kind.startsWith("faq:")) {
        const id = k.kind.slice(4);
        if (!questions.has(id)) questions.set(id, api<FaqItem>(`/api/stores/${ctx.store.id}/faq/items/${id}`).then((i) => i.question).catch(() => undefined));
        void questions.get(id)!.then((q) => { name.textContent = kindLabel(k.kind, q); });
      }
      const bar = barText(k);
      const toggle = h("button", { type: "button", class: k.autoSend ? "secondary" : "", disabled: !k.autoSend && !k.eligible,
        onclick: async () => {
          try {
            await api(`/api/stores/${ctx.store.id}/draft-kinds/${encodeURIComponent(k.kind)}/autosend`, { method: "PUT", body: { enabled: !k.autoSend } });
            toast(k.autoSend ? "These drafts wait for review again." : "These drafts go out without review now.");
            await loadKinds();
          } catch (e) { toast((e as Error).message, "error"); }
        } }, k.autoSend ? "Back to review" : "Send without review");
      return h("li", { "data-kind": k.kind }, name, k.autoSend ? h("span", { class: "chip" }, "auto-send on") : null,
        h("p", { class: "muted" }, figures(k)), bar ? h("p", { class: "muted" }, bar) : null, toggle);
    }));
    if (kinds.length === 0) kindsList.replaceChildren(h("li", { class: "muted" }, "Nothing reviewed yet."));
  }
  const root = h("div", { class: "drafts" },
    h("div", { class: "queue-col" }, h("h2", {}, "Drafts to review"), h("p", { class: "muted keys" }, "j/k move · a approve & send · d discard · e edit · o open conversation · Ctrl+Enter send"), list,
      kindsBox),
    pane);

  /** whether the store has a mailbox connected; drafts come only from email, so without one the queue stays empty */
  let hasMailbox = true;
  const emptyMessage = () => hasMailbox
    ? h("p", { class: "muted empty", id: "queue-empty" }, "No drafts waiting. Nice work.")
    : h("div", { class: "muted empty", id: "queue-empty" },
      h("p", {}, "No drafts yet. The assistant's replies to email wait here for your review before they are sent."),
      h("p", {}, "No mailbox is connected yet. ", h("a", { href: "#/settings/channels" }, "Connect a mailbox in Settings → Channels")));

  async function load(): Promise<void> {
    const [pending, channels] = await Promise.all([api<Draft[]>(`${base}?status=pending`),
      api<unknown[]>(`/api/stores/${ctx.store.id}/channels`).catch(() => null)]);
    drafts = pending;
    if (channels) hasMailbox = channels.length > 0;
    index = Math.min(index, Math.max(0, drafts.length - 1));
    render();
  }

  function render(): void {
    list.replaceChildren(...drafts.map((d, i) => h("li", { class: i === index ? "selected" : "", "data-id": d.id },
      h("a", { href: "#", onclick: (e: Event) => { e.preventDefault(); index = i; render(); } },
        h("strong", {}, d.inbound?.email?.from ?? "Customer"), " ", h("span", {}, d.inbound?.subject ?? "(no subject)"), " ",
        h("time", { datetime: d.createdAt }, ago(d.createdAt))))));
    const d = drafts[index];
    if (!d) { review = null; pane.replaceChildren(emptyMessage()); return; }
    review = draftReview(ctx.store.id, d, {
      title: "Drafted reply", single: true, keys: true,
      extra: h("a", { href: `#/inbox/${d.conversationId}` }, "Open conversation"),
      approved: (after) => reviewed(after),
      saved: (after) => { drafts = drafts.map((x) => x.id === after.id ? after : x); render(); },
      discarded: (after) => reviewed(after),
      // approved, discarded or withdrawn meanwhile (409), or gone (404): read the queue again
      failed: async (e) => { if ([404, 409].includes((e as ApiError).status)) await load(); },
    });
    pane.replaceChildren(
      h("div", { class: "side-by-side" },
        h("article", { class: "inbound", "aria-label": "Inbound email" },
          h("h3", {}, d.inbound?.subject ?? "(no subject)"),
          h("p", { class: "muted" }, `From ${d.inbound?.email?.from ?? "customer"} · ${d.inbound ? new Date(d.inbound.createdAt).toLocaleString() : ""}`),
          h("div", { class: "text" }, ...linkify(d.inbound?.text ?? ""))),
        review.el));
  }

  /** Takes a draft that was sent or discarded out of the queue; the next one shows. */
  function reviewed(d: Draft): void {
    drafts = drafts.filter((x) => x.id !== d.id);
    index = Math.min(index, Math.max(0, drafts.length - 1));
    render();
    void loadKinds();
  }

  const onKey = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement;
    const action = queueKey(e.key, target.tagName === "TEXTAREA" || target.tagName === "INPUT", e.ctrlKey || e.metaKey);
    if (!action) { if (e.key === "Escape") target.blur?.(); return; }
    e.preventDefault();
    if (action === "next") { index = Math.min(drafts.length - 1, index + 1); render(); }
    if (action === "previous") { index = Math.max(0, index - 1); render(); }
    if (action === "approve") void review?.approve();
    if (action === "discard") void review?.discard();
    if (action === "edit") review?.focus();
    if (action === "open" && drafts[index]) location.hash = `#/inbox/${drafts[index].conversationId}`;
  };
  document.addEventListener("keydown", onKey);
  ctx.onLeave(() => document.removeEventListener("keydown", onKey));
  ctx.onLeave(ctx.live.on((e) => { if (e.type === "ready" || (e.type === "conversation" && e.conversation.pendingDrafts > 0 && !drafts.some((d) => d.conversationId === e.conversation.id))) void load(); }));
  await load();
  void loadKinds();
  return root;
}
