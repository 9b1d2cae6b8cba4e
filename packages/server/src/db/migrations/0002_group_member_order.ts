// Members of a group are listed newest customer first (created_at DESC, id DESC). The
// membership table alone cannot serve that order, so a page of a large group would read
// every member and sort. Keeping the customer's created_at on the membership row (filled
// by triggers, so any writer of customer_group_customers keeps it right) lets one index
// range scan return a page.
export const sql = `
ALTER TABLE customer_group_customers ADD COLUMN customer_created_at timestamptz(3);
UPDATE customer_group_customers m SET customer_created_at = c.created_at FROM customer c WHERE c.id = m.customer_id;
CREATE INDEX "IDX_cgc_group_member_order"
  ON customer_group_customers (customer_group_id, customer_created_at DESC, customer_id DESC);

CREATE FUNCTION cohort_cgc_fill_customer_created_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT created_at INTO NEW.customer_created_at FROM customer WHERE id = NEW.customer_id;
  RETURN NEW;
END $$;
-- Writers that already supply the value (Cohort's own batch insert) skip the function call.
CREATE TRIGGER cohort_cgc_fill_customer_created_at
  BEFORE INSERT ON customer_group_customers
  FOR EACH ROW WHEN (NEW.customer_created_at IS NULL)
  EXECUTE FUNCTION cohort_cgc_fill_customer_created_at();
CREATE TRIGGER cohort_cgc_refill_customer_created_at
  BEFORE UPDATE OF customer_id ON customer_group_customers
  FOR EACH ROW EXECUTE FUNCTION cohort_cgc_fill_customer_created_at();

CREATE FUNCTION cohort_customer_created_at_to_memberships() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE customer_group_customers SET customer_created_at = NEW.created_at WHERE customer_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER cohort_customer_created_at_to_memberships
  AFTER UPDATE OF created_at ON customer
  FOR EACH ROW WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at)
  EXECUTE FUNCTION cohort_customer_created_at_to_memberships();
`;
