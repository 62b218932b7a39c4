-- Pending drafts per conversation, for the inbox's "has drafts" filter.
ALTER TABLE conversations ADD COLUMN pending_drafts integer NOT NULL DEFAULT 0;
CREATE INDEX conversations_store_pending_drafts ON conversations (store_id, last_activity_at DESC) WHERE pending_drafts > 0;
