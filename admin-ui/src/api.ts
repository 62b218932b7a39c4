// The admin API client: bearer session kept in localStorage with its expiry, RFC 9457 problem
// details turned into errors with their `detail`, and a session-expired callback on 401.

export interface Me { id: string; email: string; name: string; role: string }
interface Session { token: string; expiresAt: string; agent: Me }

const KEY = "handoff:session";
let session: Session | null = read();
let onExpired: (reason: string) => void = () => {};
let expiryTimer: number | undefined;

function read(): Session | null {
  try {
    const s = JSON.parse(localStorage.getItem(KEY) ?? "null") as Session | null;
    return s && Date.parse(s.expiresAt) > Date.now() ? s : null;
  } catch { return null; }
}

export class ApiError extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

/** @return the signed-in agent, or null */
export function me(): Me | null { return session?.agent ?? null; }
export function token(): string | null { return session?.token ?? null; }

/** Registers what happens when the session ends on its own (expiry or a 401). */
export function whenExpired(callback: (reason: string) => void): void {
  onExpired = callback;
  schedule();
}

function schedule(): void {
  clearTimeout(expiryTimer);
  if (session) {
    const left = Date.parse(session.expiresAt) - Date.now();
    expiryTimer = window.setTimeout(() => expire("Your session has expired; please sign in again."), Math.min(Math.max(left, 0), 2 ** 31 - 1));
  }
}

function expire(reason: string): void {
  session = null;
  localStorage.removeItem(KEY);
  onExpired(reason);
}

export async function login(email: string, password: string): Promise<Me> {
  const res = await api<{ token: string; expiresAt: string; agent: Me }>("/api/auth/login", { method: "POST", body: { email, password } }, false);
  session = { token: res.token, expiresAt: res.expiresAt, agent: res.agent };
  localStorage.setItem(KEY, JSON.stringify(session));
  schedule();
  return res.agent;
}

export async function logout(): Promise<void> {
  try { await api("/api/auth/logout", { method: "POST" }); } catch { /* signed out either way */ }
  session = null;
  localStorage.removeItem(KEY);
  clearTimeout(expiryTimer);
}

interface Options { method?: string; body?: unknown; form?: FormData; headers?: Record<string, string> }

/** Calls the API; JSON in and out. @throws ApiError with the problem's detail */
export async function api<T = unknown>(path: string, options: Options = {}, expireOn401 = true): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
  if (session) headers.Authorization = `Bearer ${session.token}`;
  let body: BodyInit | undefined;
  if (options.form) body = options.form;
  else if (options.body !== undefined) { body = JSON.stringify(options.body); headers["Content-Type"] = "application/json"; }
  const res = await fetch(path, { method: options.method ?? "GET", headers, body });
  if (res.status === 401 && expireOn401 && session) {
    expire("Your session has ended; please sign in again.");
    throw new ApiError(401, "Signed out");
  }
  const text = await res.text();
  let data: unknown = text;
  if (text && (res.headers.get("Content-Type") ?? "").includes("json")) {
    try { data = JSON.parse(text); } catch { if (res.ok) throw new ApiError(res.status, "The server sent an answer the dashboard cannot read."); }
  }
  if (!res.ok) throw new ApiError(res.status, problemMessage(res.status, data));
  return data as T;
}

const PLAIN: Record<number, string> = {
  400: "The server could not accept this input.",
  401: "Please sign in again.",
  403: "You are not allowed to do this.",
  404: "This no longer exists; it may have been deleted.",
  409: "This was changed in the meantime; reload and try again.",
  413: "This is too large.",
  429: "Too many requests; wait a moment and try again.",
};

/**
 * The sentence an error toast shows for a failed call: the RFC 9457 problem's `detail`, else its
 * `title`, else a plain sentence for the status (never a bare HTTP reason phrase like "Forbidden").
 */
export function problemMessage(status: number, body: unknown): string {
  if (body && typeof body === "object") {
    const p = body as { detail?: unknown; title?: unknown };
    if (typeof p.detail === "string" && p.detail.trim()) return p.detail;
    if (typeof p.title === "string" && p.title.trim()) return p.title;
  }
  if (PLAIN[status]) return PLAIN[status];
  if (status >= 500) return `The server failed to do this (error ${status}); try again in a moment.`;
  return `The request failed (error ${status}).`;
}

/** Fetches a protected file (attachments) as an object URL for <img src> or a download link. */
export async function blobUrl(path: string): Promise<string> {
  const res = await fetch(path, { headers: session ? { Authorization: `Bearer ${session.token}` } : {} });
  if (!res.ok) throw new ApiError(res.status, problemMessage(res.status, null));
  return URL.createObjectURL(await res.blob());
}
