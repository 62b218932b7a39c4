-- A role per store membership: store admins manage the store's integrations, mailboxes, webhooks,
-- retention, export and members; agents work its inbox. Instance admins (agents.role = 'admin') are
-- admins of every store.
ALTER TABLE store_members ADD COLUMN role text NOT NULL DEFAULT 'agent' CHECK (role IN ('agent', 'admin'));
UPDATE store_members m SET role = 'admin' FROM agents a WHERE a.id = m.agent_id AND a.role = 'admin';
CREATE INDEX auth_sessions_agent ON auth_sessions (agent_id);
