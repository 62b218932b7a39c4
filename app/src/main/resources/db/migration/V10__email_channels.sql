-- Email channels (Gmail, Outlook, IMAP), the email side of messages, attachments, and the drafts
-- review queue.
CREATE TABLE channel_accounts (
    id              uuid PRIMARY KEY,
    store_id        uuid NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    kind            text NOT NULL CHECK (kind IN ('gmail', 'outlook', 'imap')),
    email           text NOT NULL,
    status          text NOT NULL CHECK (status IN ('active', 'needs_reauth', 'error')),
    status_detail   text,
    credentials     text NOT NULL,           -- sealed JSON (AES-GCM, platform SecretBox)
    sync_cursor     text,                    -- IMAP uidvalidity:uid, Gmail historyId, Graph deltaLink
    last_synced_at  timestamptz,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE UNIQUE INDEX channel_accounts_store_kind_email ON channel_accounts (store_id, kind, lower(email));

-- One row per email message, inbound or outbound, beside its messages row.
CREATE TABLE email_messages (
    message_id          uuid PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
    store_id            uuid NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    conversation_id     uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    account_id          uuid REFERENCES channel_accounts (id) ON DELETE SET NULL,
    direction           text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    dedupe_key          text NOT NULL,
    rfc_message_id      text,
    provider_id         text,
    provider_thread_id  text,
    subject             text,
    in_reply_to         text NOT NULL DEFAULT '',
    reference_ids       text NOT NULL DEFAULT '',
    from_email          text,
    to_emails           text NOT NULL DEFAULT '',
    quoted_text         text NOT NULL DEFAULT '',
    auto_submitted      boolean NOT NULL DEFAULT false,
    parse_error         text,
    raw                 bytea,
    delivery_status     text CHECK (delivery_status IN ('queued', 'sent', 'failed')),
    delivery_error      text,
    delivery_attempts   integer NOT NULL DEFAULT 0,
    created_at          timestamptz NOT NULL
);
CREATE UNIQUE INDEX email_messages_inbound_dedupe ON email_messages (store_id, dedupe_key) WHERE direction = 'inbound';
CREATE INDEX email_messages_rfc_id ON email_messages (store_id, rfc_message_id) WHERE rfc_message_id IS NOT NULL;
CREATE INDEX email_messages_thread ON email_messages (account_id, provider_thread_id) WHERE provider_thread_id IS NOT NULL;
CREATE INDEX email_messages_conversation ON email_messages (conversation_id, created_at);

CREATE TABLE attachments (
    id            uuid PRIMARY KEY,
    store_id      uuid NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    message_id    uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    position      integer NOT NULL,
    filename      text,
    content_type  text NOT NULL,
    content_id    text,
    size_bytes    integer NOT NULL,
    content       bytea NOT NULL
);
CREATE INDEX attachments_message ON attachments (message_id, position);

CREATE TABLE drafts (
    id                   uuid PRIMARY KEY,
    store_id             uuid NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    conversation_id      uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    in_reply_to_message  uuid REFERENCES messages (id) ON DELETE SET NULL,
    author               text NOT NULL CHECK (author IN ('assistant', 'agent')),
    status               text NOT NULL CHECK (status IN ('pending', 'approved', 'sent', 'discarded')),
    body                 text NOT NULL,
    original_body        text NOT NULL,
    source               text,
    cited_faq_ids        text NOT NULL DEFAULT '',
    order_number         text,
    provider_draft_id    text,
    sent_message_id      uuid REFERENCES messages (id) ON DELETE SET NULL,
    reviewer_id          uuid REFERENCES agents (id) ON DELETE SET NULL,
    last_error           text,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL
);
CREATE INDEX drafts_store_status ON drafts (store_id, status, created_at);
CREATE INDEX drafts_conversation ON drafts (conversation_id);
