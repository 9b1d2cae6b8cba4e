import { Readable } from "node:stream";
import { Parser, type CsvError } from "csv-parse";
import { sql, type RawBuilder } from "kysely";
import type { Database } from "../../db/database.js";
import type { BatchJobRow } from "../../db/schema.js";
import type { Executor } from "../../db/sql.js";
import { inTransaction } from "../../db/transaction.js";
import { invalidData, notFound } from "../../shared/errors.js";
import { newId } from "../../shared/ids.js";
import { groupNotFound, type GroupMemberships } from "../customer-groups/customer-groups.service.js";
import type { UploadStore } from "../uploads/upload-store.js";
import { JobFailure, type BatchJobStrategy, type JobControl } from "./batch-job-runner.js";
import type { BatchJobsRepository } from "./batch-jobs.repository.js";
import type { ImportContext } from "@cohort/contract";
import { csvLine, detectDelimiter } from "./csv.js";
import { contextValues } from "../events/event-log.js";
import type { ChangeContext } from "../../shared/change-context.js";

/** An import's changes are made by the user who created the job, through the import. */
const changeOf = (job: BatchJobRow): ChangeContext => ({ actor: { type: "user", id: job.created_by }, source: "import", requestId: null });

/**
 * Rows per staging statement (one INSERT … SELECT unnest for the whole batch, classified in it).
 * Small enough that a batch in flight is little garbage for the server's capped heap: 10,000
 * rows cost other requests' p99 (~60-70 ms against ~45 during a 1,000,000-row import; see
 * bench/README.md, "Member imports and exports") and were no faster.
 */
const STAGE_BATCH = 2_500;
/**
 * Staging statements in flight at once (each on its own connection on PostgreSQL; PGlite runs
 * them one after the other): the database works on them while the next batch is parsed.
 */
const STAGE_CONCURRENCY = 2;
/** Rows per page of the report and of the customers created by the apply. */
const PAGE = 5_000;
/**
 * Bytes handed to the CSV parser at a time: it parses what it is given in one go, so a whole
 * stored chunk (1 MiB, ~40,000 rows) would hold the event loop for tens of milliseconds.
 */
const PARSE_SLICE = 32 * 1024;
/** Unknown rows named in the result; the rest are in the report file. */
const UNKNOWN_EXAMPLES = 100;
const MAX_VALUE = 1_000;
/** A record longer than this is a broken file (an unclosed quote), not a row. */
const MAX_RECORD_BYTES = 64 * 1024;
const EMAIL = /^[^\s@",;<>]+@[^\s@",;<>]+\.[^\s@",;<>]+$/;
const CONTEXT_KEYS = new Set(["fileKey", "customer_group_id", "match_by", "mode", "create_missing_customers", "strict"]);
const BAD_OUTCOMES = ["unknown", "duplicate", "malformed"] as const;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
/** Longest stretch of parsing between two turns of the event loop (other requests wait meanwhile). */
const SLICE_MS = 8;
/** The staging's progress (advancement_count) is written at most this often. */
const PROGRESS_MS = 1_000;

export interface ImportStats {
  rows: number;
  matched: number;
  to_add: number;
  already_members: number;
  to_remove: number;
  not_members: number;
  to_create: number;
  unknown: number;
  duplicates: number;
  malformed: number;
}

export interface MemberImportOptions {
  /** Customer ids per addMembers/removeMembers statement inside the apply transaction. */
  partSize: number;
  /** Tests: runs inside the apply transaction after the writes, before the commit. */
  beforeCommit?: (job: BatchJobRow) => Promise<void>;
}

/** The chunks, `first` then the rest, in slices of at most PARSE_SLICE bytes. */
async function* sliced(first: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  const slices = function* (chunk: Buffer) {
    for (let at = 0; at < chunk.length; at += PARSE_SLICE) yield chunk.subarray(at, at + PARSE_SLICE);
  };
  yield* slices(first);
  for (let r = await rest.next(); !r.done; r = await rest.next()) yield* slices(r.value);
}

/**
 * The CSV parser, each record with the line it ends on. The same as the parser's `info`
 * option gives, read from the parser's counters as the record is pushed: `info` copies the
 * parser's whole state into an object per record, which was most of the parsing time.
 */
class LineParser extends Parser {
  override push(record: unknown, encoding?: BufferEncoding): boolean {
    return super.push(record === null ? null : { record, info: { lines: this.info.lines } }, encoding);
  }
}

type Batch = { lines: number[]; values: string[]; norms: string[]; first: (string | null)[]; last: (string | null)[]; reason: (string | null)[] };
const newBatch = (): Batch => ({ lines: [], values: [], norms: [], first: [], last: [], reason: [] });

/**
 * `customer-group-import`: a CSV of emails or customer ids (docs/batch-jobs.md).
 * Pre-processing streams the file into cohort_import_row in batches, each classified by the
 * statement that stages it (matched by an index lookup per row), then marks the duplicates;
 * nothing else changes. Processing applies exactly the classified rows, in ONE
 * transaction with the job's completion: all of it commits, or none (a crash or a kill
 * rolls it back, and the job is claimed again once its lease runs out).
 */
export class MemberImportStrategy implements BatchJobStrategy {
  readonly type = "customer-group-import";

  constructor(
    private readonly db: Database,
    private readonly uploads: UploadStore,
    private readonly groups: GroupMemberships,
    /** Owns dropping a job's staged rows (the cancel and the sweep drop them too). */
    private readonly jobs: Pick<BatchJobsRepository, "dropImportRows">,
    private readonly options: MemberImportOptions,
  ) {}

  async validate(context: Record<string, unknown>): Promise<Record<string, unknown>> {
    for (const key of Object.keys(context)) if (!CONTEXT_KEYS.has(key)) throw invalidData(`property context.${key} should not exist`);
    const { fileKey, customer_group_id, match_by = "email", mode = "add", create_missing_customers = false, strict = false } = context;
    if (typeof fileKey !== "string" || !fileKey) throw invalidData("context.fileKey must be a string (the key of an upload)");
    if (typeof customer_group_id !== "string" || !customer_group_id) throw invalidData("context.customer_group_id must be a string");
    if (match_by !== "email" && match_by !== "id") throw invalidData("context.match_by must be one of email, id");
    if (mode !== "add" && mode !== "remove" && mode !== "replace") throw invalidData("context.mode must be one of add, remove, replace");
    if (typeof create_missing_customers !== "boolean") throw invalidData("context.create_missing_customers must be a boolean");
    if (typeof strict !== "boolean") throw invalidData("context.strict must be a boolean");
    if (create_missing_customers && match_by !== "email") throw invalidData("context.create_missing_customers needs match_by email");
    if (create_missing_customers && mode === "remove") throw invalidData("context.create_missing_customers cannot be used with mode remove");
    if (!(await this.uploads.info(fileKey))) throw notFound(`File with key ${fileKey} was not found`);
    if (!(await this.groups.findById(customer_group_id))) throw groupNotFound(customer_group_id);
    const normalised: ImportContext = { fileKey, customer_group_id, match_by, mode, create_missing_customers, strict };
    return { ...normalised };
  }

  async preProcess(job: BatchJobRow, ctl: JobControl): Promise<Record<string, unknown>> {
    const ctx = job.context as unknown as ImportContext;
    // A retried pre-processing starts over.
    await this.jobs.dropImportRows(job.id);
    if (!(await this.groups.findById(ctx.customer_group_id))) throw new JobFailure(`CustomerGroup with id ${ctx.customer_group_id} was not found`);
    if (!(await this.uploads.info(ctx.fileKey))) throw new JobFailure(`File with key ${ctx.fileKey} was not found`);

    const rows = await this.stage(job.id, ctx, ctl);
    // Fresh statistics for the joins below (the rows were just written).
    await sql`ANALYZE cohort_import_row`.execute(this.db);
    await this.markDuplicates(job.id);
    await this.replaceRemovals(job.id, ctx);
    const stats = await this.stats(job.id, rows);
    const unknownExamples = await this.db
      .selectFrom("cohort_import_row")
      .select(["line", "value"])
      .where("job_id", "=", job.id)
      .where("outcome", "=", "unknown")
      .orderBy("line")
      .limit(UNKNOWN_EXAMPLES)
      .execute();
    const reportKey = await this.writeReport(job.id, stats);
    const result = {
      count: rows,
      advancement_count: rows,
      file_key: ctx.fileKey,
      stats,
      unknown_examples: unknownExamples,
      report_file_key: reportKey,
      stat_descriptors: [{ key: "customer-group-import-count", name: "Customer group members", message: describe(stats, ctx) }],
    };
    const bad = stats.unknown + stats.duplicates + stats.malformed;
    if (ctx.strict && bad > 0) {
      await this.jobs.dropImportRows(job.id);
      throw new JobFailure(
        `Strict import: ${bad} row${bad === 1 ? " is" : "s are"} unknown, duplicated or malformed, so nothing was changed. ` +
          `The per-row report is the file ${reportKey}.`,
        result,
      );
    }
    return result;
  }

  /**
   * Streams the upload through the CSV parser into cohort_import_row, STAGE_BATCH rows per
   * statement, up to STAGE_CONCURRENCY of them in flight while the next batch is parsed.
   */
  private async stage(jobId: string, ctx: ImportContext, ctl: JobControl): Promise<number> {
    const chunks = this.uploads.read(ctx.fileKey);
    const first = await chunks.next();
    if (first.done) throw new JobFailure("The file is empty: it needs a header row naming an email or id column, and one row per customer");
    const delimiter = detectDelimiter(first.value.subarray(0, 64 * 1024).toString("utf8"));
    const parser = new LineParser({
      bom: true,
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      max_record_size: MAX_RECORD_BYTES,
    });
    let batch = newBatch();
    const push = (line: number, value: string, norm: string, firstName: string | null, lastName: string | null, reason: string | null) => {
      batch.lines.push(line);
      batch.values.push(value.replace(/\0/g, "").slice(0, MAX_VALUE));
      batch.norms.push(norm.replace(/\0/g, ""));
      batch.first.push(firstName);
      batch.last.push(lastName);
      batch.reason.push(reason);
    };
    // The statements in flight, oldest first (a failure is seen when awaited, never unhandled).
    const inflight: Promise<void>[] = [];
    const send = async () => {
      const full = batch;
      batch = newBatch();
      if (inflight.length >= STAGE_CONCURRENCY) await inflight.shift();
      const statement = this.flush(jobId, ctx, full);
      statement.catch(() => {});
      inflight.push(statement);
    };
    let rows = 0;
    parser.on("skip", (err: CsvError & { lines?: number; raw?: string }) => {
      rows++;
      push(err.lines ?? 0, String(err.raw ?? "").trim(), "", null, null, `not valid CSV: ${err.message}`);
    });
    let column = -1;
    let firstCol = -1;
    let lastCol = -1;
    const source = Readable.from(sliced(first.value, chunks)).pipe(parser);
    let since = performance.now();
    let progressAt = since;
    try {
      for await (const { record, info } of source as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
        // Buffered records arrive without a turn of the event loop: give one every SLICE_MS.
        if (performance.now() - since > SLICE_MS) {
          await yieldToEventLoop();
          since = performance.now();
        }
        if (column < 0) {
          const headers = record.map((h) => h.trim().toLowerCase().replace(/[\s-]+/g, "_"));
          column = ctx.match_by === "email" ? headers.findIndex((h) => h === "email" || h === "e_mail" || h === "email_address") : headers.findIndex((h) => h === "id" || h === "customer_id");
          if (column < 0) {
            const other = ctx.match_by === "email" ? headers.some((h) => h === "id" || h === "customer_id") : headers.includes("email");
            throw new JobFailure(
              `The file has no ${ctx.match_by} column: its header row must name a column "${ctx.match_by}" (found: ${record.map((h) => JSON.stringify(h.slice(0, 40))).join(", ") || "nothing"}).` +
                (other ? ` It has ${ctx.match_by === "email" ? "an id" : "an email"} column: use match_by ${ctx.match_by === "email" ? "id" : "email"}.` : ""),
            );
          }
          firstCol = headers.indexOf("first_name");
          lastCol = headers.indexOf("last_name");
          continue;
        }
        rows++;
        const raw = record[column] ?? "";
        const value = raw.trim();
        const name = (i: number) => (i >= 0 && record[i]?.trim() ? record[i]!.trim().replace(/\0/g, "").slice(0, MAX_VALUE) : null);
        let reason: string | null = null;
        if (value === "") reason = `empty ${ctx.match_by}`;
        else if (value.includes("\0")) reason = "contains a NUL character";
        else if (value.length > MAX_VALUE) reason = `longer than ${MAX_VALUE} characters`;
        else if (ctx.match_by === "email" && !EMAIL.test(value)) reason = "not an email address";
        else if (ctx.match_by === "id" && /\s/.test(value)) reason = "an id has no spaces";
        push(info.lines, value, ctx.match_by === "email" ? value.toLowerCase() : value, name(firstCol), name(lastCol), reason);
        if (batch.lines.length >= STAGE_BATCH) {
          await send();
          if (performance.now() - progressAt >= PROGRESS_MS) {
            await ctl.progress({ advancement_count: rows });
            progressAt = performance.now();
          }
          await yieldToEventLoop();
          since = performance.now();
        }
      }
      if (column < 0) throw new JobFailure("The file is empty: it needs a header row naming an email or id column, and one row per customer");
      await send();
      while (inflight.length > 0) await inflight.shift();
    } catch (err) {
      await Promise.allSettled(inflight);
      if (err instanceof JobFailure) throw err;
      const e = err as CsvError & { lines?: number };
      if (typeof e.code === "string" && e.code.startsWith("CSV_")) {
        throw new JobFailure(`The file could not be read as CSV${e.lines ? ` (line ${e.lines})` : ""}: ${e.message}`);
      }
      throw err;
    }
    return rows;
  }

  /**
   * One batch into cohort_import_row, classified as it is inserted: each valid row is matched
   * by one index lookup (emails case-insensitively, on lower(email); of several customers with
   * one email, a guest and an account, the account, then the oldest) and checked against the
   * group by its key (a lateral join: never a hash of all the group's members per batch). Rows are written once: duplicates within the file are marked afterwards.
   */
  private async flush(jobId: string, ctx: ImportContext, b: Batch): Promise<void> {
    if (b.lines.length === 0) return;
    const match =
      ctx.match_by === "email"
        ? sql`SELECT c.id FROM customer c WHERE lower(c.email) = v.norm AND c.deleted_at IS NULL AND v.reason IS NULL
              ORDER BY c.has_account DESC, c.created_at, c.id LIMIT 1`
        : sql`SELECT c.id FROM customer c WHERE c.id = v.norm AND c.deleted_at IS NULL AND v.reason IS NULL`;
    const remove = ctx.mode === "remove";
    const create = ctx.create_missing_customers;
    await sql`
      INSERT INTO cohort_import_row (job_id, line, value, norm, first_name, last_name, customer_id, outcome, reason)
      SELECT ${jobId}, v.line, v.value, v.norm, v.first_name, v.last_name, m.id,
        CASE
          WHEN v.reason IS NOT NULL THEN 'malformed'
          WHEN m.id IS NULL THEN CASE WHEN ${create} THEN 'create' ELSE 'unknown' END
          WHEN g.member THEN CASE WHEN ${remove} THEN 'remove' ELSE 'member' END
          ELSE CASE WHEN ${remove} THEN 'not_member' ELSE 'add' END END,
        CASE
          WHEN v.reason IS NOT NULL THEN v.reason
          WHEN m.id IS NULL AND NOT ${create} THEN ${`no customer has this ${ctx.match_by}`}::text END
      FROM unnest(${b.lines}::int[], ${b.values}::text[], ${b.norms}::text[], ${b.first}::text[], ${b.last}::text[], ${b.reason}::text[])
        AS v(line, value, norm, first_name, last_name, reason)
      LEFT JOIN LATERAL (${match}) m ON true
      LEFT JOIN LATERAL (SELECT true AS member FROM customer_group_customers g WHERE g.customer_id = m.id AND g.customer_group_id = ${ctx.customer_group_id}) g ON true
      ON CONFLICT DO NOTHING`.execute(this.db);
  }

  /**
   * Rows repeating an earlier row's value (malformed rows aside) become duplicates of the
   * first: only they are rewritten, found by one aggregate over the staged rows.
   */
  private async markDuplicates(jobId: string): Promise<void> {
    await inTransaction(this.db, async (trx) => {
      // The aggregate over every staged row fits in memory instead of spilling to disk.
      await sql`SET LOCAL work_mem = '64MB'`.execute(trx);
      await sql`
        UPDATE cohort_import_row r SET outcome = 'duplicate', reason = 'duplicate of line ' || d.first, customer_id = NULL
        FROM (SELECT norm, min(line) AS first FROM cohort_import_row WHERE job_id = ${jobId} AND outcome <> 'malformed' GROUP BY norm HAVING count(*) > 1) d
        WHERE r.job_id = ${jobId} AND r.norm = d.norm AND r.line <> d.first AND r.outcome <> 'malformed'`.execute(trx);
    });
  }

  private async replaceRemovals(jobId: string, ctx: ImportContext): Promise<void> {
    if (ctx.mode !== "replace") return;
    // Members the file does not name: the dry run's list is what confirm removes.
    await sql`
      INSERT INTO cohort_import_removal (job_id, customer_id)
      SELECT ${jobId}, m.customer_id FROM customer_group_customers m
      WHERE m.customer_group_id = ${ctx.customer_group_id}
        AND NOT EXISTS (SELECT 1 FROM cohort_import_row r WHERE r.job_id = ${jobId} AND r.outcome = 'member' AND r.customer_id = m.customer_id)
      ON CONFLICT DO NOTHING`.execute(this.db);
  }

  private async stats(jobId: string, rows: number): Promise<ImportStats> {
    const { rows: counts } = await sql<{ outcome: string; n: number }>`
      SELECT outcome, count(*)::int AS n FROM cohort_import_row WHERE job_id = ${jobId} GROUP BY outcome
      UNION ALL SELECT 'replace_remove', count(*)::int FROM cohort_import_removal WHERE job_id = ${jobId}`.execute(this.db);
    const n = (o: string) => Number(counts.find((c) => c.outcome === o)?.n ?? 0);
    return {
      rows,
      matched: n("add") + n("member") + n("remove") + n("not_member"),
      to_add: n("add") + n("create"),
      already_members: n("member"),
      to_remove: n("remove") + n("replace_remove"),
      not_members: n("not_member"),
      to_create: n("create"),
      unknown: n("unknown"),
      duplicates: n("duplicate"),
      malformed: n("malformed"),
    };
  }

  /** The per-row error report (line, value, reason), streamed page by page into an upload. */
  private async writeReport(jobId: string, stats: ImportStats): Promise<string | null> {
    if (stats.unknown + stats.duplicates + stats.malformed === 0) return null;
    const writer = await this.uploads.create({ filename: `import-report-${jobId}.csv`, mimeType: "text/csv" });
    try {
      await writer.write(csvLine(["line", "value", "reason"]));
      for (let after = -1; ; ) {
        const page = await this.db
          .selectFrom("cohort_import_row")
          .select(["line", "value", "reason"])
          .where("job_id", "=", jobId)
          .where("outcome", "in", BAD_OUTCOMES)
          .where("line", ">", after)
          .orderBy("line")
          .limit(PAGE)
          .execute();
        if (page.length === 0) break;
        await writer.write(page.map((r) => csvLine([r.line, r.value, r.reason])).join(""));
        after = page[page.length - 1]!.line;
      }
      await writer.end();
      return writer.key;
    } catch (err) {
      await writer.abort().catch(() => {});
      throw err;
    }
  }

  async process(job: BatchJobRow, ctl: JobControl): Promise<void> {
    const ctx = job.context as unknown as ImportContext;
    await inTransaction(this.db, async (trx) => {
      const group = await this.groups.findById(ctx.customer_group_id, trx, "no key update");
      if (!group) throw new JobFailure(`CustomerGroup with id ${ctx.customer_group_id} was not found (deleted since the dry run); nothing was changed`);
      const before = await this.memberCount(ctx.customer_group_id, trx);
      const created = ctx.create_missing_customers ? await this.createMissing(job, trx) : 0;
      const afterCreate = await this.applyAdds(job, ctx, trx);
      const removed = await this.applyRemovals(job, ctx, trx);
      const after = await this.memberCount(ctx.customer_group_id, trx);
      // The customers' and memberships' events were written by the statements above, in this
      // transaction: they exist exactly when the change commits.
      await this.options.beforeCommit?.(job);
      const result = {
        ...(job.result ?? {}),
        advancement_count: job.result?.count ?? 0,
        applied: { added: afterCreate, removed, created, members_before: before, members_after: after },
      };
      await ctl.complete(trx, result);
    });
    await this.jobs.dropImportRows(job.id).catch(() => {});
  }

  private async memberCount(groupId: string, executor: Executor): Promise<number> {
    const row = await executor.selectFrom("customer_group_member_count").select("n").where("customer_group_id", "=", groupId).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Customers for the 'create' rows (email lower-cased, names from the file), PAGE per statement. */
  private async createMissing(job: BatchJobRow, executor: Executor): Promise<number> {
    const jobId = job.id;
    const who = contextValues(changeOf(job));
    let created = 0;
    for (let after = -1; ; ) {
      const page = await executor.selectFrom("cohort_import_row").select("line").where("job_id", "=", jobId).where("outcome", "=", "create").where("line", ">", after).orderBy("line").limit(PAGE).execute();
      if (page.length === 0) return created;
      const lines = page.map((r) => r.line);
      after = lines[lines.length - 1]!;
      const ids = lines.map(() => newId("cus"));
      const eventIds = lines.map(() => newId("evt"));
      // Each new customer's customer.created event is written by the same statement.
      await sql`
        WITH v AS (SELECT * FROM unnest(${ids}::text[], ${lines}::int[], ${eventIds}::text[]) AS v(id, line, event_id)),
        ins AS (
          INSERT INTO customer (id, email, first_name, last_name, has_account)
          SELECT v.id, r.norm, r.first_name, r.last_name, false FROM v JOIN cohort_import_row r ON r.job_id = ${jobId} AND r.line = v.line
          RETURNING id, email, first_name, last_name, has_account, created_at, updated_at),
        ev AS (
          INSERT INTO event (id, type, data, actor, source, request_id, customer_ids)
          SELECT v.event_id, 'customer.created',
            jsonb_build_object('id', ins.id, 'email', ins.email, 'first_name', ins.first_name, 'last_name', ins.last_name,
              'has_account', ins.has_account, 'created_at', ins.created_at, 'updated_at', ins.updated_at),
            ${who.actor}::jsonb, ${who.source}, ${who.request_id}::text, ARRAY[ins.id]
          FROM ins JOIN v ON v.id = ins.id)
        UPDATE cohort_import_row r SET customer_id = v.id, outcome = 'add', reason = 'created'
        FROM v WHERE r.job_id = ${jobId} AND r.line = v.line`.execute(executor);
      created += page.length;
      await yieldToEventLoop();
    }
  }

  /**
   * The customer ids a query returns, `size` at a time, through a cursor of the apply's
   * transaction: the rows are read and sorted once (the staging table has no index to page by
   * outcome and id; keeping one would cost every staged row a write).
   */
  private async *cursor(trx: Executor, query: RawBuilder<unknown>, size: number): AsyncGenerator<string[]> {
    // Its sort of up to a file's rows in memory (addMembers raises work_mem the same way).
    await sql`SET LOCAL work_mem = '64MB'`.execute(trx);
    await sql`DECLARE cohort_import_ids NO SCROLL CURSOR FOR ${query}`.execute(trx);
    for (;;) {
      const { rows } = await sql<{ customer_id: string }>`FETCH ${sql.raw(String(size))} FROM cohort_import_ids`.execute(trx);
      if (rows.length === 0) break;
      yield rows.map((r) => r.customer_id);
    }
    await sql`CLOSE cohort_import_ids`.execute(trx);
  }

  /** The 'add' rows through the customer groups' own batch statement (addMembers), in id order. */
  private async applyAdds(job: BatchJobRow, ctx: ImportContext, executor: Executor): Promise<number> {
    let count = 0;
    const size = Math.min(this.options.partSize, 50_000);
    const query = sql`SELECT customer_id FROM cohort_import_row WHERE job_id = ${job.id} AND outcome = 'add' ORDER BY customer_id`;
    for await (const ids of this.cursor(executor, query, size)) {
      if (!(await this.groups.addMembers(ctx.customer_group_id, ids, changeOf(job), executor, "part"))) {
        throw new JobFailure("Some customers of the dry run no longer exist (deleted since); nothing was changed. Run the import again.");
      }
      count += ids.length;
      await yieldToEventLoop();
    }
    return count;
  }

  private async applyRemovals(job: BatchJobRow, ctx: ImportContext, executor: Executor): Promise<number> {
    if (ctx.mode === "add") return 0;
    let count = 0;
    const size = Math.min(this.options.partSize, 50_000);
    const query =
      ctx.mode === "remove"
        ? sql`SELECT customer_id FROM cohort_import_row WHERE job_id = ${job.id} AND outcome = 'remove' ORDER BY customer_id`
        : sql`SELECT customer_id FROM cohort_import_removal WHERE job_id = ${job.id} ORDER BY customer_id`;
    for await (const ids of this.cursor(executor, query, size)) {
      await this.groups.removeMembers(ctx.customer_group_id, ids, changeOf(job), executor);
      count += ids.length;
      await yieldToEventLoop();
    }
    return count;
  }
}

function describe(s: ImportStats, ctx: ImportContext): string {
  const parts = [`${s.rows} rows read`, `${s.matched} customers matched`];
  if (ctx.mode !== "remove") parts.push(`${s.to_add} to add${s.to_create ? ` (${s.to_create} new customers to create)` : ""}`, `${s.already_members} already members`);
  if (ctx.mode !== "add") parts.push(`${s.to_remove} to remove`);
  if (ctx.mode === "remove") parts.push(`${s.not_members} not members`);
  parts.push(`${s.unknown} unknown`, `${s.duplicates} duplicates`, `${s.malformed} malformed`);
  return `${parts.join(", ")}.`;
}
