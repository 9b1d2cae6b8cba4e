import { sql } from "kysely";
import type { Database } from "../../db/database.js";
import type { BatchJobRow, BatchJobStatus } from "../../db/schema.js";
import { anyText, type Executor } from "../../db/sql.js";
import type { DateOp, OrderBy } from "../../shared/list-options.js";

export interface BatchJobFilter {
  ids?: string[];
  types?: string[];
  statuses?: string[];
  dates: Array<[column: "created_at" | "updated_at" | "pre_processed_at" | "confirmed_at" | "completed_at" | "failed_at" | "canceled_at", DateOp, Date]>;
}

export class BatchJobsRepository {
  constructor(private readonly db: Database) {}

  insert(job: { id: string; type: string; created_by: string | null; context: Record<string, unknown>; dry_run: boolean }, executor: Executor = this.db): Promise<BatchJobRow> {
    return executor
      .insertInto("batch_job")
      .values({ ...job, context: JSON.stringify(job.context) })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  findById(id: string, executor: Executor = this.db, forUpdate = false): Promise<BatchJobRow | undefined> {
    let q = executor.selectFrom("batch_job").selectAll().where("id", "=", id).where("deleted_at", "is", null);
    if (forUpdate) q = q.forUpdate();
    return q.executeTakeFirst();
  }

  async list(f: BatchJobFilter, order: OrderBy, offset: number, limit: number): Promise<{ rows: BatchJobRow[]; count: number }> {
    let q = this.db.selectFrom("batch_job").where("deleted_at", "is", null);
    if (f.ids) q = q.where("id", "=", anyText(f.ids));
    if (f.types) q = q.where("type", "=", anyText(f.types));
    if (f.statuses) q = q.where("status", "=", anyText(f.statuses) as never);
    for (const [column, op, value] of f.dates) q = q.where(column, op, value);
    const [rows, count] = await Promise.all([
      q.selectAll().orderBy(sql.ref(order.column), order.direction).orderBy("id", order.direction).offset(offset).limit(limit).execute(),
      q.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
    ]);
    return { rows, count: Number(count.n) };
  }

  /** A status change that also ends the current claim; guarded by the expected statuses. */
  async transition(
    id: string,
    from: BatchJobStatus[],
    set: { status: BatchJobStatus; result?: Record<string, unknown> | null; stamp?: Array<"pre_processed_at" | "confirmed_at" | "processing_at" | "completed_at" | "failed_at" | "canceled_at"> },
    executor: Executor = this.db,
    claimedBy?: string,
  ): Promise<BatchJobRow | undefined> {
    let q = executor
      .updateTable("batch_job")
      .set({
        status: set.status,
        updated_at: sql<Date>`now()`,
        ...(set.result !== undefined ? { result: set.result === null ? null : JSON.stringify(set.result) } : {}),
        ...Object.fromEntries((set.stamp ?? []).map((c) => [c, sql<Date>`coalesce(${sql.ref(c)}, now())`])),
        ...(set.status === "processing" ? {} : { claimed_by: null, claimed_until: null, attempts: 0 }),
      })
      .where("id", "=", id)
      .where("status", "=", anyText(from) as never);
    if (claimedBy) q = q.where("claimed_by", "=", claimedBy);
    return q.returningAll().executeTakeFirst();
  }

  /** Progress while the job runs (result.advancement_count and friends), merged into result. */
  async mergeResult(id: string, patch: Record<string, unknown>, claimedBy: string): Promise<void> {
    await this.db
      .updateTable("batch_job")
      .set({ result: sql`coalesce(result, '{}'::jsonb) || ${JSON.stringify(patch)}::jsonb`, updated_at: sql<Date>`now()` })
      .where("id", "=", id)
      .where("claimed_by", "=", claimedBy)
      .execute();
  }

  /**
   * Claims the oldest job with work left whose lease is free or ran out (its instance died),
   * skipping rows another instance is claiming at this moment. The claim is a lease the
   * runner keeps extending; every claim counts as an attempt.
   */
  async claim(instance: string, leaseMs: number): Promise<BatchJobRow | undefined> {
    const { rows } = await sql<BatchJobRow>`
      UPDATE batch_job SET claimed_by = ${instance}, claimed_until = now() + make_interval(secs => ${leaseMs / 1000}),
        attempts = attempts + 1, updated_at = now()
      WHERE id = (
        SELECT id FROM batch_job
        WHERE status IN ('created', 'confirmed', 'processing') AND deleted_at IS NULL
          AND (claimed_until IS NULL OR claimed_until < now())
        ORDER BY created_at, id LIMIT 1
        FOR UPDATE SKIP LOCKED)
      RETURNING *`.execute(this.db);
    return rows[0];
  }

  async extendLease(id: string, instance: string, leaseMs: number): Promise<void> {
    await sql`UPDATE batch_job SET claimed_until = now() + make_interval(secs => ${leaseMs / 1000})
      WHERE id = ${id} AND claimed_by = ${instance}`.execute(this.db);
  }

  /** The staged rows of an import (a canceled job's; a completed one drops its own). */
  async dropImportRows(jobId: string): Promise<void> {
    await this.db.deleteFrom("cohort_import_row").where("job_id", "=", jobId).execute();
    await this.db.deleteFrom("cohort_import_removal").where("job_id", "=", jobId).execute();
  }

  /**
   * Cancels the dry runs waiting for a confirm since before `cutoff` (saying so in
   * `result.canceled_reason`); returns their ids.
   */
  async expireDryRuns(cutoff: Date, reason: string): Promise<string[]> {
    const rows = await this.db
      .updateTable("batch_job")
      .set({
        status: "canceled",
        canceled_at: sql<Date>`now()`,
        updated_at: sql<Date>`now()`,
        result: sql`coalesce(result, '{}'::jsonb) || jsonb_build_object('canceled_reason', ${reason}::text)`,
      })
      .where("status", "=", "pre_processed")
      .where("pre_processed_at", "<", cutoff)
      .returning("id")
      .execute();
    return rows.map((r) => r.id);
  }

  /**
   * Finished imports that still have staged rows: a server that died between an apply's
   * commit and its cleanup, or a cancel whose background cleanup failed. One key probe per
   * finished import.
   */
  async finishedImportsWithStagedRows(): Promise<string[]> {
    const { rows } = await sql<{ id: string }>`
      SELECT b.id FROM batch_job b
      WHERE b.type = 'customer-group-import' AND b.status IN ('completed', 'failed', 'canceled')
        AND (EXISTS (SELECT 1 FROM cohort_import_row r WHERE r.job_id = b.id)
          OR EXISTS (SELECT 1 FROM cohort_import_removal r WHERE r.job_id = b.id))`.execute(this.db);
    return rows.map((r) => r.id);
  }

  /** Ends a claim without a status change (a failed attempt, to be tried again at once). */
  async release(id: string, instance: string): Promise<void> {
    await sql`UPDATE batch_job SET claimed_until = now() - interval '1 millisecond' WHERE id = ${id} AND claimed_by = ${instance}`.execute(this.db);
  }
}
