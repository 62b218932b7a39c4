-- Language-model usage per store and day (cost control), and internal notes on conversations
-- (model-written summaries; agents' private notes).
CREATE TABLE model_usage (
    store_id       uuid NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    day            date NOT NULL,
    input_tokens   bigint NOT NULL DEFAULT 0,
    output_tokens  bigint NOT NULL DEFAULT 0,
    calls          integer NOT NULL DEFAULT 0,
    failures       integer NOT NULL DEFAULT 0,
    PRIMARY KEY (store_id, day)
);

CREATE TABLE conversation_notes (
    id               uuid PRIMARY KEY,
    store_id         uuid NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    conversation_id  uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    author           text NOT NULL CHECK (author IN ('assistant', 'agent')),
    agent_id         uuid REFERENCES agents (id) ON DELETE SET NULL,
    kind             text NOT NULL CHECK (kind IN ('escalation_summary', 'resolution_summary', 'note')),
    body             text NOT NULL,
    created_at       timestamptz NOT NULL
);
CREATE INDEX conversation_notes_conversation ON conversation_notes (conversation_id, created_at);
