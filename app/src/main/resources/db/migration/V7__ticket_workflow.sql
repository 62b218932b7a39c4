-- Ticket workflow: assignee (round-robin among online agents), tags, and every change recorded
-- with who and when; sessions remember when they were last used (who is online).
ALTER TABLE tickets ADD COLUMN assignee_id uuid REFERENCES agents (id) ON DELETE SET NULL;
ALTER TABLE tickets ADD COLUMN assigned_at timestamptz;
ALTER TABLE tickets ADD COLUMN tags text NOT NULL DEFAULT '';
CREATE INDEX tickets_assignee ON tickets (store_id, assignee_id, assigned_at);

CREATE TABLE ticket_events (
    id          uuid PRIMARY KEY,
    ticket_id   uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    agent_id    uuid REFERENCES agents (id) ON DELETE SET NULL,
    field       text NOT NULL,
    old_value   text,
    new_value   text,
    created_at  timestamptz NOT NULL
);
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, created_at);

ALTER TABLE auth_sessions ADD COLUMN last_seen_at timestamptz;
