package dev.handoff.app.security;

/** An agent's role in one store ({@code store_members.role}). */
public enum StoreRole {
    /** Works the inbox, tickets, drafts, knowledge base and canned responses. */
    agent,
    /** Also manages the store's integrations, mailboxes, webhooks, retention, export and members. */
    admin
}
