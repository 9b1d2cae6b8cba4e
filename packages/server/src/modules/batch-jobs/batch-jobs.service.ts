import type { BatchJobRow } from "../../db/schema.js";
import type { OrderBy } from "../../shared/list-options.js";
import { invalidData, notAllowed, notFound } from "../../shared/errors.js";
import { newId } from "../../shared/ids.js";
import type { BatchJobRunner } from "./batch-job-runner.js";
import type { BatchJobFilter, BatchJobsRepository } from "./batch-jobs.repository.js";
import { BATCH_JOB_TYPES, type BatchJob, type CreateBatchJobBody } from "@cohort/contract";

/** What the list route parsed out of the query string. */
export interface BatchJobListOptions {
  filter: BatchJobFilter;
  order: OrderBy;
  offset: number;
  limit: number;
}

export const jobNotFound = (id: string) => notFound(`Batch job with id ${id} was not found`);

/** The row as v1 shows it (without the runner's lease columns). */
export function toBatchJob(row: BatchJobRow): BatchJob {
  const { claimed_by: _c, claimed_until: _u, attempts: _a, ...job } = row;
  return job;
}

export class BatchJobsService {
  constructor(
    private readonly jobs: BatchJobsRepository,
    private readonly runner: BatchJobRunner,
  ) {}

  async create(input: CreateBatchJobBody, userId: string | null): Promise<BatchJob> {
    const strategy = this.runner.strategy(input.type);
    if (!strategy) throw invalidData(`type must be one of ${BATCH_JOB_TYPES.join(", ")}`);
    const context = await strategy.validate(input.context ?? {});
    const row = await this.jobs.insert({ id: newId("batch"), type: input.type, created_by: userId, context, dry_run: input.dry_run ?? false });
    this.runner.wake();
    return toBatchJob(row);
  }

  async list({ filter, order, offset, limit }: BatchJobListOptions) {
    const { rows, count } = await this.jobs.list(filter, order, offset, limit);
    return { batch_jobs: rows.map(toBatchJob), count, offset, limit };
  }

  async retrieve(id: string): Promise<BatchJob> {
    const row = await this.jobs.findById(id);
    if (!row) throw jobNotFound(id);
    return toBatchJob(row);
  }

  /** pre_processed → confirmed (any admin of the store may confirm). */
  async confirm(id: string): Promise<BatchJob> {
    const row = await this.jobs.transition(id, ["pre_processed"], { status: "confirmed", stamp: ["confirmed_at"] });
    if (!row) {
      const job = await this.jobs.findById(id);
      if (!job) throw jobNotFound(id);
      throw notAllowed(`Cannot confirm a batch job with status ${job.status}: only a pre_processed job (a finished dry run) can be confirmed`);
    }
    this.runner.wake();
    return toBatchJob(row);
  }

  /**
   * Any job not finished yet. A job being applied is canceled too: its transaction sees the
   * status at its end and rolls back, so a canceled import changes nothing.
   */
  async cancel(id: string): Promise<BatchJob> {
    const row = await this.jobs.transition(id, ["created", "pre_processed", "confirmed", "processing"], { status: "canceled", stamp: ["canceled_at"] });
    if (!row) {
      const job = await this.jobs.findById(id);
      if (!job) throw jobNotFound(id);
      throw notAllowed(`Cannot cancel a batch job with status ${job.status}`);
    }
    // The staged rows go in the background: an apply still running sees the cancel at its
    // commit and rolls back whatever it read.
    if (row.type === "customer-group-import") void this.jobs.dropImportRows(id).catch(() => {});
    return toBatchJob(row);
  }

  /**
   * Housekeeping, run by the background jobs: a dry run left unconfirmed for
   * `dryRunDays` is canceled (its staged rows can be a file's worth of rows), and staged rows
   * that outlived their job are dropped. Returns whether anything was done.
   */
  async sweep(now: Date, dryRunDays: number): Promise<boolean> {
    const cutoff = new Date(now.getTime() - dryRunDays * 86_400_000);
    const expired = await this.jobs.expireDryRuns(cutoff, `Not confirmed within ${dryRunDays} days of its dry run (IMPORT_DRY_RUN_DAYS); nothing was applied`);
    const leftovers = await this.jobs.finishedImportsWithStagedRows();
    for (const id of leftovers) await this.jobs.dropImportRows(id);
    return expired.length + leftovers.length > 0;
  }
}
