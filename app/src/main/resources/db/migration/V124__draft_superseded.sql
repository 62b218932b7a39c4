-- A draft an agent's own reply overtook while it waited for review is withdrawn: status 'superseded'.
ALTER TABLE drafts DROP CONSTRAINT drafts_status_check;
ALTER TABLE drafts ADD CONSTRAINT drafts_status_check CHECK (status IN ('pending', 'approved', 'sent', 'discarded', 'superseded'));
