-- A change that touches several fields records them at one instant: they keep the order they were written in
-- (a ticket's "created" before its first assignment, a change's status before its priority).
ALTER TABLE ticket_events ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
DROP INDEX ticket_events_ticket;
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, created_at, seq);
