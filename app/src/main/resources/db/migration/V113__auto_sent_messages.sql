-- Issue 18: an assistant reply that went out without review (a graduated kind of draft) is marked on the message
-- itself, so the thread and analytics show it apart from drafts an agent approved.
ALTER TABLE messages ADD COLUMN auto_sent boolean NOT NULL DEFAULT false;
UPDATE messages m SET auto_sent = true FROM drafts d WHERE d.sent_message_id = m.id AND d.auto_sent;
