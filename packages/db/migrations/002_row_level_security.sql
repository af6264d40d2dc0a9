-- Tenant isolation, second line of defence: request-path code runs as radar_app (withWorkspace:
-- SET LOCAL ROLE radar_app + app.workspace_id), which does not own the tables, so row-level
-- security applies to it even without a WHERE clause. System services (dedup-embedder, notifier,
-- enricher, billing webhooks) work across workspaces as the owner (withTransaction), which RLS
-- does not restrict. Tables are not FORCE'd on purpose: the owner is the system role.

-- Roles are cluster-wide while databases are not: parallel test databases (and replicas migrating
-- different databases) race here, and the loser gets duplicate_object or unique_violation.
DO $$
BEGIN
  CREATE ROLE radar_app NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END
$$;

-- SET ROLE needs membership; superusers are members of every role already.
DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'radar_app', 'MEMBER') THEN
    EXECUTE format('GRANT radar_app TO %I', current_user);
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END
$$;

-- Unset (or set to '' by a finished SET LOCAL) means "no workspace": NULL matches no row.
CREATE FUNCTION current_workspace_id() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT NULLIF(current_setting('app.workspace_id', true), '')::uuid $$;

GRANT USAGE ON SCHEMA public TO radar_app;

-- Global, shared by every workspace: readable, written only by system services.
GRANT SELECT ON posts, authors TO radar_app;

-- Tenant tables the request path reads and writes.
GRANT SELECT, INSERT, UPDATE, DELETE ON
  memberships, monitors, signals, workspace_contacts, alert_destinations, deliveries, delivery_attempts,
  usage_events, api_keys
  TO radar_app;
-- Money and history: the request path reads them; credits and grants move only in system code.
GRANT SELECT ON billing, credit_grants TO radar_app;
GRANT SELECT, INSERT ON audit_log TO radar_app;
-- INSERT ... RETURNING needs SELECT; the relay that publishes and stamps rows is a system service.
GRANT SELECT, INSERT ON outbox TO radar_app;
GRANT USAGE ON SEQUENCE outbox_id_seq TO radar_app;
GRANT SELECT, UPDATE ON workspaces TO radar_app;
-- Visible only through the policies below.
GRANT SELECT ON users, enriched_contacts TO radar_app;
-- refresh_sessions, stripe_events, schema_migrations: no grant, owner only.

-- One policy per tenant table: rows of the current workspace only, for reads and for writes.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY[
    'memberships', 'monitors', 'signals', 'workspace_contacts', 'alert_destinations', 'deliveries',
    'delivery_attempts', 'usage_events', 'billing', 'credit_grants', 'api_keys', 'audit_log', 'outbox'
  ] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY workspace_isolation ON %I TO radar_app '
      'USING (workspace_id = current_workspace_id()) WITH CHECK (workspace_id = current_workspace_id())',
      t
    );
  END LOOP;
END
$$;

ALTER TABLE workspaces ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON workspaces TO radar_app
  USING (id = current_workspace_id()) WITH CHECK (id = current_workspace_id());

-- Users are global, but the request path sees only members of its workspace (memberships is
-- itself filtered by its policy inside this subquery).
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_members ON users FOR SELECT TO radar_app
  USING (EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id));

-- The enrichment cache is shared, but a workspace sees only the contacts it paid for.
ALTER TABLE enriched_contacts ENABLE ROW LEVEL SECURITY;
CREATE POLICY paid_by_workspace ON enriched_contacts FOR SELECT TO radar_app
  USING (EXISTS (SELECT 1 FROM workspace_contacts wc WHERE wc.author_id = enriched_contacts.author_id));
