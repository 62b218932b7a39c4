// Settings: general (AI, business hours, auto-close, CSAT), the widget, notifications, canned
// responses (add, edit, delete after asking), channel accounts (connect Gmail/Outlook/IMAP with its security,
// re-authorise) and agents.
import { api, me } from "../api";
import { excerpt, h, toast } from "../dom";
import type { Context } from "../main";
import type { Agent, Canned } from "../types";

const DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
interface Cue { urlContains: string; afterSeconds: number; message: string }
interface Settings {
  escalateOnBadRating: boolean; autoCloseAfter: string; businessHours: { days: Record<string, { open: string; close: string }[]> }; timeZone: string;
  aiEnabled: boolean; aiOutsideBusinessHours: boolean; offlineMessage: string; notifyEmails: string[]; slackWebhookUrl: string | null;
  retentionDays: number; weeklySummary: boolean; weeklySummaryAt: string;
  widget: { enabled: boolean; color: string; position: string; greeting: string; preChatForm: boolean; proactiveCues: Cue[] };
}
interface Channel { id: string; kind: string; email: string; status: string; statusDetail: string | null; lastSyncedAt: string | null }

const SECTIONS: [string, string][] = [["general", "General"], ["widget", "Widget"], ["notifications", "Notifications"], ["canned", "Canned responses"], ["channels", "Channels"], ["agents", "Agents"]];

export async function settingsView(ctx: Context): Promise<HTMLElement> {
  const section = (ctx.route[1] ?? "general").split("?")[0];
  const base = `/api/stores/${ctx.store.id}`;
  const nav = h("nav", { class: "subnav", "aria-label": "Settings" }, ...SECTIONS.map(([k, l]) => h("a", { href: `#/settings/${k}`, "aria-current": k === section ? "page" : null }, l)));
  const body = h("div", { class: "settings-body" });
  const save = async (patch: Partial<Settings>) => {
    try { await api(`${base}/settings`, { method: "PATCH", body: patch }); toast("Saved."); } catch (e) { toast((e as Error).message, "error"); }
  };
  const check = (label: string, value: boolean, id: string) => h("label", { class: "check" }, h("input", { type: "checkbox", id, checked: value }), ` ${label}`);
  const field = (label: string, input: HTMLElement) => h("label", {}, label, input);
  const val = (id: string) => (body.querySelector(`#${id}`) as HTMLInputElement);

  if (section === "general" || section === "widget" || section === "notifications") {
    const s = await api<Settings>(`${base}/settings`);
    if (section === "general") {
      const hours = h("table", { class: "hours" }, ...DAYS.map((d) => {
        const p = s.businessHours.days[d]?.[0];
        return h("tr", {}, h("th", {}, d[0].toUpperCase() + d.slice(1)), h("td", {}, check("open", !!p, `open-${d}`)),
          h("td", {}, h("input", { type: "time", id: `from-${d}`, value: p?.open ?? "09:00", "aria-label": `${d} opens` })),
          h("td", {}, h("input", { type: "time", id: `to-${d}`, value: p?.close ?? "17:00", "aria-label": `${d} closes` })));
      }));
      // "Always open" ticked: the day rows are not in effect, so they are hidden (unticked "open" boxes read as
      // "closed every day") and a line says so; unticking brings them back, with Monday to Friday ticked when no
      // day was, so that saving does not silently mean "always open" again.
      const alwaysOpen = check("Always open", Object.keys(s.businessHours.days).length === 0, "always-open");
      const alwaysNote = h("p", { class: "muted", id: "always-open-note" }, "Open every day, around the clock: the assistant and agents are never out of hours. Untick to set opening hours per day.");
      const alwaysBox = alwaysOpen.querySelector("input") as HTMLInputElement;
      const showDays = () => {
        hours.hidden = alwaysBox.checked;
        alwaysNote.hidden = !alwaysBox.checked;
        for (const i of hours.querySelectorAll("input")) (i as HTMLInputElement).disabled = alwaysBox.checked;
      };
      alwaysBox.addEventListener("change", () => {
        const boxes = DAYS.map((d) => hours.querySelector(`#open-${d}`) as HTMLInputElement);
        if (!alwaysBox.checked && boxes.every((b) => !b.checked)) boxes.slice(0, 5).forEach((b) => { b.checked = true; });
        showDays();
      });
      showDays();
      body.append(h("form", { onsubmit: (e: Event) => {
        e.preventDefault();
        const days: Settings["businessHours"]["days"] = {};
        if (!val("always-open").checked) for (const d of DAYS) if (val(`open-${d}`).checked) days[d] = [{ open: val(`from-${d}`).value, close: val(`to-${d}`).value }];
        void save({ aiEnabled: val("ai").checked, aiOutsideBusinessHours: val("ai-outside").checked, escalateOnBadRating: val("csat-escalate").checked,
          autoCloseAfter: val("auto-close").value.trim() === "" ? "off" : `PT${Math.max(1, Number(val("auto-close").value))}H`, timeZone: val("tz").value, offlineMessage: val("offline").value, businessHours: { days } });
      } },
        h("h2", {}, "Assistant"), check("The AI assistant answers shoppers", s.aiEnabled, "ai"), check("…also outside business hours", s.aiOutsideBusinessHours, "ai-outside"),
        h("h2", {}, "Business hours"), alwaysOpen, alwaysNote, hours,
        field("Time zone", h("input", { id: "tz", value: s.timeZone })),
        field("Offline message (shown by the widget outside business hours)", h("input", { id: "offline", value: s.offlineMessage })),
        h("h2", {}, "Auto-close and CSAT"),
        field("Close idle pending conversations after (hours; empty: never)", h("input", { id: "auto-close", type: "number", min: 1, placeholder: "never",
          value: s.autoCloseAfter === "off" ? "" : Math.round(parseDuration(s.autoCloseAfter) / 3600) })),
        check("A thumbs-down reopens the conversation as a ticket", s.escalateOnBadRating, "csat-escalate"),
        h("button", { type: "submit" }, "Save")));
    } else if (section === "widget") {
      const w = s.widget;
      const cues = h("div", { class: "cues" });
      const cueRow = (c: Cue) => h("div", { class: "cue" },
        h("input", { class: "cue-url", value: c.urlContains, placeholder: "URL contains", "aria-label": "URL contains" }),
        h("input", { class: "cue-after", type: "number", min: 0, value: c.afterSeconds, "aria-label": "Seconds on page" }),
        h("input", { class: "cue-message", value: c.message, placeholder: "Message", "aria-label": "Message" }),
        h("button", { type: "button", class: "link", onclick: (e: Event) => (e.target as HTMLElement).parentElement!.remove() }, "Remove"));
      w.proactiveCues.forEach((c) => cues.append(cueRow(c)));
      body.append(h("form", { onsubmit: (e: Event) => {
        e.preventDefault();
        const proactiveCues = [...cues.querySelectorAll(".cue")].map((r) => ({ urlContains: (r.querySelector(".cue-url") as HTMLInputElement).value,
          afterSeconds: Number((r.querySelector(".cue-after") as HTMLInputElement).value), message: (r.querySelector(".cue-message") as HTMLInputElement).value }));
        void save({ widget: { enabled: val("w-enabled").checked, color: val("w-color").value, position: (body.querySelector("#w-position") as HTMLSelectElement).value,
          greeting: val("w-greeting").value, preChatForm: val("w-prechat").checked, proactiveCues } });
      } },
        h("h2", {}, "Storefront widget"), check("Show the widget on the storefront", w.enabled, "w-enabled"),
        field("Colour", h("input", { id: "w-color", type: "color", value: w.color })),
        field("Position", h("select", { id: "w-position" }, ...["bottom-right", "bottom-left"].map((p) => h("option", { value: p, selected: p === w.position }, p)))),
        field("Greeting", h("input", { id: "w-greeting", value: w.greeting })),
        check("Ask name and email before the chat starts (pre-chat form)", w.preChatForm, "w-prechat"),
        h("p", { class: "muted" }, `Offline message: “${s.offlineMessage}” (General settings).`),
        h("h3", {}, "Proactive cues"), h("p", { class: "muted" }, "Open the chat with a message when the page URL contains the text and the shopper has been on the page that long."),
        cues, h("button", { type: "button", onclick: () => cues.append(cueRow({ urlContains: "/checkout", afterSeconds: 30, message: "Need a hand with your order?" })) }, "Add a cue"),
        h("h3", {}, "Install"), h("pre", { class: "snippet" }, `<script src="${location.origin}/widget.js" data-widget-key="${ctx.store.widgetKey}" defer></script>`),
        h("button", { type: "submit" }, "Save")));
    } else {
      body.append(h("form", { onsubmit: (e: Event) => {
        e.preventDefault();
        void save({ notifyEmails: val("emails").value.split(/[\s,]+/).filter(Boolean), slackWebhookUrl: val("slack").value, weeklySummary: val("weekly").checked,
          weeklySummaryAt: val("weekly-at").value, retentionDays: Number(val("retention").value) });
      } },
        h("h2", {}, "Notifications"),
        field("Email new and urgent tickets, bad ratings and channels needing re-authorisation to", h("input", { id: "emails", value: s.notifyEmails.join(", ") })),
        field("Slack incoming webhook", h("input", { id: "slack", value: s.slackWebhookUrl ?? "", type: "url" })),
        check("Send the weekly summary", s.weeklySummary, "weekly"), field("When", h("input", { id: "weekly-at", value: s.weeklySummaryAt })),
        field("Delete conversations idle longer than (days)", h("input", { id: "retention", type: "number", min: 7, value: s.retentionDays })),
        h("button", { type: "submit" }, "Save")));
    }
  } else if (section === "canned") {
    body.append(await cannedSection(base));
  } else if (section === "channels") {
    body.append(await channelsSection(base, ctx.route[1] ?? ""));
  } else {
    body.append(await agentsSection(ctx.store.id));
  }
  return h("div", { class: "settings" }, nav, body);
}

function parseDuration(iso: string): number {
  const m = /P(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?/.exec(iso);
  return m ? Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0) : 0;
}

async function cannedSection(base: string): Promise<HTMLElement> {
  const list = h("ul", { class: "canned", id: "canned-list" });
  // the variables the server fills in (and accepts on save), listed from the server so the hint cannot drift
  const variables = await api<string[]>(`${base}/canned-responses/variables`).catch(() => [] as string[]);
  // editing: the id of the response the form saves over, or null when the form adds a new one
  let editing: string | null = null;
  const heading = h("h3", { id: "canned-form-title" }, "New canned response");
  const submit = h("button", { type: "submit", id: "canned-save" }, "Add");
  const cancel = h("button", { type: "button", class: "secondary", id: "canned-cancel", hidden: true, onclick: () => reset() }, "Cancel");
  // a refused save (unknown variable, taken shortcut, bad length) is said beside the form, in the server's words
  const error = h("p", { class: "error", role: "alert", id: "canned-error" });
  const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement | HTMLTextAreaElement;
  const reset = () => {
    editing = null;
    form.reset();
    error.textContent = "";
    heading.textContent = "New canned response";
    submit.textContent = "Add";
    cancel.hidden = true;
    for (const li of list.querySelectorAll("li[aria-current]")) li.removeAttribute("aria-current");
  };
  const edit = (c: Canned, row: HTMLElement) => {
    reset();
    editing = c.id;
    field("shortcut").value = c.shortcut;
    field("title").value = c.title;
    field("body").value = c.body;
    heading.textContent = `Edit /${c.shortcut}`;
    submit.textContent = "Save";
    cancel.hidden = false;
    row.setAttribute("aria-current", "true");
    form.scrollIntoView({ block: "nearest" });
    field("body").focus();
  };
  const load = async () => {
    const all = await api<Canned[]>(`${base}/canned-responses`);
    list.replaceChildren(...all.map((c) => {
      const row = h("li", { "data-id": c.id, "aria-current": c.id === editing ? "true" : null }, h("strong", {}, `/${c.shortcut}`), ` ${c.title}: `,
        h("span", { class: "muted" }, excerpt(c.body, 120)),
        h("span", { class: "row-actions" },
          h("button", { type: "button", class: "link edit-canned", "aria-label": `Edit /${c.shortcut}`, onclick: () => edit(c, row) }, "Edit"),
          h("button", { type: "button", class: "link delete-canned", "aria-label": `Delete /${c.shortcut}`, onclick: async () => {
            if (!confirm(`Delete the canned response /${c.shortcut} (${c.title})?`)) return;
            try {
              await api(`${base}/canned-responses/${c.id}`, { method: "DELETE" });
              if (editing === c.id) reset();
              toast(`/${c.shortcut} was deleted.`);
              await load();
            } catch (e) { toast((e as Error).message, "error"); }
          } }, "Delete")));
      return row;
    }));
    if (all.length === 0) list.append(h("li", { class: "muted" }, "No canned responses yet."));
  };
  const form: HTMLFormElement = h("form", { class: "canned-form", "aria-labelledby": "canned-form-title", onsubmit: async (e: Event) => {
    e.preventDefault();
    error.textContent = "";
    const data = new FormData(form);
    const body = { shortcut: data.get("shortcut"), title: data.get("title"), body: data.get("body") };
    try {
      if (editing) await api(`${base}/canned-responses/${editing}`, { method: "PUT", body });
      else await api(`${base}/canned-responses`, { method: "POST", body });
      toast(editing ? "Saved." : "Added.");
      reset();
      await load();
    } catch (err) { error.textContent = (err as Error).message; }
  } }, heading,
    h("label", {}, "Shortcut (typed after /)", h("input", { name: "shortcut", required: true })), h("label", {}, "Title", h("input", { name: "title", required: true })),
    h("label", {}, variables.length > 0 ? `Text (${variables.map((v) => `{{${v}}}`).join(", ")} are filled in)` : "Text",
      h("textarea", { name: "body", rows: 4, required: true, "aria-describedby": "canned-error" })),
    error, h("div", { class: "actions" }, submit, cancel));
  await load();
  return h("div", {}, h("h2", {}, "Canned responses"), list, form);
}

async function channelsSection(base: string, route: string): Promise<HTMLElement> {
  const list = h("ul", { class: "channels", id: "channel-list" });
  const load = async () => {
    const all = await api<Channel[]>(`${base}/channels`);
    list.replaceChildren(...all.map((c) => h("li", {}, h("strong", {}, c.email), ` ${c.kind} · `, h("span", { class: `status ${c.status}` }, c.status),
      c.statusDetail ? h("span", { class: "muted" }, ` ${c.statusDetail}`) : null,
      c.status === "needs_reauth" && c.kind !== "imap" ? h("button", { onclick: () => void connect(c.kind) }, "Re-authorise") : null,
      h("button", { class: "link", onclick: async () => { if (confirm(`Disconnect ${c.email}? Its conversations stay.`)) { await api(`${base}/channels/${c.id}`, { method: "DELETE" }); await load(); } } }, "Disconnect"))));
    if (all.length === 0) list.append(h("li", { class: "muted" }, "No mailbox connected yet."));
  };
  const connect = async (kind: string) => {
    try { location.href = (await api<{ authorizationUrl: string }>(`${base}/channels/${kind}/connect`, { method: "POST" })).authorizationUrl; }
    catch (e) { toast((e as Error).message, "error"); }
  };
  // a refused login or an unreachable server is shown beside the form, in the server's words
  const imapError = h("p", { class: "error", role: "alert", id: "imap-error" });
  const security = h("select", { name: "security", id: "imap-tls", "aria-describedby": "tls-hint", onchange: () => ports() },
    h("option", { value: "tls", selected: true }, "SSL/TLS"),
    h("option", { value: "starttls" }, "STARTTLS"),
    h("option", { value: "none" }, "None (local server)"));
  const input = (n: string, l: string) => h("label", {}, h("span", { id: `${n}-label` }, l),
    h("input", { name: n, required: n === "email" || n === "imapHost" || n === "smtpHost", inputmode: n.endsWith("Port") ? "numeric" : null }));
  const imap = h("form", { onsubmit: async (e: Event) => {
    e.preventDefault();
    imapError.textContent = "";
    const d = new FormData(imap);
    try {
      await api(`${base}/channels`, { method: "POST", body: { kind: "imap", email: d.get("email"), imapHost: d.get("imapHost"), imapPort: Number(d.get("imapPort")) || null,
        smtpHost: d.get("smtpHost"), smtpPort: Number(d.get("smtpPort")) || null, username: d.get("username") || null, password: d.get("password"),
        security: d.get("security") } });
      toast("Mailbox connected.");
      imap.reset();
      ports();
      await load();
    } catch (err) { imapError.textContent = `Could not connect: ${(err as Error).message}`; }
  } }, h("h3", {}, "Connect an IMAP/SMTP mailbox"),
    ...[["email", "Address"], ["imapHost", "IMAP server"], ["imapPort", "IMAP port"], ["smtpHost", "SMTP server"], ["smtpPort", "SMTP port"]].map(([n, l]) => input(n, l)),
    // the API's `security`: tls (implicit, IMAPS and SMTPS), starttls (required) or none (STARTTLS only when offered)
    h("label", {}, "Security", security),
    h("p", { class: "muted", id: "tls-hint" }),
    input("username", "Login (if not the address)"),
    h("label", {}, "Password", h("input", { name: "password", type: "password", required: true })), h("button", { type: "submit" }, "Connect"), imapError);
  // the empty port fields' defaults follow the security choice, as the server's do
  function ports(): void {
    const implicit = security.value === "tls";
    imap.querySelector("#imapPort-label")!.textContent = `IMAP port (${implicit ? 993 : 143} if empty)`;
    imap.querySelector("#smtpPort-label")!.textContent = `SMTP port (${implicit ? 465 : 587} if empty)`;
    imap.querySelector("#tls-hint")!.textContent = implicit
      ? "Encrypted from the first byte (IMAPS and SMTPS). Most providers use this."
      : security.value === "starttls"
        ? "Connects, then switches to TLS with STARTTLS before logging in; a server that does not offer it is refused."
        : "Unencrypted unless the server offers STARTTLS: the password and mail may travel in the clear. Only for a server on your own network.";
  }
  ports();
  await load();
  if (route.includes("connected=")) toast("Mailbox connected.");
  // Gmail and Outlook need the server's OAuth client: without it the button is disabled and says what to configure
  const providers = await api<{ kind: string; configured: boolean; setup: string }[]>(`${base}/channels/providers`).catch(() => []);
  const oauthButton = (kind: string, label: string) => {
    const p = providers.find((x) => x.kind === kind);
    const off = !!p && !p.configured;
    return h("div", { class: "oauth" }, h("button", { id: `connect-${kind}`, disabled: off, "aria-describedby": off ? `setup-${kind}` : null,
      onclick: () => void connect(kind) }, label), off ? h("p", { class: "muted", id: `setup-${kind}` }, p!.setup) : null);
  };
  return h("div", {}, h("h2", {}, "Channels"), list,
    h("div", { class: "actions" }, oauthButton("gmail", "Connect Gmail"), oauthButton("outlook", "Connect Outlook")), imap);
}

async function agentsSection(storeId: string): Promise<HTMLElement> {
  const base = `/api/stores/${storeId}`;
  const list = h("ul", { class: "members", id: "member-list" });
  // instance admins create logins; store admins (and instance admins) remove members of the store
  const admin = me()?.role === "admin";
  let storeAdmin = admin;
  const load = async () => {
    const agents = await api<Agent[]>(`${base}/agents`);
    storeAdmin = admin || agents.some((a) => a.id === me()?.id && a.role === "admin");
    list.replaceChildren(...agents.map((a) => h("li", { "data-id": a.id }, h("strong", {}, a.name), ` ${a.email} · ${a.role === "admin" ? "store admin" : "agent"}`,
      storeAdmin && a.id !== me()?.id ? h("button", { class: "link remove-member", "aria-label": `Remove ${a.name} from this store`, onclick: async () => {
        if (!confirm(`Remove ${a.name} from this store? They are signed out at once; their replies stay.`)) return;
        try { await api(`${base}/members/${a.id}`, { method: "DELETE" }); toast(`${a.name} was removed.`); await load(); } catch (e) { toast((e as Error).message, "error"); }
      } }, "Remove") : null)));
  };
  await load();
  if (!admin) return h("div", {}, h("h2", {}, "Agents"), list);
  const form = h("form", { class: "invite", onsubmit: async (e: Event) => {
    e.preventDefault();
    const d = new FormData(form);
    try {
      // a new login is an agent of the instance; the role chosen here is their role in this store only
      const agent = await api<Agent>("/api/agents", { method: "POST", body: { name: d.get("name"), email: d.get("email"), password: d.get("password") } });
      await api(`${base}/members/${agent.id}`, { method: "PUT", body: { role: d.get("role") } });
      form.reset();
      toast(`${agent.name} can sign in now.`);
      await load();
    } catch (err) { toast((err as Error).message, "error"); }
  } }, h("h3", {}, "Invite an agent"), h("label", {}, "Name", h("input", { name: "name", required: true })),
    h("label", {}, "Email", h("input", { name: "email", type: "email", required: true })),
    h("label", {}, "Initial password (12+ characters)", h("input", { name: "password", type: "password", required: true, minlength: 12, autocomplete: "new-password" })),
    h("label", {}, "Role in this store", h("select", { name: "role" }, h("option", { value: "agent" }, "Agent"), h("option", { value: "admin" }, "Store admin"))), h("button", { type: "submit" }, "Add"));
  return h("div", {}, h("h2", {}, "Agents"), list, form);
}
