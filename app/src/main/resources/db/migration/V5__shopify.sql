-- Shopify: one connected shop per store (Admin API token and app secret sealed by SecretBox),
-- webhook deliveries seen (dedupe), GDPR compliance requests received, and the Shopify id of
-- local order copies (for fulfillment webhooks).
CREATE TABLE shopify_connections (
    store_id        uuid PRIMARY KEY REFERENCES stores (id) ON DELETE CASCADE,
    shop_domain     text NOT NULL UNIQUE,
    access_token    text NOT NULL,
    api_secret      text NOT NULL,
    api_version     text NOT NULL,
    status          text NOT NULL CHECK (status IN ('active', 'uninstalled')),
    connected_at    timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);

CREATE TABLE shopify_webhook_deliveries (
    webhook_id   text PRIMARY KEY,
    store_id     uuid NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    topic        text NOT NULL,
    received_at  timestamptz NOT NULL
);

CREATE TABLE shopify_compliance_requests (
    id           uuid PRIMARY KEY,
    store_id     uuid NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    topic        text NOT NULL,
    payload      text NOT NULL,
    received_at  timestamptz NOT NULL
);

ALTER TABLE orders ADD COLUMN external_id text;
CREATE INDEX orders_external_id ON orders (store_id, external_id);
