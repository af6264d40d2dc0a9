-- dedup-embedder (services/dedup-embedder): repost candidates by MinHash band keys of the post's
-- word shingles (embedding/repost-bands.ts), looked up before the HNSW k-NN. The k-NN alone found
-- only 46.5% of the reposts above the cosine threshold at 1M posts (docs/benchmarks.md, Store);
-- a key lookup is exact. Candidates are confirmed by cosine on the stored vectors of the same model.
-- NULL for posts stored before this migration and for texts too short to have keys: the k-NN
-- still checks those.
ALTER TABLE posts ADD COLUMN band_keys int8[];
-- fastupdate off: the pending list would be scanned by every lookup (a latency spike that grows
-- until it is flushed); inserting 20 keys straight into the tree costs little next to the HNSW insert.
CREATE INDEX posts_band_keys_idx ON posts USING gin (band_keys) WITH (fastupdate = off);
