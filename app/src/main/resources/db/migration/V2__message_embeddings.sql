-- The embedding the assistant computed for a customer message (384 little-endian float32),
-- kept so that conversation search can be re-indexed without re-embedding.
ALTER TABLE messages ADD COLUMN embedding bytea;
