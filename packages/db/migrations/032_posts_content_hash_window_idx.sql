-- dedup-embedder: the exact-duplicate lookup (same content hash within ±window of the post time)
-- served by one index whatever the statistics say. With posts_content_hash_idx alone and no fresh
-- statistics (the window bounds come from the batch, so the planner guesses), Postgres ANDed it
-- with a bitmap of posts_posted_at_idx over the whole window: 34,000 index entries (18 ms) per
-- looked-up post at 34k posts in a bench:store run. (content_hash, posted_at) answers the lookup
-- from a handful of entries and serves plain content_hash lookups too, so it replaces the old index.
CREATE INDEX posts_content_hash_posted_at_idx ON posts (content_hash, posted_at);
DROP INDEX IF EXISTS posts_content_hash_idx;
