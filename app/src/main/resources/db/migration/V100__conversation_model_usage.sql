-- Language-model tokens per conversation (the calls made for it: decision, answer, summary, suggested replies),
-- so the cost of a conversation is its own, not a share of the day's total.
CREATE TABLE conversation_model_usage (
    conversation_id uuid PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
    store_id        uuid        NOT NULL,
    input_tokens    bigint      NOT NULL DEFAULT 0,
    output_tokens   bigint      NOT NULL DEFAULT 0,
    calls           integer     NOT NULL DEFAULT 0,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX conversation_model_usage_store ON conversation_model_usage (store_id);
