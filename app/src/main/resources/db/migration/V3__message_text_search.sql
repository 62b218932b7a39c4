-- PostgreSQL full-text search over message text: the merchant search's fallback while a remote
-- search backend (Elasticsearch) is unavailable.
CREATE INDEX messages_text_search ON messages USING gin (to_tsvector('english', body_text));
