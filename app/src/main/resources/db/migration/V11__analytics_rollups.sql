-- Daily analytics roll-ups (one row per store, UTC day and channel), the FAQ citations per day, and
-- the marks of days whose roll-up is stale (conversations or messages of that day changed).
CREATE TABLE analytics_days (
    store_id        uuid NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    day             date NOT NULL,
    channel         text NOT NULL,
    conversations   integer NOT NULL,
    resolved_ai     integer NOT NULL,
    resolved_human  integer NOT NULL,
    escalated       integer NOT NULL,
    cancelled       integer NOT NULL,
    started         integer[] NOT NULL,   -- conversations started per quarter hour of the UTC day (96)
    positive        integer[] NOT NULL,   -- by sentiment trend, per quarter hour
    neutral         integer[] NOT NULL,
    negative        integer[] NOT NULL,
    trend_n         integer[] NOT NULL,
    trend_sum       double precision[] NOT NULL,
    first_response  integer[] NOT NULL,   -- histogram of first response seconds, log-spaced buckets (AnalyticsRollups)
    resolution      integer[] NOT NULL,   -- histogram of resolution seconds
    computed_at     timestamptz NOT NULL,
    PRIMARY KEY (store_id, day, channel)
);

CREATE TABLE analytics_day_faq (
    store_id  uuid NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    day       date NOT NULL,
    faq_item  text NOT NULL,
    cited     integer NOT NULL,
    PRIMARY KEY (store_id, day, faq_item)
);

CREATE TABLE analytics_dirty (
    id          bigserial PRIMARY KEY,
    store_id    uuid NOT NULL,
    day         date NOT NULL,
    created_at  timestamptz NOT NULL
);
CREATE INDEX analytics_dirty_store_day ON analytics_dirty (store_id, day);
