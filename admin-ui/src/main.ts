// The dashboard shell: sign-in, the store picker, navigation and a hash router. Each view lives in
// views/ and returns its root element; a view may return a cleanup function through `onLeave`.
import "./style.css";
import { api, login, logout, me, whenExpired } from "./api";
import { h, toast } from "./dom";
import { Live } from "./live";
import type { Store } from "./types";
import { inboxView } from "./views/inbox";
import { draftsView } from "./views/drafts";
import { ticketsView } from "./views/tickets";
import { knowledgeView } from "./views/knowledge";
import { searchView } from "./views/search";
import { analyticsView } from "./views/analytics";
import { settingsView } from "./views/settings";

/** What every view gets: the store, the live channel and a way to register cleanup. */
export interface Context {
  store: Store; stores: Store[]; live: Live; route: string[];
  /** Registers cleanup for when the view is left. */
  onLeave(cleanup: () => void): void;
  /** Lets the view follow sub-routes (#/inbox/<id>) itself instead of being rendered again. */
  onRoute(handler: (route: string[]) => void): void;
}

const app = document.getElementById("app")!;
let stores: Store[] = [];
let live: Live | null = null;
let cleanups: (() => void)[] = [];
let current: { page: string; store: string; handler: ((route: string[]) => void) | null } | null = null;

const NAV: [string, string, (c: Context) => Promise<HTMLElement>][] = [
  ["inbox", "Inbox", inboxView], ["drafts", "Drafts", draftsView], ["tickets", "Tickets", ticketsView],
  ["knowledge", "Knowledge base", knowledgeView], ["search", "Search", searchView], ["analytics", "Analytics", analyticsView],
  ["settings", "Settings", settingsView],
];

function renderLogin(message = ""): void {
  live?.close();
  live = null;
  current = null;
  cleanups.forEach((c) => c());
  cleanups = [];
  const error = h("p", { role: "alert", class: "error" }, message);
  const form = h("form", { class: "login", "aria-label": "Sign in" },
    h("h1", {}, "Handoff"),
    h("label", {}, "Email", h("input", { name: "email", type: "email", required: true, autocomplete: "username" })),
    h("label", {}, "Password", h("input", { name: "password", type: "password", required: true, autocomplete: "current-password" })),
    h("button", { type: "submit" }, "Sign in"), error);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const data = new FormData(form);
    try {
      await login(String(data.get("email")), String(data.get("password")));
      await start();
    } catch (err) { error.textContent = (err as Error).message; }
  });
  app.replaceChildren(form);
}

function storeId(): string {
  const saved = localStorage.getItem("handoff:store");
  return stores.find((s) => s.id === saved)?.id ?? stores[0].id;
}

async function start(): Promise<void> {
  stores = await api<Store[]>("/api/stores");
  if (stores.length === 0) { app.replaceChildren(h("p", {}, "You are not a member of any store yet.")); return; }
  if (!location.hash) location.hash = "#/inbox";
  await route();
}

/**
 * Where the page was scrolled in each history entry this tab visited (keyed by the entry's `history.state.entry`), so
 * that Back returns to the same place in a list once the view has drawn it again, while a view opened anew starts at
 * its top. The browser's own restoration is off: it scrolls before a list that loads has drawn, and then lands short.
 */
history.scrollRestoration = "manual";
const scrolled = new Map<string, number>();
let entry: string | null = null;

/** Remembers where the entry being left was scrolled; @return where the entry arrived at was (null: a new entry, from the top) */
function arrive(): number | null {
  if (entry !== null) scrolled.set(entry, window.scrollY);
  const known = (history.state as { entry?: string } | null)?.entry;
  entry = known ?? `${Date.now()}-${Math.random()}`;
  if (!known) history.replaceState({ ...(history.state ?? {}), entry }, "");
  return known ? scrolled.get(known) ?? null : null;
}

async function route(): Promise<void> {
  if (!me()) { renderLogin(); return; }
  const parts = location.hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  const back = arrive();
  const scroll = () => window.scrollTo(0, back ?? 0);
  const page = NAV.find(([key]) => key === parts[0]) ?? NAV[0];
  const store = stores.find((s) => s.id === storeId())!;
  if (current?.handler && current.page === page[0] && current.store === store.id) { current.handler(parts); scroll(); return; }
  cleanups.forEach((c) => c());
  cleanups = [];
  current = { page: page[0], store: store.id, handler: null };
  const here = current;
  if (!live || live.storeId !== store.id) { live?.close(); live = new Live(store.id); }
  const picker = h("select", { "aria-label": "Store", onchange: (e: Event) => {
    localStorage.setItem("handoff:store", (e.target as HTMLSelectElement).value); window.scrollTo(0, 0); void route(); } },
    ...stores.map((s) => h("option", { value: s.id, selected: s.id === store.id }, s.name)));
  const nav = h("nav", { "aria-label": "Main" }, ...NAV.map(([key, label]) =>
    h("a", { href: `#/${key}`, "aria-current": key === page[0] ? "page" : null, id: `nav-${key}` }, label)));
  const header = h("header", {}, h("strong", { class: "brand" }, "Handoff"), picker, nav,
    h("span", { class: "who" }, me()!.name), h("button", { class: "link", onclick: async () => { await logout(); renderLogin("Signed out."); } }, "Sign out"));
  const main = h("main", { id: "view", class: `view-${page[0]}` }, h("p", { class: "muted" }, "Loading…"));
  app.replaceChildren(header, main);
  const context: Context = { store, stores, live, route: parts, onLeave: (c) => cleanups.push(c), onRoute: (handler) => { here.handler = handler; } };
  window.scrollTo(0, 0);
  try {
    main.replaceChildren(await page[2](context));
    if (current === here) scroll();
  } catch (err) {
    main.replaceChildren(h("p", { role: "alert", class: "error" }, (err as Error).message));
  }
}

whenExpired((reason) => { renderLogin(reason); toast(reason, "error"); });
window.addEventListener("hashchange", () => void route());
if (me()) start().catch((e) => renderLogin((e as Error).message)); else renderLogin();
