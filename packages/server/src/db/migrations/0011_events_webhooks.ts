// Events (a transactional outbox and the audit trail), webhook endpoints and their deliveries.
//
// - event: written in the transaction of the change it describes. `id` is `evt_` + a ULID,
//   so the primary key orders events by time and serves the newest-first list and the
//   `after=` cursor. The filter columns are copied out of `data` so each filter has its own
//   index, all ending in `id`, so a filtered page is an index range scan at any size:
//   (type, id), (customer_group_id, id), (price_list_id, id), and a GIN index on
//   customer_ids (a membership event carries up to 1,000 customer ids). A 100,000-id batch
//   puts 100,000 entries in that GIN index: its pending list is raised to 16 MB so a batch
//   appends to it (cheap) and (auto)vacuum merges it later, rather than the batch itself
//   merging a full 4 MB list every few batches.
// - webhook_delivery: one row per (endpoint, event), created by a statement-level trigger on
//   event, so an endpoint's deliveries are committed with the change itself: nothing is lost
//   when an instance dies between the commit and a dispatcher's next poll. With no endpoint
//   the trigger's join is empty and costs one scan of an empty table per statement.
//   A delivery worker claims an endpoint (webhook.locked_until, a lease taken with FOR UPDATE
//   SKIP LOCKED) and sends its due deliveries in event order; a worker that dies leaves the
//   lease to expire, and another instance sends those deliveries again (at-least-once).
// - price_list_schedule_event: which schedule boundaries (a list's starts_at / ends_at)
//   have had their price_list.activated / price_list.expired event, so each is emitted once
//   whichever instance's scheduler gets there first.
export const sql = `
CREATE TABLE event (
  id                text PRIMARY KEY,
  type              text NOT NULL,
  created_at        timestamptz(3) NOT NULL DEFAULT now(),
  data              jsonb NOT NULL,
  actor             jsonb NOT NULL,
  source            text NOT NULL,
  request_id        text,
  customer_group_id text,
  customer_ids      text[],
  price_list_id     text
);
CREATE INDEX "IDX_event_type" ON event (type, id);
CREATE INDEX "IDX_event_customer_group" ON event (customer_group_id, id) WHERE customer_group_id IS NOT NULL;
CREATE INDEX "IDX_event_price_list" ON event (price_list_id, id) WHERE price_list_id IS NOT NULL;
CREATE INDEX "IDX_event_customer_ids" ON event USING gin (customer_ids) WITH (gin_pending_list_limit = 16384) WHERE customer_ids IS NOT NULL;
CREATE INDEX "IDX_event_created_at" ON event (created_at);

CREATE TABLE webhook (
  id            text PRIMARY KEY,
  url           text NOT NULL,
  events        text[] NOT NULL,
  description   text,
  secret        text NOT NULL,
  enabled       boolean NOT NULL DEFAULT true,
  failing_since timestamptz(3),
  disabled_at   timestamptz(3),
  locked_until  timestamptz(3),
  created_at    timestamptz(3) NOT NULL DEFAULT now(),
  updated_at    timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE webhook_delivery (
  id              text PRIMARY KEY,
  webhook_id      text NOT NULL REFERENCES webhook (id) ON DELETE CASCADE,
  event_id        text NOT NULL REFERENCES event (id) ON DELETE CASCADE,
  status          text NOT NULL DEFAULT 'pending',
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz(3),
  last_attempt_at timestamptz(3),
  response_status integer,
  response_body   text,
  error           text,
  created_at      timestamptz(3) NOT NULL DEFAULT now(),
  UNIQUE (webhook_id, event_id)
);
CREATE INDEX "IDX_webhook_delivery_due" ON webhook_delivery (webhook_id, next_attempt_at, event_id) WHERE status = 'pending';
CREATE INDEX "IDX_webhook_delivery_event" ON webhook_delivery (event_id);

-- A pattern is an event type, "*", or a prefix ending in ".*" ("customer_group.*").
CREATE FUNCTION cohort_webhook_matches(patterns text[], type text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT EXISTS (SELECT 1 FROM unnest(patterns) p
                 WHERE p = type OR p = '*' OR (right(p, 2) = '.*' AND left(type, length(p) - 1) = left(p, -1)))
$$;

CREATE FUNCTION cohort_event_deliveries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO webhook_delivery (id, webhook_id, event_id, next_attempt_at)
  SELECT 'whd_' || substr(e.id, 5) || substr(md5(w.id), 1, 6), w.id, e.id, e.created_at
  FROM new_events e JOIN webhook w ON w.enabled AND cohort_webhook_matches(w.events, e.type);
  RETURN NULL;
END $$;
CREATE TRIGGER event_deliveries AFTER INSERT ON event
  REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION cohort_event_deliveries();

CREATE TABLE price_list_schedule_event (
  price_list_id text NOT NULL,
  kind          text NOT NULL,
  boundary      timestamptz(3) NOT NULL,
  event_id      text NOT NULL,
  PRIMARY KEY (price_list_id, kind, boundary)
);
`;
