-- dedup-embedder: the HNSW index over half-precision copies of the vectors, built with
-- ef_construction 32 (pgvector's default is 64). Measured on this store (docs/benchmarks.md,
-- Store): a halfvec index costs about 30% less CPU per insert with the same recall, and
-- ef_construction 32 cuts the insert further; the HNSW insert was about half of the store's CPU
-- per post. Reposts no longer depend on the k-NN alone (band keys, migration 030).
-- The k-NN must order by the same expression (`embedding::halfvec(384) <=> ...`) to use it; the
-- threshold is still checked on the full-precision vectors. Rebuilding walks the whole table:
-- on a large deployment run it in a maintenance window.
DROP INDEX IF EXISTS posts_embedding_hnsw_idx;
CREATE INDEX posts_embedding_hnsw_idx ON posts
  USING hnsw ((embedding::halfvec(384)) halfvec_cosine_ops) WITH (m = 16, ef_construction = 32);
