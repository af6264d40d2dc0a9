-- dedup-embedder: one signal per monitor per duplicate family (a post and its copies). The
-- fan-out checked "no signal of this monitor on the original or on any copy" by listing every
-- copy of the original: O(copies) per post and monitor, so a text reposted thousands of times made
-- each new copy dearer than the last (pipeline bench, 2026-11-27). signals.family_id is the
-- family's original (the post itself for an original), so the check is one index probe.
-- Set by a trigger from the post, so every writer of signals (the store, seeds, tests) gets it
-- right without knowing about it; posts never change family except when an original is deleted,
-- and then its signals go with it (ON DELETE CASCADE).
ALTER TABLE signals ADD COLUMN family_id uuid;

CREATE FUNCTION signals_set_family() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT COALESCE(p.duplicate_of, p.id) INTO NEW.family_id FROM posts p WHERE p.id = NEW.post_id;
  RETURN NEW;
END
$$;
CREATE TRIGGER signals_family BEFORE INSERT ON signals
  FOR EACH ROW EXECUTE FUNCTION signals_set_family();

UPDATE signals s SET family_id = COALESCE(p.duplicate_of, p.id) FROM posts p WHERE p.id = s.post_id;
ALTER TABLE signals ALTER COLUMN family_id SET NOT NULL;
CREATE INDEX signals_monitor_family_idx ON signals (monitor_id, family_id);
