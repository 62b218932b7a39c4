-- The address a widget conversation was started from (the shopper's, or the first untrusted hop of
-- X-Forwarded-For behind a trusted proxy); NULL for email conversations and for conversations older than
-- a few days (the address is kept only while the per-address token budget needs it).
ALTER TABLE conversations ADD COLUMN client_ip inet;
CREATE INDEX conversations_client_ip_age ON conversations (created_at) WHERE client_ip IS NOT NULL;

-- Language-model tokens per store, client network (an IPv4 address, or an IPv6 /64) and UTC day, so that
-- one address opening many conversations cannot spend the store's daily cap.
CREATE TABLE client_model_usage (
    store_id   uuid    NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    client_net cidr    NOT NULL,
    day        date    NOT NULL,
    tokens     bigint  NOT NULL DEFAULT 0,
    calls      integer NOT NULL DEFAULT 0,
    PRIMARY KEY (store_id, client_net, day)
);
CREATE INDEX client_model_usage_day ON client_model_usage (day);
