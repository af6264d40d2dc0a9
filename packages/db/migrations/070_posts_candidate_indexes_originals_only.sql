-- dedup-embedder: the repost-candidate indexes (HNSW k-NN, band keys) hold originals only.
-- A duplicate resolves to its original anyway (families are one level deep), so its entries only
-- made inserts and lookups dearer: an HNSW insert cost ~0.8 ms of Postgres CPU per post at 8k
-- vectors, most of the store's cost, and in a repost burst the graph filled with one vector
-- again and again (pipeline bench, 2026-11-27: 60% exact repeats, 32% near repeats).
-- A post whose original is deleted (ON DELETE SET NULL) becomes an original and enters both
-- indexes with that update. Exact repeats are stored without a vector at all (the store's choice).
-- The lookups must say `duplicate_of IS NULL` to use these indexes.
-- Rebuilding walks the whole table: on a large deployment run it in a maintenance window.
DROP INDEX IF EXISTS posts_embedding_hnsw_idx;
CREATE INDEX posts_embedding_hnsw_idx ON posts
  USING hnsw ((embedding::halfvec(384)) halfvec_cosine_ops) WITH (m = 16, ef_construction = 32)
  WHERE duplicate_of IS NULL;
DROP INDEX IF EXISTS posts_band_keys_idx;
CREATE INDEX posts_band_keys_idx ON posts USING gin (band_keys) WITH (fastupdate = off)
  WHERE duplicate_of IS NULL;
