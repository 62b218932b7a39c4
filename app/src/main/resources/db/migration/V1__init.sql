-- Handoff schema. Every tenant row carries store_id. Times are timestamptz (UTC).

CREATE TABLE stores (
    id                  uuid PRIMARY KEY,
    name                text NOT NULL,
    widget_key          text NOT NULL UNIQUE,
    next_ticket_number  integer NOT NULL DEFAULT 1001,
    created_at          timestamptz NOT NULL
);

CREATE TABLE agents (
    id             uuid PRIMARY KEY,
    email          text NOT NULL UNIQUE,
    name           text NOT NULL,
    role           text NOT NULL CHECK (role IN ('agent', 'admin')),
    password_hash  text NOT NULL,
    created_at     timestamptz NOT NULL
);

CREATE TABLE store_members (
    store_id  uuid NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    agent_id  uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    PRIMARY KEY (store_id, agent_id)
);

CREATE TABLE auth_sessions (
    token_hash  text PRIMARY KEY,
    agent_id    uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL
);

CREATE TABLE contacts (
    id          uuid PRIMARY KEY,
    store_id    uuid NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    name        text,
    email       text,
    created_at  timestamptz NOT NULL
);
CREATE UNIQUE INDEX contacts_store_email ON contacts (store_id, lower(email)) WHERE email IS NOT NULL;

CREATE TABLE conversations (
    id                  uuid PRIMARY KEY,
    store_id            uuid NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    channel             text NOT NULL,
    contact_id          uuid NOT NULL REFERENCES contacts (id),
    status              text NOT NULL CHECK (status IN ('pending', 'resolved', 'escalated', 'cancelled')),
    unread_count        integer NOT NULL DEFAULT 0,
    sentiment_trend     double precision,
    tags                text NOT NULL DEFAULT '',
    assignee_id         uuid REFERENCES agents (id) ON DELETE SET NULL,
    visitor_token_hash  text,
    assistant_state     text NOT NULL DEFAULT 'idle',
    unanswered_count    integer NOT NULL DEFAULT 0,
    last_activity_at    timestamptz NOT NULL,
    created_at          timestamptz NOT NULL
);
CREATE INDEX conversations_store_status ON conversations (store_id, status, last_activity_at DESC);

CREATE TABLE messages (
    id                   uuid PRIMARY KEY,
    store_id             uuid NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    conversation_id      uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    author               text NOT NULL CHECK (author IN ('customer', 'assistant', 'agent', 'system')),
    agent_id             uuid REFERENCES agents (id) ON DELETE SET NULL,
    body_text            text NOT NULL,
    body_html            text,
    provider_message_id  text,
    idempotency_key      text,
    sentiment            text CHECK (sentiment IN ('positive', 'neutral', 'negative')),
    sentiment_score      double precision,
    source               text CHECK (source IN ('order_status', 'faq', 'llm')),
    cited_faq_ids        text NOT NULL DEFAULT '',
    order_number         text,
    created_at           timestamptz NOT NULL
);
CREATE INDEX messages_conversation ON messages (conversation_id, created_at);
CREATE UNIQUE INDEX messages_idempotency ON messages (conversation_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE UNIQUE INDEX messages_provider_id ON messages (conversation_id, provider_message_id) WHERE provider_message_id IS NOT NULL;

CREATE TABLE tickets (
    id                 uuid PRIMARY KEY,
    store_id           uuid NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    number             integer NOT NULL,
    conversation_id    uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    status             text NOT NULL CHECK (status IN ('new', 'open', 'waiting', 'resolved')),
    priority           text NOT NULL CHECK (priority IN ('low', 'medium', 'high', 'urgent')),
    category           text NOT NULL,
    summary            text NOT NULL,
    order_number       text,
    sentiment          text,
    escalation_reason  text NOT NULL,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    UNIQUE (store_id, number)
);
CREATE INDEX tickets_store_status ON tickets (store_id, status, created_at DESC);
CREATE INDEX tickets_conversation ON tickets (conversation_id);

CREATE TABLE faq_categories (
    id          uuid PRIMARY KEY,
    store_id    uuid NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    name        text NOT NULL,
    created_at  timestamptz NOT NULL,
    UNIQUE (store_id, name)
);

CREATE TABLE faq_items (
    id                   uuid PRIMARY KEY,
    store_id             uuid NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    category_id          uuid REFERENCES faq_categories (id) ON DELETE SET NULL,
    question             text NOT NULL,
    alternate_questions  text NOT NULL DEFAULT '',
    answer               text NOT NULL,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL
);
CREATE INDEX faq_items_store ON faq_items (store_id);

CREATE TABLE orders (
    id                  uuid PRIMARY KEY,
    store_id            uuid NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    name                text NOT NULL,
    order_number        text NOT NULL,
    email               text,
    financial_status    text,
    fulfillment_status  text,
    total_price         text,
    currency            text,
    raw_json            text NOT NULL,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    UNIQUE (store_id, order_number)
);
CREATE INDEX orders_store_email ON orders (store_id, lower(email));

-- db-scheduler (github.com/kagkarlsson/db-scheduler, postgresql_tables.sql)
CREATE TABLE scheduled_tasks (
    task_name             text NOT NULL,
    task_instance         text NOT NULL,
    task_data             bytea,
    execution_time        timestamptz NOT NULL,
    picked                boolean NOT NULL,
    picked_by             text,
    last_success          timestamptz,
    last_failure          timestamptz,
    consecutive_failures  integer,
    last_heartbeat        timestamptz,
    version               bigint NOT NULL,
    priority              smallint,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
