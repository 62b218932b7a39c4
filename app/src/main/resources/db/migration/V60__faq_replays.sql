-- Replays of a proposed knowledge-base change against the shopper messages of a period (a sandbox:
-- nothing here touches conversations). The proposal, summary and changes are JSON text.
CREATE TABLE faq_replays (
    id             uuid PRIMARY KEY,
    store_id       uuid NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    created_by     uuid REFERENCES agents (id) ON DELETE SET NULL,
    period_from    timestamptz NOT NULL,
    period_to      timestamptz NOT NULL,
    proposal       text NOT NULL,
    kb_version     text NOT NULL,
    status         text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
    progress       double precision NOT NULL DEFAULT 0,
    messages       integer NOT NULL DEFAULT 0,
    summary        text,
    changes        text,
    flagged        integer NOT NULL DEFAULT 0,
    error          text,
    created_at     timestamptz NOT NULL,
    finished_at    timestamptz,
    published_at   timestamptz,
    published_by   uuid REFERENCES agents (id) ON DELETE SET NULL
);
CREATE INDEX faq_replays_store_created ON faq_replays (store_id, created_at DESC);
