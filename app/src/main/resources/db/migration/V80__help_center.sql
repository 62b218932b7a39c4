-- The public help center (issue 19): items can be drafts and are ordered within their category;
-- shoppers' views, searches, feedback and conversations started after using the help center.
ALTER TABLE faq_items ADD COLUMN published boolean NOT NULL DEFAULT true;
ALTER TABLE faq_items ADD COLUMN position integer NOT NULL DEFAULT 0;

-- One row per thing a shopper did in the help center (page or widget Help tab).
--   kind: view (an item opened), search (a finished search), feedback (Did this answer your question?),
--         visit (a help page shown to a browser with scripts), conversation (a chat started by a help session)
--   session_id: random id the browser keeps (widget / help page script); null for requests without scripts
CREATE TABLE help_events (
    id          bigserial PRIMARY KEY,
    store_id    uuid NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    session_id  text,
    kind        text NOT NULL CHECK (kind IN ('view', 'search', 'feedback', 'visit', 'conversation')),
    item_id     uuid REFERENCES faq_items (id) ON DELETE CASCADE,
    query       text,
    results     integer,
    helpful     boolean,
    -- a search's query embedding (384 little-endian float32, as messages.embedding), kept for searches without a result
    embedding   bytea,
    created_at  timestamptz NOT NULL
);
CREATE INDEX help_events_store_kind_time ON help_events (store_id, kind, created_at);
CREATE INDEX help_events_session ON help_events (store_id, session_id, created_at) WHERE session_id IS NOT NULL;
