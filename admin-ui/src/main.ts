// Handoff dashboard skeleton: sign in, then the inbox of each store (the full dashboard is a later issue).
interface Store { id: string; name: string; widgetKey: string; }
interface Conversation { id: string; status: string; channel: string; contact: { name: string | null; email: string | null } | null; lastMessage: { text: string } | null; }

const app = document.getElementById("app")!;
let token = sessionStorage.getItem("handoff:token");

async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(path, { ...init, headers: { "Content-Type": "application/json", ...(token ? { Authorization: "Bearer " + token } : {}) } });
  if (res.status === 401) { signOut(); throw new Error("Your session has expired; please sign in again."); }
  const body = await res.json();
  if (!res.ok) { throw new Error(body.detail ?? res.statusText); }
  return body as T;
}

function el(tag: string, text?: string): HTMLElement {
  const e = document.createElement(tag);
  if (text !== undefined) { e.textContent = text; }
  return e;
}

function signOut() {
  token = null;
  sessionStorage.removeItem("handoff:token");
  renderLogin();
}

function renderLogin(message = "") {
  app.replaceChildren();
  const form = document.createElement("form");
  form.innerHTML = `<h1>Handoff</h1><label>Email <input name="email" type="email" required></label>
    <label>Password <input name="password" type="password" required></label><button>Sign in</button><p role="alert"></p>`;
  form.querySelector("p")!.textContent = message;
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const data = new FormData(form);
    try {
      const res = await api<{ token: string }>("/api/auth/login", { method: "POST", body: JSON.stringify({ email: data.get("email"), password: data.get("password") }) });
      token = res.token;
      sessionStorage.setItem("handoff:token", token);
      await renderInbox();
    } catch (err) { form.querySelector("p")!.textContent = (err as Error).message; }
  });
  app.append(form);
}

async function renderInbox() {
  app.replaceChildren(el("h1", "Inbox"));
  const out = document.createElement("button");
  out.textContent = "Sign out";
  out.addEventListener("click", signOut);
  app.append(out);
  for (const store of await api<Store[]>("/api/stores")) {
    app.append(el("h2", store.name));
    const list = el("ul");
    for (const c of await api<Conversation[]>(`/api/stores/${store.id}/conversations?limit=50`)) {
      const who = c.contact?.name ?? c.contact?.email ?? "Visitor";
      list.append(el("li", `[${c.status}] ${who}: ${c.lastMessage?.text ?? ""}`));
    }
    app.append(list);
  }
}

if (token) { renderInbox().catch((e) => renderLogin((e as Error).message)); } else { renderLogin(); }
