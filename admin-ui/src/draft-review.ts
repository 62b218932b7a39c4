// One of the assistant's drafts under review, shared by the Drafts page (views/drafts.ts) and the conversation view
// (views/conversation.ts): the same endpoints (POST …/drafts/{id}/approve with the final text, PUT …/drafts/{id},
// POST …/drafts/{id}/discard), the same editor and the same buttons. Each caller says what follows an action: the
// queue moves to the next draft, the conversation drops the draft and shows the message it became.
import { api } from "./api";
import { h, toast } from "./dom";
import type { Draft } from "./types";

export interface ReviewOptions {
  /** the title's words after the AI badge */
  title: string;
  /** a line under the title (the conversation says the shopper has not seen it), or null */
  note?: string | null;
  /** rows of the editor */
  rows?: number;
  /** whether this is the page's one draft: the editor and buttons then carry the ids the keyboard shortcuts and tests use */
  single?: boolean;
  /** shortcut letters shown on the buttons (the Drafts page's keys) */
  keys?: boolean;
  /** shown after the buttons (the Drafts page's "Open conversation"), or null */
  extra?: HTMLElement | null;
  /** after each action, with the draft as the server returns it */
  approved(d: Draft): void | Promise<void>;
  saved?(d: Draft): void | Promise<void>;
  discarded(d: Draft): void | Promise<void>;
  /** after a failed action (a 409: approved, discarded or withdrawn meanwhile), once the error was shown */
  failed?(e: Error): void | Promise<void>;
}

export interface Review {
  el: HTMLElement;
  approve(): Promise<void>;
  save(): Promise<void>;
  discard(): Promise<void>;
  focus(): void;
}

/** @return the drafted reply as an article: title, editor, the last mailbox error, and Approve & send, Save edit, Discard */
export function draftReview(storeId: string, d: Draft, o: ReviewOptions): Review {
  const base = `/api/stores/${storeId}/drafts/${d.id}`;
  const editor = h("textarea", { id: o.single ? "draft-body" : null, class: "draft-body", rows: o.rows ?? 14, "aria-label": "Drafted reply" });
  editor.value = d.body;
  let busy = false;
  const buttons: HTMLButtonElement[] = [];

  async function act(path: string, init: Parameters<typeof api>[1], done: string, then?: (d: Draft) => void | Promise<void>): Promise<void> {
    if (busy) return;
    busy = true;
    buttons.forEach((b) => { b.disabled = true; });
    try {
      const after = await api<Draft>(path, init);
      toast(done);
      await then?.(after);
    } catch (e) {
      toast((e as Error).message, "error");
      await o.failed?.(e as Error);
    } finally {
      busy = false;
      buttons.forEach((b) => { b.disabled = false; });
    }
  }

  const review: Review = {
    el: h("article", { class: "draft", "aria-label": o.title, "data-draft": d.id }), // filled below, once the buttons exist
    approve: () => act(`${base}/approve`, { method: "POST", body: { body: editor.value } }, "Sent.", o.approved),
    save: () => act(base, { method: "PUT", body: { body: editor.value } }, "Saved.", o.saved),
    discard: () => act(`${base}/discard`, { method: "POST" }, "Discarded.", o.discarded),
    focus: () => editor.focus(),
  };
  buttons.push(
    h("button", { type: "button", id: o.single ? "approve-draft" : null, class: "approve-draft", onclick: () => void review.approve() }, o.keys ? "Approve & send (a)" : "Approve & send"),
    h("button", { type: "button", class: "secondary save-draft", onclick: () => void review.save() }, "Save edit"),
    h("button", { type: "button", id: o.single ? "discard-draft" : null, class: "danger discard-draft", onclick: () => void review.discard() }, o.keys ? "Discard (d)" : "Discard"));
  const parts: (HTMLElement | null)[] = [
    h("h3", {}, h("span", { class: "ai-badge" }, "AI"), ` ${o.title}`, d.edited ? h("span", { class: "chip" }, "edited") : null),
    o.note ? h("p", { class: "draft-note" }, o.note) : null,
    editor,
    d.lastError ? h("p", { class: "error" }, d.lastError) : null,
    h("div", { class: "actions" }, ...buttons, o.extra ?? null)];
  review.el.replaceChildren(...parts.filter((n): n is HTMLElement => n !== null));
  return review;
}
