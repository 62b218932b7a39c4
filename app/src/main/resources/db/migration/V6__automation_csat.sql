-- Store settings (business hours, auto-close, AI switches, CSAT escalation), canned responses,
-- CSAT ratings (one per resolution of a conversation).
CREATE TABLE store_settings (
    store_id                   uuid PRIMARY KEY REFERENCES stores (id) ON DELETE CASCADE,
    escalate_on_bad_rating     boolean NOT NULL,
    auto_close_after_seconds   bigint NOT NULL,
    time_zone                  text NOT NULL,
    business_hours             text NOT NULL,
    ai_enabled                 boolean NOT NULL,
    ai_outside_business_hours  boolean NOT NULL,
    offline_message            text NOT NULL,
    updated_at                 timestamptz NOT NULL
);

CREATE TABLE canned_responses (
    id          uuid PRIMARY KEY,
    store_id    uuid NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    shortcut    text NOT NULL,
    title       text NOT NULL,
    body        text NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    UNIQUE (store_id, shortcut)
);

ALTER TABLE conversations ADD COLUMN resolution_count integer NOT NULL DEFAULT 0;

CREATE TABLE ratings (
    id               uuid PRIMARY KEY,
    store_id         uuid NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    conversation_id  uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    resolution       integer NOT NULL,
    rating           text NOT NULL CHECK (rating IN ('up', 'down')),
    comment          text,
    channel          text NOT NULL,
    agent_id         uuid REFERENCES agents (id) ON DELETE SET NULL,
    resolved_by      text NOT NULL CHECK (resolved_by IN ('assistant', 'human')),
    created_at       timestamptz NOT NULL,
    UNIQUE (conversation_id, resolution)
);
CREATE INDEX ratings_store_created ON ratings (store_id, created_at);
