-- Feed planning (gateway, issue 10): the stage filter compares analysis->>'decision_stage', an
-- expression Postgres keeps no statistics for, so it guessed 0.5% of posts match (real: about a
-- third) and started the feed from a posts seq scan joined to the workspace's signals (605 ms at
-- 1M signals) instead of walking signals_feed_idx newest first (0.7 ms). Expression statistics
-- (PG 14+) fix the estimate without the write cost of an index.
CREATE STATISTICS IF NOT EXISTS posts_decision_stage_stats ON ((analysis ->> 'decision_stage')) FROM posts;
-- Build them now rather than at the next autovacuum analyze (ANALYZE samples: cheap on big tables).
ANALYZE posts;
