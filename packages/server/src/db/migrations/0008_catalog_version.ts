// A version number of the store catalogue, so a Cohort instance may reuse a store response
// it built before for as long as nothing it was built from has changed (the next request
// after any change sees it, on every instance: docs/compatibility.md#fixed-v1-bugs-the-contracts-cohort-rules).
//
// A store product response is a function of the catalogue tables below and of the set of
// price lists the shopper is entitled to. The entitled set is computed fresh on every
// request (memberships, list status and windows against now()); the catalogue tables are
// summarised by cohort_counter 'catalog', which every committed change of them increments.
//
// How: a statement-level trigger on each catalogue table marks the writing transaction
// dirty (one row per transaction in cohort_catalog_dirty, ON CONFLICT DO NOTHING), and a
// DEFERRABLE INITIALLY DEFERRED constraint trigger on that row increments the counter at
// commit. Incrementing at commit rather than in the statement matters twice:
// - the counter row is locked only as the transaction's last act, so two writers never
//   hold it while waiting for each other's rows (no deadlock), and a transaction that
//   touches the catalogue a thousand times increments it once;
// - a reader that sees the new version also sees the rows that changed with it (both
//   become visible at the same commit).
// Triggers, not application code, so any writer (psql, a bulk load, another service) is
// covered; TRUNCATE too.
export const sql = `
INSERT INTO cohort_counter (name, n) VALUES ('catalog', 1);

CREATE TABLE cohort_catalog_dirty (tx xid8 PRIMARY KEY);

CREATE FUNCTION cohort_catalog_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO cohort_catalog_dirty (tx) VALUES (pg_current_xact_id()) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE FUNCTION cohort_catalog_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE cohort_counter SET n = n + 1 WHERE name = 'catalog';
  DELETE FROM cohort_catalog_dirty WHERE tx = NEW.tx;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER cohort_catalog_bump
  AFTER INSERT ON cohort_catalog_dirty DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION cohort_catalog_bump();

CREATE TRIGGER cohort_catalog_touch AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON region
  FOR EACH STATEMENT EXECUTE FUNCTION cohort_catalog_touch();
CREATE TRIGGER cohort_catalog_touch AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON product
  FOR EACH STATEMENT EXECUTE FUNCTION cohort_catalog_touch();
CREATE TRIGGER cohort_catalog_touch AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON product_variant
  FOR EACH STATEMENT EXECUTE FUNCTION cohort_catalog_touch();
CREATE TRIGGER cohort_catalog_touch AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON money_amount
  FOR EACH STATEMENT EXECUTE FUNCTION cohort_catalog_touch();
CREATE TRIGGER cohort_catalog_touch AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON price_list
  FOR EACH STATEMENT EXECUTE FUNCTION cohort_catalog_touch();
CREATE TRIGGER cohort_catalog_touch AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON price_list_customer_groups
  FOR EACH STATEMENT EXECUTE FUNCTION cohort_catalog_touch();
`;
