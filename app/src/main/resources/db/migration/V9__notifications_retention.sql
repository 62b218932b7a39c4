-- Notifications (email and Slack-compatible webhooks) with their delivery state, retention and the
-- weekly summary.
ALTER TABLE store_settings ADD COLUMN notify_emails text NOT NULL DEFAULT '';
ALTER TABLE store_settings ADD COLUMN slack_webhook_url text;
ALTER TABLE store_settings ADD COLUMN retention_days integer NOT NULL DEFAULT 90;
ALTER TABLE store_settings ADD COLUMN weekly_summary boolean NOT NULL DEFAULT true;
ALTER TABLE store_settings ADD COLUMN weekly_summary_at text NOT NULL DEFAULT 'monday 08:00';
ALTER TABLE store_settings ADD COLUMN last_weekly_summary_at timestamptz;

CREATE TABLE notifications (
    id          uuid PRIMARY KEY,
    store_id    uuid NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    event       text NOT NULL,
    channel     text NOT NULL CHECK (channel IN ('email', 'slack')),
    target      text NOT NULL,
    subject     text NOT NULL,
    body        text NOT NULL,
    status      text NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts    integer NOT NULL,
    last_error  text,
    created_at  timestamptz NOT NULL,
    sent_at     timestamptz
);
CREATE INDEX notifications_store_created ON notifications (store_id, created_at DESC);
