-- The language each customer message is written in (ISO 639-1, e.g. 'es'); NULL when not detected
-- (too short or not one of the storefront languages the assistant recognises).
ALTER TABLE messages ADD COLUMN language text;
