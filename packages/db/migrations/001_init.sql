-- Schema v1. Posts (and platform authors) are stored once and shared by every workspace; everything a
-- workspace owns carries workspace_id and is isolated by row-level security (002_row_level_security.sql).
-- Applied migrations are never edited: the runner refuses a changed checksum. Add 00N_*.sql instead.
-- Enum-like columns are text + CHECK so a new value is one ALTER TABLE, not a type migration.

CREATE EXTENSION IF NOT EXISTS vector;

-- ---------------------------------------------------------------------------------------------
-- People and tenancy
-- ---------------------------------------------------------------------------------------------

CREATE TABLE users (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- stored lower-cased so the unique constraint is case-insensitive without citext
  email         text NOT NULL CHECK (email = lower(email) AND position('@' IN email) > 1 AND length(email) <= 320),
  name          text CHECK (length(name) <= 200),
  password_hash text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT users_email_key UNIQUE (email)
);

CREATE TABLE workspaces (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  settings   jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(settings) = 'object'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE memberships (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role         text NOT NULL CHECK (role IN ('owner', 'member')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, user_id)
);
CREATE INDEX memberships_user_id_idx ON memberships (user_id);

-- Refresh tokens are per user, not per workspace: only the owner role (auth code) touches them.
CREATE TABLE refresh_sessions (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash  text NOT NULL,
  -- rotation family: presenting an already rotated token revokes the whole family
  family_id   uuid NOT NULL DEFAULT gen_random_uuid(),
  replaced_by uuid REFERENCES refresh_sessions (id) ON DELETE SET NULL,
  user_agent  text,
  ip          inet,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz,
  CONSTRAINT refresh_sessions_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX refresh_sessions_user_id_idx ON refresh_sessions (user_id);
CREATE INDEX refresh_sessions_family_id_idx ON refresh_sessions (family_id);

CREATE TABLE api_keys (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- the first characters of the key, shown in the UI and used to find the row; the key is shown once
  prefix       text NOT NULL,
  key_hash     text NOT NULL,
  scopes       text[] NOT NULL DEFAULT '{}',
  created_by   uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz,
  CONSTRAINT api_keys_prefix_key UNIQUE (prefix),
  CONSTRAINT api_keys_key_hash_key UNIQUE (key_hash)
);
CREATE INDEX api_keys_workspace_id_idx ON api_keys (workspace_id);

-- ---------------------------------------------------------------------------------------------
-- Monitors, posts, signals
-- ---------------------------------------------------------------------------------------------

CREATE TABLE monitors (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  query        text NOT NULL CHECK (length(query) BETWEEN 1 AND 5000),
  -- normalized query (packages/query): monitors with the same key share one ingest job
  query_key    text NOT NULL CHECK (length(query_key) BETWEEN 1 AND 2000),
  platforms    text[] NOT NULL CHECK (
    cardinality(platforms) > 0 AND platforms <@ ARRAY['reddit', 'hackernews', 'twitter', 'linkedin']::text[]
  ),
  min_score    smallint NOT NULL DEFAULT 6 CHECK (min_score BETWEEN 1 AND 10),
  -- one sentence about what the workspace sells; sharpens scoring and verification
  context      text CHECK (length(context) <= 1000),
  active       boolean NOT NULL DEFAULT true,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  -- target of composite foreign keys that pin a child row to its parent's workspace
  CONSTRAINT monitors_workspace_id_id_key UNIQUE (workspace_id, id)
);
CREATE INDEX monitors_active_query_key_idx ON monitors (query_key) WHERE active;

-- Global: one row per platform post however many workspaces watch it; scored and embedded once.
CREATE TABLE posts (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  platform            text NOT NULL CHECK (platform IN ('reddit', 'hackernews', 'twitter', 'linkedin')),
  external_id         text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 200),
  url                 text NOT NULL CHECK (length(url) BETWEEN 1 AND 2000),
  kind                text NOT NULL CHECK (kind IN ('post', 'comment')),
  author_handle       text NOT NULL CHECK (length(author_handle) BETWEEN 1 AND 200),
  author_display_name text,
  author_profile_url  text,
  title               text,
  content             text NOT NULL,
  site                text,
  lang                text CHECK (length(lang) <= 10),
  thread_external_id  text,
  parent_external_id  text,
  posted_at           timestamptz NOT NULL,
  fetched_at          timestamptz NOT NULL DEFAULT now(),
  -- sha256 hex of the normalized scored text: the LLM cache key and the exact-duplicate check
  content_hash        text CHECK (content_hash ~ '^[0-9a-f]{64}$'),
  analysis            jsonb,
  intent_score        smallint CHECK (intent_score BETWEEN 1 AND 10),
  scored_by           text,
  scored_at           timestamptz,
  embedding           vector(384),
  embedding_model     text,
  duplicate_of        uuid REFERENCES posts (id) ON DELETE SET NULL,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT posts_platform_external_id_key UNIQUE (platform, external_id),
  CONSTRAINT posts_not_own_duplicate CHECK (duplicate_of <> id),
  -- vectors from different models are not comparable, so every embedding names its model
  CONSTRAINT posts_embedding_has_model CHECK (embedding IS NULL OR embedding_model IS NOT NULL)
);
-- HNSW, never IVFFlat: IVFFlat trains its lists on the rows present at build time (none, here).
CREATE INDEX posts_embedding_hnsw_idx ON posts USING hnsw (embedding vector_cosine_ops);
CREATE INDEX posts_content_hash_idx ON posts (content_hash);
CREATE INDEX posts_posted_at_idx ON posts (posted_at);

-- Per workspace: one row per monitor that matched a post. UNIQUE (monitor_id, post_id) makes the
-- fan-out idempotent under redelivery (INSERT ... ON CONFLICT DO NOTHING).
CREATE TABLE signals (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  monitor_id   uuid NOT NULL,
  post_id      uuid NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  status       text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'contacted', 'archived')),
  intent_score smallint NOT NULL CHECK (intent_score BETWEEN 1 AND 10),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  contacted_at timestamptz,
  archived_at  timestamptz,
  CONSTRAINT signals_monitor_id_post_id_key UNIQUE (monitor_id, post_id),
  CONSTRAINT signals_workspace_id_id_key UNIQUE (workspace_id, id),
  -- a signal can only belong to a monitor of its own workspace
  CONSTRAINT signals_monitor_fkey FOREIGN KEY (workspace_id, monitor_id)
    REFERENCES monitors (workspace_id, id) ON DELETE CASCADE
);
-- the feed: newest first, keyset pagination on (created_at, id)
CREATE INDEX signals_feed_idx ON signals (workspace_id, created_at DESC, id DESC);
CREATE INDEX signals_feed_status_idx ON signals (workspace_id, status, created_at DESC, id DESC);
CREATE INDEX signals_post_id_idx ON signals (post_id);

-- ---------------------------------------------------------------------------------------------
-- Enrichment: looked up once per platform author, paid for per workspace
-- ---------------------------------------------------------------------------------------------

CREATE TABLE authors (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  platform     text NOT NULL CHECK (platform IN ('reddit', 'hackernews', 'twitter', 'linkedin')),
  handle       text NOT NULL CHECK (length(handle) BETWEEN 1 AND 200),
  display_name text,
  profile_url  text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT authors_platform_handle_key UNIQUE (platform, handle)
);

CREATE TABLE enriched_contacts (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  author_id        uuid NOT NULL REFERENCES authors (id) ON DELETE CASCADE,
  status           text NOT NULL CHECK (status IN ('complete', 'partial', 'failed')),
  -- { "<field>": { "value": "...", "source": "hunter", "confidence": "verified|likely|guessed|none" } }
  fields           jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(fields) = 'object'),
  email_confidence text NOT NULL DEFAULT 'none' CHECK (email_confidence IN ('verified', 'likely', 'guessed', 'none')),
  fetched_at       timestamptz NOT NULL DEFAULT now(),
  expires_at       timestamptz,
  CONSTRAINT enriched_contacts_author_id_key UNIQUE (author_id)
);

-- Which workspace paid for which author: the charge happens once per workspace + author.
CREATE TABLE workspace_contacts (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id    uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  author_id       uuid NOT NULL REFERENCES authors (id) ON DELETE CASCADE,
  signal_id       uuid,
  request_id      text,
  requested_by    text CHECK (requested_by IN ('user', 'api', 'auto_rule')),
  credits_charged integer NOT NULL DEFAULT 0 CHECK (credits_charged >= 0),
  created_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT workspace_contacts_workspace_id_author_id_key UNIQUE (workspace_id, author_id),
  CONSTRAINT workspace_contacts_signal_fkey FOREIGN KEY (workspace_id, signal_id)
    REFERENCES signals (workspace_id, id) ON DELETE SET NULL (signal_id)
);
CREATE INDEX workspace_contacts_author_id_idx ON workspace_contacts (author_id);

-- ---------------------------------------------------------------------------------------------
-- Alerts
-- ---------------------------------------------------------------------------------------------

CREATE TABLE alert_destinations (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id      uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind              text NOT NULL CHECK (kind IN ('slack', 'email', 'webhook')),
  -- non-secret settings: channel name, recipients, webhook URL without credentials
  config            jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(config) = 'object'),
  -- Slack webhook URLs, webhook signing secrets: never returned by the API or logged
  secrets           jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(secrets) = 'object'),
  -- empty = every monitor of the workspace
  monitor_ids       uuid[] NOT NULL DEFAULT '{}',
  min_score         smallint NOT NULL DEFAULT 7 CHECK (min_score BETWEEN 1 AND 10),
  frequency         text NOT NULL DEFAULT 'instant' CHECK (frequency IN ('instant', 'hourly', 'daily', 'weekly')),
  quiet_hours_start time,
  quiet_hours_end   time,
  -- IANA name; quiet hours and digest times are local to it
  time_zone         text NOT NULL DEFAULT 'UTC' CHECK (length(time_zone) BETWEEN 1 AND 64),
  enabled           boolean NOT NULL DEFAULT true,
  -- why the system disabled it (e.g. Slack answered 404 no_service); null when a user did
  disabled_reason   text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT alert_destinations_workspace_id_id_key UNIQUE (workspace_id, id),
  CONSTRAINT alert_destinations_quiet_hours_pair CHECK ((quiet_hours_start IS NULL) = (quiet_hours_end IS NULL))
);

-- One row per destination per signal: the idempotency record of the notifier.
CREATE TABLE deliveries (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id    uuid NOT NULL,
  signal_id       uuid NOT NULL,
  destination_id  uuid NOT NULL,
  -- digest = waiting for the destination's next hourly/daily/weekly digest
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'digest', 'sent', 'failed', 'skipped')),
  attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error      text,
  next_attempt_at timestamptz,
  sent_at         timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT deliveries_signal_id_destination_id_key UNIQUE (signal_id, destination_id),
  CONSTRAINT deliveries_workspace_id_id_key UNIQUE (workspace_id, id),
  CONSTRAINT deliveries_signal_fkey FOREIGN KEY (workspace_id, signal_id)
    REFERENCES signals (workspace_id, id) ON DELETE CASCADE,
  CONSTRAINT deliveries_destination_fkey FOREIGN KEY (workspace_id, destination_id)
    REFERENCES alert_destinations (workspace_id, id) ON DELETE CASCADE
);
CREATE INDEX deliveries_due_idx ON deliveries (next_attempt_at) WHERE status IN ('pending', 'digest');
CREATE INDEX deliveries_destination_id_idx ON deliveries (destination_id);

CREATE TABLE delivery_attempts (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL,
  delivery_id  uuid NOT NULL,
  attempt      integer NOT NULL CHECK (attempt >= 1),
  ok           boolean NOT NULL,
  http_status  integer,
  error        text,
  started_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT delivery_attempts_delivery_id_attempt_key UNIQUE (delivery_id, attempt),
  CONSTRAINT delivery_attempts_delivery_fkey FOREIGN KEY (workspace_id, delivery_id)
    REFERENCES deliveries (workspace_id, id) ON DELETE CASCADE
);

-- ---------------------------------------------------------------------------------------------
-- Usage and billing
-- ---------------------------------------------------------------------------------------------

CREATE TABLE usage_events (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id    uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  -- 'signal', 'enrichment', 'llm_tokens', 'api_request', ...; the unit is implied by the kind
  kind            text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_.]{0,99}$'),
  quantity        integer NOT NULL DEFAULT 1,
  -- e.g. the signal or request id: a redelivered event records its usage once
  idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 300),
  metadata        jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
  occurred_at     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT usage_events_workspace_id_kind_idempotency_key_key UNIQUE (workspace_id, kind, idempotency_key)
);
CREATE INDEX usage_events_workspace_time_idx ON usage_events (workspace_id, occurred_at);

CREATE TABLE billing (
  workspace_id           uuid PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
  stripe_customer_id     text,
  stripe_subscription_id text,
  plan                   text NOT NULL DEFAULT 'trial' CHECK (plan ~ '^[a-z][a-z0-9_]{0,49}$'),
  status                 text NOT NULL DEFAULT 'trial' CHECK (status IN ('trial', 'active', 'past_due', 'canceled')),
  trial_ends_at          timestamptz,
  current_period_end     timestamptz,
  -- enrichment credits; spending more than the balance fails the CHECK instead of going negative
  credits                integer NOT NULL DEFAULT 0 CHECK (credits >= 0),
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT billing_stripe_customer_id_key UNIQUE (stripe_customer_id),
  CONSTRAINT billing_stripe_subscription_id_key UNIQUE (stripe_subscription_id)
);

-- UNIQUE (stripe_invoice_id): a replayed invoice.paid webhook grants its credits once.
CREATE TABLE credit_grants (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id      uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  credits           integer NOT NULL CHECK (credits > 0),
  reason            text NOT NULL CHECK (reason IN ('trial', 'subscription', 'purchase', 'manual')),
  stripe_invoice_id text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT credit_grants_stripe_invoice_id_key UNIQUE (stripe_invoice_id)
);
CREATE INDEX credit_grants_workspace_id_idx ON credit_grants (workspace_id);

-- Every Stripe webhook event once, by its evt_ id; system only.
CREATE TABLE stripe_events (
  id           text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 255),
  type         text NOT NULL,
  payload      jsonb NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz,
  error        text
);

-- ---------------------------------------------------------------------------------------------
-- Audit and outbox
-- ---------------------------------------------------------------------------------------------

CREATE TABLE audit_log (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  actor_type   text NOT NULL CHECK (actor_type IN ('user', 'api_key', 'system')),
  actor_id     uuid,
  action       text NOT NULL CHECK (length(action) BETWEEN 1 AND 100),
  target_type  text,
  target_id    text,
  details      jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(details) = 'object'),
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_workspace_time_idx ON audit_log (workspace_id, created_at DESC, id DESC);

-- A database change that must become an event is written here in the same transaction; a relay
-- publishes rows in id order with Nats-Msg-Id = msg_id (JetStream dedupes a re-publish) and stamps
-- published_at. UNIQUE (msg_id) makes writing the same event twice a no-op.
CREATE TABLE outbox (
  id           bigserial PRIMARY KEY,
  -- null for system events written by the owner role
  workspace_id uuid REFERENCES workspaces (id) ON DELETE CASCADE,
  type         text NOT NULL CHECK (length(type) BETWEEN 1 AND 200),
  subject      text NOT NULL CHECK (length(subject) BETWEEN 1 AND 500),
  msg_id       text NOT NULL CHECK (length(msg_id) BETWEEN 1 AND 500),
  payload      jsonb NOT NULL,
  attempts     integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error   text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz,
  CONSTRAINT outbox_msg_id_key UNIQUE (msg_id)
);
CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL;
