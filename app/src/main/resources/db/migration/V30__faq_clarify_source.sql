-- "Did you mean …?" questions are assistant messages of their own source; their cited FAQ items are the choices.
ALTER TABLE messages DROP CONSTRAINT IF EXISTS messages_source_check;
ALTER TABLE messages ADD CONSTRAINT messages_source_check CHECK (source IN ('order_status', 'faq', 'llm', 'clarify'));
