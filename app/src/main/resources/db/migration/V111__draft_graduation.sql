-- Drafts that earn trust (issue 18): how much an agent changed a draft when approving it, whether it went out by
-- itself, and the kinds of draft a store lets go out without review.
ALTER TABLE drafts ADD COLUMN edit_ratio real;
ALTER TABLE drafts ADD COLUMN auto_sent boolean NOT NULL DEFAULT false;
CREATE INDEX drafts_reviewed ON drafts (store_id, updated_at) WHERE status IN ('approved', 'sent', 'discarded');

CREATE TABLE draft_autosend (
    store_id    uuid NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    kind        text NOT NULL,
    enabled_by  uuid REFERENCES agents (id) ON DELETE SET NULL,
    enabled_at  timestamptz NOT NULL,
    PRIMARY KEY (store_id, kind)
);
