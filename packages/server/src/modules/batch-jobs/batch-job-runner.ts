import { randomUUID } from "node:crypto";
import type { FastifyBaseLogger } from "fastify";
import type { Executor } from "../../db/sql.js";
import type { BatchJobRow } from "../../db/schema.js";
import type { BatchJobsRepository } from "./batch-jobs.repository.js";

/** A job that cannot be done as asked: it fails with this message (result.errors), not retried. */
export class JobFailure extends Error {
  constructor(
    message: string,
    /** Result fields to keep with the failure (a dry run's stats, the report's key). */
    readonly result: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "JobFailure";
  }
}

/** The job was canceled, or its claim was lost to another instance: the work rolls back. */
export class JobLost extends Error {}

export interface JobControl {
  readonly instance: string;
  /** Merges progress (advancement_count, …) into the job's result. */
  progress(patch: Record<string, unknown>): Promise<void>;
  /**
   * processing → completed, inside the transaction that does the job's last writes: the job
   * is completed exactly when its work commits. Throws JobLost (rolling the work back) when
   * the job was canceled meanwhile or another instance holds it.
   */
  complete(executor: Executor, result: Record<string, unknown>): Promise<void>;
}

export interface BatchJobStrategy {
  readonly type: string;
  /** The context with defaults applied; throws a DomainError (400/404) for a bad one. */
  validate(context: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** created → pre_processed: reads and checks, changes nothing; returns the result. */
  preProcess(job: BatchJobRow, ctl: JobControl): Promise<Record<string, unknown>>;
  /** confirmed → completed: applies, and calls ctl.complete() in its last transaction. */
  process(job: BatchJobRow, ctl: JobControl): Promise<void>;
}

export interface RunnerOptions {
  /** How often an idle runner looks for jobs made on other instances. */
  pollMs: number;
  /** A claim's lease; extended every third of it while the job runs. */
  leaseMs?: number;
  /** Claims of one job (crashes, lost connections) before it is failed. */
  maxAttempts?: number;
  log?: FastifyBaseLogger;
}

/**
 * Runs batch jobs in the background on every instance: each tick claims one job (FOR UPDATE
 * SKIP LOCKED, then a lease) and takes it one step. Idle cost: one indexed probe per poll
 * interval (the runnable-jobs index is empty when there is nothing to do); a job created or
 * confirmed on this instance wakes it at once.
 */
export class BatchJobRunner {
  readonly instance = `runner_${randomUUID()}`;
  private readonly strategies = new Map<string, BatchJobStrategy>();
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private started = false;
  private stopped = false;
  private wakeAgain = false;

  constructor(
    private readonly jobs: BatchJobsRepository,
    strategies: BatchJobStrategy[],
    private readonly options: RunnerOptions,
  ) {
    for (const s of strategies) this.strategies.set(s.type, s);
    this.leaseMs = options.leaseMs ?? 60_000;
    this.maxAttempts = options.maxAttempts ?? 3;
  }

  strategy(type: string): BatchJobStrategy | undefined {
    return this.strategies.get(type);
  }

  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.schedule(0);
  }

  /** Runs soon (a job was created or confirmed here); a no-op when the loop is not started. */
  wake(): void {
    if (!this.started || this.stopped) return;
    if (this.running) this.wakeAgain = true;
    else this.schedule(0);
  }

  /** Stops the loop and waits for the step in progress (its work commits or rolls back). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => {});
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.loop().finally(() => {
        this.running = undefined;
        const again = this.wakeAgain;
        this.wakeAgain = false;
        this.schedule(again ? 0 : this.options.pollMs);
      });
    }, ms);
    this.timer.unref();
  }

  private async loop(): Promise<void> {
    // Work until no job is left, then sleep until the next poll.
    while (!this.stopped) {
      try {
        if (!(await this.tick())) return;
      } catch (err) {
        this.options.log?.warn({ err }, "batch job runner: tick failed");
        return;
      }
    }
  }

  /** Claims one job and takes it one step; false when there was nothing to do. Tests call it directly. */
  async tick(): Promise<boolean> {
    const job = await this.jobs.claim(this.instance, this.leaseMs);
    if (!job) return false;
    const heartbeat = setInterval(() => {
      this.jobs.extendLease(job.id, this.instance, this.leaseMs).catch(() => {});
    }, Math.max(10, Math.floor(this.leaseMs / 3)));
    heartbeat.unref();
    try {
      await this.step(job);
    } finally {
      clearInterval(heartbeat);
    }
    return true;
  }

  /** Ticks until no job has work left (tests; bounded). */
  async drain(maxSteps = 100): Promise<void> {
    for (let i = 0; i < maxSteps; i++) if (!(await this.tick())) return;
    throw new Error(`batch jobs still had work after ${maxSteps} steps`);
  }

  private control(job: BatchJobRow): JobControl {
    return {
      instance: this.instance,
      progress: (patch) => this.jobs.mergeResult(job.id, patch, this.instance),
      complete: async (trx, result) => {
        const done = await this.jobs.transition(job.id, ["processing"], { status: "completed", result, stamp: ["completed_at"] }, trx, this.instance);
        if (!done) throw new JobLost(`batch job ${job.id} was canceled or taken over`);
      },
    };
  }

  private async step(job: BatchJobRow): Promise<void> {
    const log = this.options.log?.child({ batch_job: job.id, type: job.type });
    const strategy = this.strategies.get(job.type);
    if (!strategy) {
      await this.fail(job, `The batch job type ${job.type} is not supported by this server`);
      return;
    }
    if (job.attempts > this.maxAttempts) {
      await this.fail(job, `The job was interrupted ${job.attempts - 1} times (the server stopped or lost its database while running it) and was not retried again. Nothing of an unfinished step was applied; create the job again.`);
      return;
    }
    const ctl = this.control(job);
    try {
      if (job.status === "created") {
        const result = await strategy.preProcess(job, ctl);
        const next = job.dry_run
          ? await this.jobs.transition(job.id, ["created"], { status: "pre_processed", result, stamp: ["pre_processed_at"] }, undefined, this.instance)
          : await this.jobs.transition(job.id, ["created"], { status: "confirmed", result, stamp: ["pre_processed_at", "confirmed_at"] }, undefined, this.instance);
        log?.info({ status: next?.status }, "batch job pre-processed");
        return;
      }
      // confirmed, or processing after an interrupted attempt
      const processing = await this.jobs.transition(job.id, ["confirmed", "processing"], { status: "processing", stamp: ["processing_at"] }, undefined, this.instance);
      if (!processing) return;
      await strategy.process(processing, ctl);
      log?.info("batch job completed");
    } catch (err) {
      if (err instanceof JobFailure) {
        await this.fail(job, err.message, err.result);
        return;
      }
      if (err instanceof JobLost) return;
      // Anything else (a lost connection, a bug): the step rolled back; try again at once,
      // up to maxAttempts claims.
      log?.error({ err }, "batch job step failed; it will be retried");
      await this.jobs.release(job.id, this.instance).catch(() => {});
    }
  }

  private async fail(job: BatchJobRow, message: string, result: Record<string, unknown> = {}): Promise<void> {
    await this.jobs.transition(
      job.id,
      ["created", "confirmed", "processing"],
      { status: "failed", result: { ...(job.result ?? {}), ...result, errors: [{ message, code: "batch_job_failed" }] }, stamp: ["failed_at"] },
      undefined,
      this.instance,
    );
  }
}
