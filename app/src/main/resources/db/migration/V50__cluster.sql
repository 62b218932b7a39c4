-- Cluster mode (HANDOFF_CLUSTER=true): events that must reach every node's WebSocket clients are logged
-- here in the transaction that caused them and announced with NOTIFY (cluster.ClusterBus). A node whose
-- listening connection dropped reads what it missed from here: rows whose transaction id is at or above
-- the oldest transaction still running when it last heard everything. Kept for an hour.
CREATE TABLE cluster_events (
    id         bigserial   PRIMARY KEY,
    xid        bigint      NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
    origin     text        NOT NULL,
    kind       text        NOT NULL,
    ids        text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cluster_events_xid ON cluster_events (xid);
CREATE INDEX cluster_events_created ON cluster_events (created_at);

-- One syncing node per mailbox (ingest.MailboxSync): the node holding an unexpired lease syncs the
-- channel account (and alone keeps an IMAP IDLE connection); it renews the lease while syncing and
-- releases it on shutdown; another node takes an expired lease over.
CREATE TABLE mailbox_leases (
    account_id uuid        PRIMARY KEY REFERENCES channel_accounts (id) ON DELETE CASCADE,
    holder     text        NOT NULL,
    expires_at timestamptz NOT NULL,
    taken_at   timestamptz NOT NULL DEFAULT now()
);
