-- Gateway (services/gateway, issue 10): invitations by email. The owner invites an address; the
-- email carries a single-use token whose sha256 alone is stored; it expires. Additive only.
CREATE TABLE workspace_invites (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  -- stored lower-cased, like users.email
  email        text NOT NULL CHECK (email = lower(email) AND position('@' IN email) > 1 AND length(email) <= 320),
  role         text NOT NULL CHECK (role IN ('owner', 'member')),
  token_hash   text NOT NULL UNIQUE CHECK (length(token_hash) = 64),
  invited_by   uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  accepted_at  timestamptz,
  accepted_by  uuid REFERENCES users (id) ON DELETE SET NULL,
  revoked_at   timestamptz,
  CHECK (accepted_at IS NULL OR revoked_at IS NULL)
);
-- The pending list of a workspace, and "is this address already invited".
CREATE INDEX workspace_invites_pending_idx ON workspace_invites (workspace_id, email)
  WHERE accepted_at IS NULL AND revoked_at IS NULL;

-- Owners create, list and revoke under their workspace (row-level security); accepting is system
-- code, because the person accepting is not a member yet.
GRANT SELECT, INSERT, UPDATE ON workspace_invites TO radar_app;
ALTER TABLE workspace_invites ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON workspace_invites TO radar_app
  USING (workspace_id = current_workspace_id()) WITH CHECK (workspace_id = current_workspace_id());
