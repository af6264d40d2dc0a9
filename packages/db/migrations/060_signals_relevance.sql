-- dedup-embedder (issue 6): a signal's intent_score is the post's score as its monitor sees it,
-- moved by the monitor's context sentence (intent-scorer monitorRelevance / scoreForMonitor). The
-- signal detail shows why: relevance_delta is signals.intent_score minus the post's score at the
-- time it was written, relevance_reason the relevance module's explanation (NULL for a monitor
-- without context). Additive: existing signals read as "not moved"; a NOT NULL DEFAULT constant
-- column is a catalog-only change in Postgres 11+ (no table rewrite).
ALTER TABLE signals
  ADD COLUMN relevance_delta  smallint NOT NULL DEFAULT 0 CHECK (relevance_delta BETWEEN -9 AND 9),
  ADD COLUMN relevance_reason text CHECK (length(relevance_reason) <= 1000);
