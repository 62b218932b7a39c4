-- Analytics: when a conversation first heard from the shopper, first answered, and was resolved;
-- the customer messages the assistant could not answer (kept apart, so that recording one never
-- rewrites a message row and its indexes).
ALTER TABLE conversations ADD COLUMN first_message_at timestamptz;
ALTER TABLE conversations ADD COLUMN first_response_at timestamptz;
ALTER TABLE conversations ADD COLUMN resolved_at timestamptz;
CREATE INDEX conversations_store_created ON conversations (store_id, created_at);

CREATE TABLE unanswered_messages (
    message_id  uuid PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
    store_id    uuid NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL
);
CREATE INDEX unanswered_messages_store_created ON unanswered_messages (store_id, created_at);
CREATE INDEX messages_store_customer_created ON messages (store_id, created_at) WHERE author = 'customer';
CREATE INDEX messages_store_cited ON messages (store_id, created_at) WHERE cited_faq_ids <> '';
CREATE INDEX tickets_store_created ON tickets (store_id, created_at);
