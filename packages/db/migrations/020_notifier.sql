-- Notifier (services/notifier): the in-flight state that makes a crash between "sent" and
-- "recorded" visible, the event payload that retries and digests render from, and one digest per
-- destination per period however many notifier replicas run. Additive only.

-- 'sending' = claimed by one replica until lease_until; a row still 'sending' after its lease is a
-- send whose outcome is unknown (the process died mid-send).
ALTER TABLE deliveries DROP CONSTRAINT deliveries_status_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_status_check
  CHECK (status IN ('pending', 'digest', 'sending', 'sent', 'failed', 'skipped'));
ALTER TABLE deliveries ADD COLUMN lease_until timestamptz;
-- the signal.created data as received: what retries, held alerts and digests render
ALTER TABLE deliveries ADD COLUMN payload jsonb CHECK (payload IS NULL OR jsonb_typeof(payload) = 'object');
ALTER TABLE deliveries ADD COLUMN digest_id uuid;
CREATE INDEX deliveries_sending_lease_idx ON deliveries (lease_until) WHERE status = 'sending';
CREATE INDEX deliveries_digest_wait_idx ON deliveries (destination_id, created_at) WHERE status = 'digest';

-- One row per destination per digest period: INSERT ... ON CONFLICT DO NOTHING decides which
-- replica sends it.
CREATE TABLE digests (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id   uuid NOT NULL,
  destination_id uuid NOT NULL,
  period         text NOT NULL CHECK (period IN ('hourly', 'daily', 'weekly')),
  period_start   timestamptz NOT NULL,
  period_end     timestamptz NOT NULL,
  status         text NOT NULL DEFAULT 'sending' CHECK (status IN ('sending', 'sent', 'failed', 'empty')),
  signal_count   integer NOT NULL DEFAULT 0 CHECK (signal_count >= 0),
  last_error     text,
  lease_until    timestamptz,
  sent_at        timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT digests_destination_id_period_start_key UNIQUE (destination_id, period_start),
  CONSTRAINT digests_workspace_id_id_key UNIQUE (workspace_id, id),
  CONSTRAINT digests_destination_fkey FOREIGN KEY (workspace_id, destination_id)
    REFERENCES alert_destinations (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX digests_sending_lease_idx ON digests (lease_until) WHERE status = 'sending';

-- The dashboard shows digest history; only the notifier (owner role) writes it.
GRANT SELECT ON digests TO radar_app;
ALTER TABLE digests ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON digests TO radar_app
  USING (workspace_id = current_workspace_id()) WITH CHECK (workspace_id = current_workspace_id());
