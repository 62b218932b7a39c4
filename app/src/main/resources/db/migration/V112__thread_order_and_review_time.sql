-- Issue 18. Thread order: messages of the same time (two emails whose Date headers name the same second) keep the
-- order they were stored in, so "the later message" (split, the dashboard's thread) means one thing everywhere.
ALTER TABLE messages ADD COLUMN seq bigserial;
DROP INDEX messages_conversation;
CREATE INDEX messages_conversation ON messages (conversation_id, created_at, seq);

-- Draft graduation counts a kind's last reviews by when they were reviewed: a delivery that completes later (status
-- approved -> sent moves updated_at) must not reorder that window.
ALTER TABLE drafts ADD COLUMN reviewed_at timestamptz;
UPDATE drafts SET reviewed_at = updated_at WHERE status IN ('approved', 'sent', 'discarded') AND NOT auto_sent;
DROP INDEX drafts_reviewed;
CREATE INDEX drafts_reviewed ON drafts (store_id, reviewed_at) WHERE reviewed_at IS NOT NULL;
