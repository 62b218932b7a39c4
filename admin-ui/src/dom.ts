// Small DOM helpers: elements built with textContent only (never innerHTML from data), links made
// from http(s) URLs in plain text, and formatting of times and durations.

type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | number | boolean | EventListener | null | undefined>;

/** Creates an element: attributes (on* keys become listeners, false/null are left out) and children (strings become text). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") e.addEventListener(k.slice(2), v as EventListener);
    else if (k === "value" && "value" in e) (e as HTMLInputElement).value = String(v);
    else if (k === "checked" && "checked" in e) (e as HTMLInputElement).checked = Boolean(v);
    else e.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return e;
}

const URL_RE = /https?:\/\/[^\s<>"')\]]+/g;

/** Splits plain text into text and http(s) links (trailing punctuation stays text). */
export function linkParts(text: string): { text: string; href?: string }[] {
  const out: { text: string; href?: string }[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    let url = m[0];
    const trail = /[.,;:!?]+$/.exec(url);
    if (trail) url = url.slice(0, -trail[0].length);
    const at = m.index ?? 0;
    if (at > last) out.push({ text: text.slice(last, at) });
    out.push({ text: url, href: url });
    last = at + url.length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}

/** Plain text with its URLs as links that open in a new tab. */
export function linkify(text: string): Node[] {
  return linkParts(text).map((p) => p.href ? h("a", { href: p.href, target: "_blank", rel: "noopener noreferrer" }, p.text) : document.createTextNode(p.text));
}

/** @return e.g. "45 s", "3 min", "2.5 h", "1.2 d" for a duration in seconds; "–" for null */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return "–";
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} d`;
}

/**
 * @return `text` cut to at most `max` characters at a word boundary, with "…" when something was cut (a preview
 *         that never ends mid-word: "tracking l" reads as a typo)
 */
export function excerpt(text: string, max: number): string {
  const t = text.replace(/\s+/g, " ").trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max - 1);
  const space = t.charAt(max - 1) === " " ? cut.length : cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:–-]+$/, "")}…`;
}

/**
 * @return a shopper's text as a list shows it: its first `max` characters ({@link excerpt}), the whole text in the
 *         title when something was cut (a 5,000-character question must not push the page down)
 */
export function shortened(text: string, max = 200): HTMLElement {
  const short = excerpt(text, max);
  return h("span", { class: "shortened", title: short.endsWith("…") && short.length < text.length ? text : null }, short);
}

/** @return a short relative time ("now", "5 min", "3 h", or the date) of an ISO instant, as seen at `now` */
export function ago(iso: string, now = Date.now()): string {
  const s = (now - Date.parse(iso)) / 1000;
  if (s < 60) return "now";
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) return `${Math.floor(s / 3600)} h`;
  return new Date(iso).toLocaleDateString();
}

/** Shows a short message at the bottom of the screen (role=status, read by screen readers). */
export function toast(message: string, kind: "ok" | "error" = "ok"): void {
  let box = document.getElementById("toasts");
  if (!box) { box = h("div", { id: "toasts", role: "status", "aria-live": "polite" }); document.body.append(box); }
  const t = h("div", { class: `toast ${kind}` }, message);
  box.append(t);
  setTimeout(() => t.remove(), 4000);
}
