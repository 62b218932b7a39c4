-- Chat transcripts by email (issue 18): the store's choice, a shopper's request, and one row per transcript sent for a
-- resolution (its primary key makes a second one for the same resolution impossible).
CREATE TABLE transcript_settings (
    store_id    uuid PRIMARY KEY REFERENCES stores (id) ON DELETE CASCADE,
    mode        text NOT NULL CHECK (mode IN ('off', 'on_request', 'always')),
    updated_at  timestamptz NOT NULL
);

CREATE TABLE transcript_requests (
    conversation_id uuid PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
    store_id        uuid NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    email           text NOT NULL,
    requested_at    timestamptz NOT NULL
);

CREATE TABLE transcripts (
    conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    resolution      int NOT NULL,
    store_id        uuid NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    email           text NOT NULL,
    status          text NOT NULL CHECK (status IN ('queued', 'sent', 'failed')),
    sent_via        text,
    last_error      text,
    attempts        int NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL,
    sent_at         timestamptz,
    PRIMARY KEY (conversation_id, resolution)
);
