// Faster membership batches and O(1) counts for the group list and the members list.
//
// 1. No row-by-row foreign keys on customer_group_customers. Adding 100,000 customers to a
//    group in one call spent ~2.4 s in the two FK triggers (one per row and key: the group
//    check re-read the same, already locked, group row 100,000 times). Integrity is kept
//    another way:
//    - insert side: every Cohort writer checks its parents in the same transaction and
//      locks them against deletion. The batch add locks the group row (FOR NO KEY UPDATE)
//      and inserts only rows joined to live customers in the same statement; the customer
//      update (`groups`) locks each named group FOR KEY SHARE while checking it. A group
//      delete takes FOR UPDATE on the group, so it waits for (and is seen by) both.
//      Customers are never hard-deleted by Cohort (no route deletes a customer row), so
//      nothing can remove a customer between the check and the commit of a batch.
//    - delete side: ON DELETE CASCADE is replaced by statement-level AFTER DELETE triggers
//      on customer and customer_group that delete the memberships of the deleted rows (one
//      statement per delete statement, for any writer, including SQL run by hand). The
//      group delete of the service also deletes the memberships itself, in its transaction.
// 2. One index fewer. The primary key (customer_group_id, customer_id) and the index
//    (customer_id, customer_group_id) held the same pairs; every lookup by group alone is
//    served by the members-order index (customer_group_id, customer_created_at DESC,
//    customer_id DESC) of 0002, and every lookup of a pair by (customer_id,
//    customer_group_id). So the key becomes (customer_id, customer_group_id) and the old
//    second index goes: two indexes maintained per membership row instead of three.
// 3. Counters kept by statement-level triggers with transition tables (a 100,000-row
//    batch is one counter update per statement, not per row):
//    - customer_group_member_count: memberships per group (all memberships; the members
//      list uses it only while no customer is soft-deleted, see IDX_customer_soft_deleted);
//    - cohort_counter 'customer_groups': live (not soft-deleted) customer groups.
//    Counter rows are upserted in key order, so two transactions touching the same groups
//    lock the counter rows in the same order.
// 4. IDX_customer_soft_deleted: a partial index that holds only soft-deleted customers.
//    Cohort never soft-deletes customers, so it is empty and "is any customer soft-deleted?"
//    is one probe of an empty index; when one is, the members count falls back to counting.
export const sql = `
ALTER TABLE customer_group_customers
  DROP CONSTRAINT customer_group_customers_customer_group_id_fkey,
  DROP CONSTRAINT customer_group_customers_customer_id_fkey,
  DROP CONSTRAINT customer_group_customers_pkey;
DROP INDEX "IDX_cgc_customer_id";
ALTER TABLE customer_group_customers ADD CONSTRAINT customer_group_customers_pkey PRIMARY KEY (customer_id, customer_group_id);

-- Cascades that replace the foreign keys' ON DELETE CASCADE.
CREATE FUNCTION cohort_customer_delete_memberships() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM customer_group_customers m USING old_rows o WHERE m.customer_id = o.id;
  RETURN NULL;
END $$;
CREATE TRIGGER cohort_customer_delete_memberships
  AFTER DELETE ON customer REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cohort_customer_delete_memberships();

CREATE TABLE customer_group_member_count (
  customer_group_id text PRIMARY KEY,
  n                 bigint NOT NULL
);
INSERT INTO customer_group_member_count (customer_group_id, n)
  SELECT customer_group_id, count(*) FROM customer_group_customers GROUP BY 1;

CREATE FUNCTION cohort_customer_group_delete_memberships() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM customer_group_customers m USING old_rows o WHERE m.customer_group_id = o.id;
  DELETE FROM customer_group_member_count k USING old_rows o WHERE k.customer_group_id = o.id;
  RETURN NULL;
END $$;
CREATE TRIGGER cohort_customer_group_delete_memberships
  AFTER DELETE ON customer_group REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cohort_customer_group_delete_memberships();

-- Member counts.
CREATE FUNCTION cohort_member_count_add(delta bigint, changed_groups text[], counts bigint[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO customer_group_member_count AS k (customer_group_id, n)
  SELECT g, c * delta FROM unnest(changed_groups, counts) AS x(g, c) ORDER BY g
  ON CONFLICT (customer_group_id) DO UPDATE SET n = k.n + EXCLUDED.n
$$;
CREATE FUNCTION cohort_cgc_count_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM cohort_member_count_add(1, array_agg(g), array_agg(c)) FROM (SELECT customer_group_id, count(*) FROM new_rows GROUP BY 1) AS x(g, c) HAVING count(*) > 0;
  RETURN NULL;
END $$;
CREATE FUNCTION cohort_cgc_count_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM cohort_member_count_add(-1, array_agg(g), array_agg(c)) FROM (SELECT customer_group_id, count(*) FROM old_rows GROUP BY 1) AS x(g, c) HAVING count(*) > 0;
  RETURN NULL;
END $$;
CREATE FUNCTION cohort_cgc_count_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM cohort_member_count_add(1, array_agg(g), array_agg(c))
  FROM (SELECT g, sum(c)::bigint FROM (
          SELECT customer_group_id, 1 FROM new_rows
          UNION ALL SELECT customer_group_id, -1 FROM old_rows) AS d(g, c)
        GROUP BY g HAVING sum(c) <> 0) AS x(g, c)
  HAVING count(*) > 0;
  RETURN NULL;
END $$;
CREATE TRIGGER cohort_cgc_count_insert
  AFTER INSERT ON customer_group_customers REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cohort_cgc_count_insert();
CREATE TRIGGER cohort_cgc_count_delete
  AFTER DELETE ON customer_group_customers REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cohort_cgc_count_delete();
CREATE TRIGGER cohort_cgc_count_update
  AFTER UPDATE ON customer_group_customers REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cohort_cgc_count_update();

-- Live customer groups.
CREATE TABLE cohort_counter (
  name text PRIMARY KEY,
  n    bigint NOT NULL
);
INSERT INTO cohort_counter (name, n)
  SELECT 'customer_groups', count(*) FROM customer_group WHERE deleted_at IS NULL;

CREATE FUNCTION cohort_group_count_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE d bigint;
BEGIN
  SELECT count(*) INTO d FROM new_rows WHERE deleted_at IS NULL;
  IF d <> 0 THEN UPDATE cohort_counter SET n = n + d WHERE name = 'customer_groups'; END IF;
  RETURN NULL;
END $$;
CREATE FUNCTION cohort_group_count_delete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE d bigint;
BEGIN
  SELECT count(*) INTO d FROM old_rows WHERE deleted_at IS NULL;
  IF d <> 0 THEN UPDATE cohort_counter SET n = n - d WHERE name = 'customer_groups'; END IF;
  RETURN NULL;
END $$;
CREATE FUNCTION cohort_group_count_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE d bigint;
BEGIN
  SELECT (SELECT count(*) FROM new_rows WHERE deleted_at IS NULL) - (SELECT count(*) FROM old_rows WHERE deleted_at IS NULL) INTO d;
  IF d <> 0 THEN UPDATE cohort_counter SET n = n + d WHERE name = 'customer_groups'; END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER cohort_group_count_insert
  AFTER INSERT ON customer_group REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cohort_group_count_insert();
CREATE TRIGGER cohort_group_count_delete
  AFTER DELETE ON customer_group REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cohort_group_count_delete();
CREATE TRIGGER cohort_group_count_update
  AFTER UPDATE ON customer_group REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cohort_group_count_update();

CREATE INDEX "IDX_customer_soft_deleted" ON customer (id) WHERE deleted_at IS NOT NULL;
`;
