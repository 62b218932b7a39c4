-- FAQ imports run as durable background jobs (task 'faq-import', instance = id), in batches: each batch
-- commits its items together with `processed` and the counts, so a restarted job resumes where the last
-- committed batch ended and no row is applied twice. The rows wait in `payload` until the import ends.
CREATE TABLE faq_imports (
    id          uuid PRIMARY KEY,
    store_id    uuid        NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    started_by  uuid        REFERENCES agents (id) ON DELETE SET NULL,
    status      text        NOT NULL CHECK (status IN ('running', 'done', 'failed')),
    total       integer     NOT NULL,
    processed   integer     NOT NULL DEFAULT 0,
    created     integer     NOT NULL DEFAULT 0,
    updated     integer     NOT NULL DEFAULT 0,
    unchanged   integer     NOT NULL DEFAULT 0,
    failed      integer     NOT NULL DEFAULT 0,
    errors      jsonb       NOT NULL DEFAULT '[]',
    failure     text,
    payload     jsonb,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    finished_at timestamptz
);
CREATE INDEX faq_imports_store ON faq_imports (store_id, created_at DESC);
-- one import at a time per store (a second answers 409 while the first runs)
CREATE UNIQUE INDEX faq_imports_one_running ON faq_imports (store_id) WHERE status = 'running';
