// customer_group.membership_expired (issues 13 and 15): announced once per membership window
// that ends, by whichever instance gets there first. A row here is the proof that a window's
// end (group, customer, expires_at) was announced; it is inserted with ON CONFLICT DO NOTHING
// in the transaction that writes the event, so two instances cannot both announce it. A
// window that is moved and ends again is announced again. The partial index finds the windows
// that ended lately without reading the memberships that have none (nearly all of them).
export const sql = `
CREATE TABLE membership_expiry_event (
  customer_group_id text NOT NULL,
  customer_id       text NOT NULL,
  expires_at        timestamptz(3) NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (customer_group_id, customer_id, expires_at)
);
CREATE INDEX membership_expiry_event_expires_at ON membership_expiry_event (expires_at);
CREATE INDEX customer_group_customers_expires_at ON customer_group_customers (expires_at) WHERE expires_at IS NOT NULL;
`;
