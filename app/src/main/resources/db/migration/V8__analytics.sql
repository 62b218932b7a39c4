-- Analytics: when a conversation first heard from the shopper, first answered, and was resolved;
-- what the assistant did with each customer message (so unanswered questions are one index away).
ALTER TABLE conversations ADD COLUMN first_message_at timestamptz;
ALTER TABLE conversations ADD COLUMN first_response_at timestamptz;
ALTER TABLE conversations ADD COLUMN resolved_at timestamptz;
CREATE INDEX conversations_store_created ON conversations (store_id, created_at);

ALTER TABLE messages ADD COLUMN assistant_outcome text
    CHECK (assistant_outcome IN ('answered', 'silent', 'escalated', 'small_talk', 'skipped'));
CREATE INDEX messages_store_customer_created ON messages (store_id, created_at) WHERE author = 'customer';
CREATE INDEX messages_store_silent ON messages (store_id, created_at) WHERE assistant_outcome = 'silent';
CREATE INDEX messages_store_cited ON messages (store_id, created_at) WHERE cited_faq_ids <> '';
CREATE INDEX tickets_store_created ON tickets (store_id, created_at);
