-- Which embedding model wrote the stored vectors (messages.embedding, help_events.embedding): one row.
-- When the configured model differs, the app re-embeds them (StoredEmbeddings): reembedding_to is the
-- model being moved to, table and after_id the keyset cursor of the work done.
CREATE TABLE embedding_space (
    id             boolean PRIMARY KEY DEFAULT true CHECK (id),
    model          text NOT NULL,
    reembedding_to text,
    cursor_table   text CHECK (cursor_table IN ('messages', 'help_events')),
    after_id       text
);
-- Vectors stored before this version came from all-MiniLM-L6-v2, the only default until then.
INSERT INTO embedding_space (model)
SELECT 'all-minilm-l6-v2'
WHERE EXISTS (SELECT 1 FROM messages WHERE embedding IS NOT NULL)
   OR EXISTS (SELECT 1 FROM help_events WHERE embedding IS NOT NULL);
