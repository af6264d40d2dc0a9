-- When the notifier began writing the request of the current attempt (NULL while only claimed).
-- A claim that expires without it was never sent, so it is safe to send again on every channel;
-- only a claim whose request had started is ambiguous (Slack, email and Discord are then failed
-- as "outcome unknown" rather than risk a duplicate).
ALTER TABLE deliveries ADD COLUMN request_started_at timestamptz;
