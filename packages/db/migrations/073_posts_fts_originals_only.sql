-- gateway feed search (services/gateway/src/routes/signal-queries.ts) and dedup-embedder: the
-- full-text index holds originals only, like the repost-candidate indexes (migration 070).
-- Indexing every post tokenized every stored duplicate with to_tsvector: in a repost burst (90% of
-- the posts exact repeats) that was a third of the posts INSERT's Postgres CPU (bench:store,
-- 2026-11-27: 0.222 -> 0.154 ms per post without the index), for rows the feed rarely shows: a
-- duplicate only gets a signal for a monitor that no other post of its family served.
-- The feed search finds a signal on a duplicate without the index: it walks the workspace's
-- signals on duplicates (signals_feed_duplicate_idx below, family_id <> post_id: a signal's
-- family is its post's original, migration 071) and matches their text directly, so it returns
-- the same rows as before. A post whose original is deleted (duplicate_of SET NULL) enters the
-- index with that update.
-- Rebuilding walks the whole table: on a large deployment run it in a maintenance window.
DROP INDEX IF EXISTS posts_fts_idx;
CREATE INDEX posts_fts_idx ON posts USING gin (to_tsvector('english', coalesce(title, '') || ' ' || content))
  WHERE duplicate_of IS NULL;
-- Postgres ignores a partial index's expression statistics when it estimates a search of the
-- whole table, so without these it guessed 0.5% of posts match any query and drove a common
-- phrase from the index through every matching post (480 ms instead of 2 ms at 100k posts).
-- The full index's statistics came with it; ANALYZE samples the same rows as before.
CREATE STATISTICS IF NOT EXISTS posts_fts_stats ON ((to_tsvector('english', coalesce(title, '') || ' ' || content))) FROM posts;
-- The workspace's signals on duplicates, newest first: few (one per monitor per family), so the
-- search reads only those, and only they pay for this index at insert.
CREATE INDEX signals_feed_duplicate_idx ON signals (workspace_id, created_at DESC, id DESC)
  WHERE family_id <> post_id;
ANALYZE posts;
