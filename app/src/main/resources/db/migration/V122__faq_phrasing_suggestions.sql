-- A shopper's question, from a "Did you mean …?" choice, held as a suggested phrasing of the item they chose
-- until a shopper on another network makes the same choice for the same question, or the merchant accepts it.
-- client_net: the shopper's IPv4 /24 or IPv6 /48, forgotten (NULL) after seven days.
CREATE TABLE faq_phrasing_suggestions (
    id          uuid PRIMARY KEY,
    store_id    uuid NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    item_id     uuid NOT NULL REFERENCES faq_items (id) ON DELETE CASCADE,
    message_id  uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    contact_id  uuid NOT NULL,
    client_net  cidr,
    text        text NOT NULL,
    created_at  timestamptz NOT NULL
);
CREATE INDEX faq_phrasing_suggestions_item ON faq_phrasing_suggestions (item_id, created_at);
CREATE INDEX faq_phrasing_suggestions_store ON faq_phrasing_suggestions (store_id, created_at DESC);
CREATE INDEX faq_phrasing_suggestions_message ON faq_phrasing_suggestions (message_id);
CREATE INDEX faq_phrasing_suggestions_asker ON faq_phrasing_suggestions (store_id, client_net);
CREATE INDEX faq_phrasing_suggestions_contact ON faq_phrasing_suggestions (contact_id);
