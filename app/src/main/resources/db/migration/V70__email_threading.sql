-- Why each inbound email landed in its conversation (issue 18): the rule that placed it, the stored
-- message it matched, the subject rule's time window, and the candidates it turned down.
CREATE TABLE email_threading (
    message_id          uuid PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
    store_id            uuid NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    rule                text NOT NULL CHECK (rule IN ('in-reply-to', 'references', 'provider-thread', 'subject+participants', 'new')),
    matched_message_id  uuid REFERENCES messages (id) ON DELETE SET NULL,
    window_hours        integer,
    rejected            jsonb NOT NULL DEFAULT '[]'
);
