-- dedup-embedder (services/dedup-embedder): keep the 1.5 kB vector in the posts row.
-- With the vector type's default storage (EXTERNAL) a row over 2 kB (vector + content + analysis)
-- had its vector moved to the TOAST table, and every distance the near-duplicate k-NN computes from
-- the heap (`embedding <=> $1` for each of its k candidates) fetched it back through the TOAST
-- index: half of the store path's Postgres CPU in a perf profile (docs/benchmarks.md, Store).
-- Content and analysis are compressed or moved out instead. Applies to rows written from now on.
ALTER TABLE posts ALTER COLUMN embedding SET STORAGE PLAIN;
