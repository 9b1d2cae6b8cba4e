// Timed memberships (issue 15). A membership may have a window: it entitles its customer to
// the group's prices from starts_at (inclusive) until expires_at (exclusive); null is open.
// Nothing runs at a boundary: every reader compares the window with its own clock (the
// store with now()), so a membership stops (or starts) counting at the very instant it
// passes, with no job and no write. The columns are nullable without a default (adding them
// rewrites nothing), and the window is checked on the membership row the store already
// reads by its primary key (customer_id, customer_group_id), so no index is needed.
//
// Member counters (migration 0006) keep counting every membership row, in or out of its
// window: a count that changes with the clock cannot be kept by triggers without a job.
export const sql = `
ALTER TABLE customer_group_customers
  ADD COLUMN starts_at  timestamptz(3),
  ADD COLUMN expires_at timestamptz(3),
  ADD CONSTRAINT customer_group_customers_window_check CHECK (starts_at < expires_at);
`;
