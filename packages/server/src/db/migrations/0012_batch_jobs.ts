// Uploads, batch jobs (Medusa v1's batch-job API) and the staging tables of member imports.
//
// - cohort_upload / cohort_upload_chunk: files kept in the database, so that every instance
//   can read what any instance received; a file is a sequence of bytea chunks (~1 MiB), so
//   neither writing nor reading one ever needs it whole in memory. `complete` is set once
//   the last chunk is in; an incomplete upload is never served.
// - batch_job: v1's columns, plus the runner's lease (claimed_by, claimed_until, attempts).
//   A runner claims a job with FOR UPDATE SKIP LOCKED and a lease it keeps extending; a job
//   whose lease ran out (its instance died) is claimed again by any instance.
// - cohort_import_row: the rows of an import file, staged in batches and classified in SQL
//   (outcome, reason); cohort_import_removal: the members a "replace" import removes, as the
//   dry run found them. Both are deleted with their job.
// - customer_group_customers.joined_at: when a membership was made (the export's joined_at);
//   NULL for memberships made before this migration (their time is unknown).
export const sql = `
ALTER TABLE customer_group_customers ADD COLUMN joined_at timestamptz(3);
ALTER TABLE customer_group_customers ALTER COLUMN joined_at SET DEFAULT now();

CREATE TABLE cohort_upload (
  key          text PRIMARY KEY,
  filename     text NOT NULL,
  mime_type    text,
  size         bigint NOT NULL DEFAULT 0,
  complete     boolean NOT NULL DEFAULT false,
  created_by   text,
  created_at   timestamptz(3) NOT NULL DEFAULT now()
);
CREATE TABLE cohort_upload_chunk (
  upload_key   text NOT NULL REFERENCES cohort_upload (key) ON DELETE CASCADE,
  seq          integer NOT NULL,
  data         bytea NOT NULL,
  PRIMARY KEY (upload_key, seq)
);

CREATE TABLE batch_job (
  id                text PRIMARY KEY,
  type              text NOT NULL,
  status            text NOT NULL DEFAULT 'created'
                    CHECK (status IN ('created', 'pre_processed', 'confirmed', 'processing', 'completed', 'canceled', 'failed')),
  created_by        text,
  context           jsonb NOT NULL DEFAULT '{}',
  result            jsonb,
  dry_run           boolean NOT NULL DEFAULT false,
  pre_processed_at  timestamptz(3),
  confirmed_at      timestamptz(3),
  processing_at     timestamptz(3),
  completed_at      timestamptz(3),
  failed_at         timestamptz(3),
  canceled_at       timestamptz(3),
  created_at        timestamptz(3) NOT NULL DEFAULT now(),
  updated_at        timestamptz(3) NOT NULL DEFAULT now(),
  deleted_at        timestamptz(3),
  claimed_by        text,
  claimed_until     timestamptz(3),
  attempts          integer NOT NULL DEFAULT 0
);
CREATE INDEX "IDX_batch_job_created_at_id" ON batch_job (created_at DESC, id DESC);
-- The runner's probe: only jobs with work left (an empty index when idle).
CREATE INDEX "IDX_batch_job_runnable" ON batch_job (created_at) WHERE status IN ('created', 'confirmed', 'processing');

CREATE TABLE cohort_import_row (
  job_id       text NOT NULL,
  line         integer NOT NULL,
  value        text NOT NULL,
  norm         text NOT NULL,
  first_name   text,
  last_name    text,
  customer_id  text,
  outcome      text,
  reason       text,
  PRIMARY KEY (job_id, line)
);
-- Paging of the apply (customer ids of one outcome, in id order) and of the report. No index
-- on norm: the classification joins by hash, and each index costs every staged row a write.
CREATE INDEX "IDX_cohort_import_row_outcome" ON cohort_import_row (job_id, outcome, customer_id);

CREATE TABLE cohort_import_removal (
  job_id       text NOT NULL,
  customer_id  text NOT NULL,
  PRIMARY KEY (job_id, customer_id)
);
`;
