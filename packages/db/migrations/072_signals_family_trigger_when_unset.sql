-- dedup-embedder: the signals_family trigger (migration 071) runs only for rows that arrive without
-- a family_id. The store knows each new signal's family (its post's original, or the post) and
-- writes it in the insert; the per-row PL/pgSQL call and its posts lookup cost about as much as
-- the signal's own insert (bench:store, 2026-11-27). Writers that do not set it (seeds, tests,
-- other services) still get it from the post, as before.
DROP TRIGGER signals_family ON signals;
CREATE TRIGGER signals_family BEFORE INSERT ON signals
  FOR EACH ROW WHEN (NEW.family_id IS NULL) EXECUTE FUNCTION signals_set_family();
