import type { Config } from "../../config.js";
import type { DbHandle } from "../../db/database.js";
import type { App } from "../../http/types.js";
import { PeriodicJob, type Clock } from "../../shared/background.js";
import type { AddressPolicy } from "../webhooks/address-policy.js";
import { WebhookDeliveryWorker } from "../webhooks/webhook-delivery.js";
import { emitMembershipExpiryEvents, emitScheduleEvents, mergeEventIndex, pruneEvents } from "./event-jobs.js";
import type { EventsRepository } from "./events.repository.js";

/** Poll intervals: schedule events within 5 s of their boundary; deliveries within ~1 s. */
const SCHEDULE_EVERY_MS = 2_000;
const DELIVER_EVERY_MS = 1_000;
const PRUNE_EVERY_MS = 3_600_000;
const MERGE_INDEX_EVERY_MS = 60_000;
/** Expired login sessions are deleted within ten minutes (they are refused at once anyway). */
const PURGE_SESSIONS_EVERY_MS = 600_000;
const SWEEP_EVERY_MS = 3_600_000;

/** Other modules' periodic work that runs beside the event jobs. */
export interface ExtraJobs {
  /** Deletes expired login sessions (the auth module's). */
  purgeExpiredSessions(): Promise<void>;
  /** Cancels stale dry runs and drops staged rows their jobs left (the batch jobs'); true when it did something. */
  sweepBatchJobs(now: Date): Promise<boolean>;
  /** Deletes uploads a crashed writer left incomplete (the uploads'). */
  sweepIncompleteUploads(): Promise<void>;
}

/**
 * Starts the background jobs when the app is ready (unless BACKGROUND_JOBS is off) and stops
 * them, waiting for a run in progress, when it closes. Each is one indexed query per poll
 * while there is nothing to do.
 */
export function registerBackgroundJobs(
  app: App,
  db: DbHandle,
  events: EventsRepository,
  config: Config,
  policy: AddressPolicy,
  clock: Clock,
  extra: ExtraJobs,
): void {
  if (!config.backgroundJobs) return;
  const worker = new WebhookDeliveryWorker(db.db, events, { policy, timeoutMs: config.webhookTimeoutMs, clock });
  const jobs = [
    new PeriodicJob("webhook-deliveries", DELIVER_EVERY_MS, async () => (await worker.runOnce()) > 0, app.log),
    new PeriodicJob("price-list-schedule", SCHEDULE_EVERY_MS, async () => void (await emitScheduleEvents(db.db, clock)), app.log),
    new PeriodicJob("membership-expiry", SCHEDULE_EVERY_MS, async () => (await emitMembershipExpiryEvents(db.db, events, clock)) > 0, app.log),
    new PeriodicJob("event-retention", PRUNE_EVERY_MS, async () => (await pruneEvents(db.db, clock, config.eventRetentionDays)) > 0, app.log),
    new PeriodicJob("session-purge", PURGE_SESSIONS_EVERY_MS, () => extra.purgeExpiredSessions(), app.log),
    new PeriodicJob("batch-job-sweep", SWEEP_EVERY_MS, () => extra.sweepBatchJobs(clock()), app.log),
    new PeriodicJob("upload-sweep", SWEEP_EVERY_MS, () => extra.sweepIncompleteUploads(), app.log),
  ];
  // PostgreSQL's autovacuum merges the GIN pending list; PGlite has none.
  if (db.kind === "pglite") jobs.push(new PeriodicJob("event-index", MERGE_INDEX_EVERY_MS, () => mergeEventIndex(db.db), app.log));
  app.addHook("onReady", async () => {
    for (const job of jobs) job.start();
  });
  app.addHook("onClose", async () => {
    worker.stop();
    await Promise.all(jobs.map((job) => job.stop()));
    worker.close();
  });
}
