-- dedup-embedder (services/dedup-embedder): the copies of an original. The fan-out looks them up for
-- every duplicate post (a monitor served by one copy gets no signal for another), and deleting a
-- post nulls duplicate_of in its copies (ON DELETE SET NULL); both scanned all of posts without it.
-- Partial: only the few percent of posts that are duplicates are indexed.
CREATE INDEX posts_duplicate_of_idx ON posts (duplicate_of) WHERE duplicate_of IS NOT NULL;
