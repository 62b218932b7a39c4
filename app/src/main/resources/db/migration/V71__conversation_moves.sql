-- Merge and split (issue 18): a merged conversation points at the one it was merged into; every move
-- records exactly what it moved, so it can be undone.
ALTER TABLE conversations ADD COLUMN merged_into uuid REFERENCES conversations (id) ON DELETE SET NULL;

CREATE TABLE conversation_moves (
    id                    uuid PRIMARY KEY,
    store_id              uuid NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    kind                  text NOT NULL CHECK (kind IN ('merge', 'split')),
    source_id             uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    target_id             uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    message_ids           uuid[] NOT NULL,
    note_ids              uuid[] NOT NULL,
    draft_ids             uuid[] NOT NULL,
    ticket_ids            uuid[] NOT NULL,
    closed_ticket_id      uuid REFERENCES tickets (id) ON DELETE SET NULL,
    closed_ticket_status  text,
    agent_id              uuid REFERENCES agents (id) ON DELETE SET NULL,
    created_at            timestamptz NOT NULL,
    undone_at             timestamptz,
    undone_by             uuid REFERENCES agents (id) ON DELETE SET NULL
);
CREATE INDEX conversation_moves_source ON conversation_moves (source_id, created_at);
CREATE INDEX conversation_moves_target ON conversation_moves (target_id, created_at);
