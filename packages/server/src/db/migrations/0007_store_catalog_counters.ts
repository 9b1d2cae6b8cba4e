// Two facts the store catalogue reads on every request, kept by statement-level triggers
// with transition tables (one statement per writing statement, whatever its row count)
// instead of being recomputed per request:
//
// 1. price_list_without_groups: the price lists that have no customer group. Such a list
//    applies to every shopper, so the candidate-price query needs them
//    all; finding them was an anti-join over every list and every list–group pair, linear
//    in lists (bench/README.md, "Measurements behind the code"). Kept by
//    triggers on price_list (a new list has no group yet) and price_list_customer_groups
//    (any insert/update/delete re-checks the lists it touched). A deleted list's row goes
//    with it (ON DELETE CASCADE).
// 2. product_live_count: live (not soft-deleted) products per status. Listing the store
//    catalogue (`GET /store/products`, status published, no other filter) counted every
//    published product per request, most of the request's cost at the large scale; the
//    admin list without filters counts every status. Kept by triggers on
//    product for insert, update (status or deleted_at may change) and delete. Counter
//    rows are upserted in key order, so concurrent writers lock them in the same order.
export const sql = `
CREATE TABLE price_list_without_groups (
  price_list_id text PRIMARY KEY REFERENCES price_list (id) ON DELETE CASCADE
);
INSERT INTO price_list_without_groups (price_list_id)
  SELECT pl.id FROM price_list pl
  WHERE NOT EXISTS (SELECT 1 FROM price_list_customer_groups g WHERE g.price_list_id = pl.id);

-- Re-checks these lists: those that exist and have no group are in the table, others not.
CREATE FUNCTION cohort_price_list_groups_sync(ids text[]) RETURNS void LANGUAGE sql AS $$
  DELETE FROM price_list_without_groups w
  WHERE w.price_list_id = ANY(ids)
    AND EXISTS (SELECT 1 FROM price_list_customer_groups g WHERE g.price_list_id = w.price_list_id);
  INSERT INTO price_list_without_groups (price_list_id)
  SELECT pl.id FROM price_list pl
  WHERE pl.id = ANY(ids)
    AND NOT EXISTS (SELECT 1 FROM price_list_customer_groups g WHERE g.price_list_id = pl.id)
  ORDER BY 1
  ON CONFLICT DO NOTHING;
$$;

CREATE FUNCTION cohort_price_list_insert_groups_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM cohort_price_list_groups_sync(array_agg(id)) FROM new_rows HAVING count(*) > 0;
  RETURN NULL;
END $$;
CREATE TRIGGER cohort_price_list_insert_groups_sync
  AFTER INSERT ON price_list REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cohort_price_list_insert_groups_sync();

CREATE FUNCTION cohort_plcg_insert_groups_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM cohort_price_list_groups_sync(array_agg(DISTINCT price_list_id)) FROM new_rows HAVING count(*) > 0;
  RETURN NULL;
END $$;
CREATE TRIGGER cohort_plcg_insert_groups_sync
  AFTER INSERT ON price_list_customer_groups REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cohort_plcg_insert_groups_sync();

CREATE FUNCTION cohort_plcg_delete_groups_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM cohort_price_list_groups_sync(array_agg(DISTINCT price_list_id)) FROM old_rows HAVING count(*) > 0;
  RETURN NULL;
END $$;
CREATE TRIGGER cohort_plcg_delete_groups_sync
  AFTER DELETE ON price_list_customer_groups REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cohort_plcg_delete_groups_sync();

CREATE FUNCTION cohort_plcg_update_groups_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM cohort_price_list_groups_sync(array_agg(DISTINCT id))
  FROM (SELECT price_list_id FROM old_rows UNION ALL SELECT price_list_id FROM new_rows) AS x(id) HAVING count(*) > 0;
  RETURN NULL;
END $$;
CREATE TRIGGER cohort_plcg_update_groups_sync
  AFTER UPDATE ON price_list_customer_groups REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cohort_plcg_update_groups_sync();

CREATE TABLE product_live_count (
  status text PRIMARY KEY,
  n      bigint NOT NULL
);
INSERT INTO product_live_count (status, n)
  SELECT status, count(*) FROM product WHERE deleted_at IS NULL GROUP BY 1;

-- Adds per-status deltas (rows with a zero delta are skipped).
CREATE FUNCTION cohort_product_count_add(statuses text[], deltas bigint[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO product_live_count AS k (status, n)
  SELECT s, d FROM unnest(statuses, deltas) AS x(s, d) WHERE d <> 0 ORDER BY s
  ON CONFLICT (status) DO UPDATE SET n = k.n + EXCLUDED.n
$$;

CREATE FUNCTION cohort_product_count_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM cohort_product_count_add(array_agg(s), array_agg(d))
  FROM (SELECT status, count(*) FROM new_rows WHERE deleted_at IS NULL GROUP BY 1) AS x(s, d) HAVING count(*) > 0;
  RETURN NULL;
END $$;
CREATE TRIGGER cohort_product_count_insert
  AFTER INSERT ON product REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cohort_product_count_insert();

CREATE FUNCTION cohort_product_count_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM cohort_product_count_add(array_agg(s), array_agg(d))
  FROM (SELECT status, -count(*) FROM old_rows WHERE deleted_at IS NULL GROUP BY 1) AS x(s, d) HAVING count(*) > 0;
  RETURN NULL;
END $$;
CREATE TRIGGER cohort_product_count_delete
  AFTER DELETE ON product REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cohort_product_count_delete();

CREATE FUNCTION cohort_product_count_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM cohort_product_count_add(array_agg(s), array_agg(d))
  FROM (
    SELECT status, sum(delta)::bigint
    FROM (SELECT status, -1 FROM old_rows WHERE deleted_at IS NULL
          UNION ALL SELECT status, 1 FROM new_rows WHERE deleted_at IS NULL) AS c(status, delta)
    GROUP BY 1
  ) AS x(s, d) HAVING count(*) > 0;
  RETURN NULL;
END $$;
CREATE TRIGGER cohort_product_count_update
  AFTER UPDATE ON product REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION cohort_product_count_update();
`;
