-- Gateway (services/gateway): login/signup rate limits, full-text search on posts, and whether a
-- workspace may scan (plan or trial active). Additive only.

-- Fixed-window counters per bucket ("login-ip:<ip>", "login-account:<email>"): rate limiting with
-- no infrastructure beyond Postgres, shared by every gateway replica. System role only.
CREATE TABLE rate_limit_hits (
  bucket       text NOT NULL CHECK (length(bucket) <= 500),
  window_start timestamptz NOT NULL,
  hits         integer NOT NULL DEFAULT 1,
  PRIMARY KEY (bucket, window_start)
);
CREATE INDEX rate_limit_hits_window_start_idx ON rate_limit_hits (window_start);

-- Signals feed full-text search over the post title and content.
CREATE INDEX posts_fts_idx ON posts USING gin (to_tsvector('english', coalesce(title, '') || ' ' || content));

-- Feed filters by score and monitor without scanning the whole workspace.
CREATE INDEX signals_feed_score_idx ON signals (workspace_id, intent_score, created_at DESC, id DESC);
CREATE INDEX signals_monitor_feed_idx ON signals (workspace_id, monitor_id, created_at DESC, id DESC);

-- A workspace scans while its plan is active or its trial runs; otherwise it keeps its data but the
-- scheduler and ingestors treat its monitors as inactive. past_due keeps scanning while Stripe
-- retries the payment (Stripe's dunning ends in canceled or active).
CREATE FUNCTION workspace_can_scan(ws uuid) RETURNS boolean
  LANGUAGE sql STABLE
  AS $$
    SELECT COALESCE((
      SELECT b.status IN ('active', 'past_due') OR (b.status = 'trial' AND b.trial_ends_at > now())
        FROM billing b WHERE b.workspace_id = ws
    ), false)
  $$;

-- What the scheduler should poll: active monitors of workspaces that may scan.
CREATE VIEW scanning_monitors WITH (security_invoker = true) AS
  SELECT m.* FROM monitors m
   WHERE m.active AND workspace_can_scan(m.workspace_id);
GRANT SELECT ON scanning_monitors TO radar_app;
GRANT EXECUTE ON FUNCTION workspace_can_scan(uuid) TO radar_app;
