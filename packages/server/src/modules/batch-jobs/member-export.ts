import { sql } from "kysely";
import type { Database } from "../../db/database.js";
import type { BatchJobRow } from "../../db/schema.js";
import { invalidData } from "../../shared/errors.js";
import { groupNotFound, type GroupMemberships } from "../customer-groups/customer-groups.service.js";
import type { UploadStore } from "../uploads/upload-store.js";
import { JobFailure, type BatchJobStrategy, type JobControl } from "./batch-job-runner.js";
import type { ExportContext } from "@cohort/contract";
import { csvLine } from "./csv.js";
import { inTransaction } from "../../db/transaction.js";

/**
 * Members per page: one statement each (an index range scan joined to the customers by key).
 * 10,000 held more garbage at once (other requests' p99 rose), 2,500 made the export slower.
 */
const PAGE = 5_000;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * `customer-group-export`: the group's members as CSV (id, email, first_name, last_name,
 * has_account, joined_at), newest customer first, paged by the members-order index (one
 * statement per page, joined to the customers) and streamed into upload chunks, so memory
 * stays bounded whatever the group's size. Pages are
 * read one after another (not one snapshot): a member added or removed during the export
 * may or may not be in it.
 */
export class MemberExportStrategy implements BatchJobStrategy {
  readonly type = "customer-group-export";

  constructor(
    private readonly db: Database,
    private readonly uploads: UploadStore,
    private readonly groups: GroupMemberships,
  ) {}

  async validate(context: Record<string, unknown>): Promise<Record<string, unknown>> {
    for (const key of Object.keys(context)) if (key !== "customer_group_id") throw invalidData(`property context.${key} should not exist`);
    const id = context.customer_group_id;
    if (typeof id !== "string" || !id) throw invalidData("context.customer_group_id must be a string");
    if (!(await this.groups.findById(id))) throw groupNotFound(id);
    return { customer_group_id: id };
  }

  async preProcess(job: BatchJobRow): Promise<Record<string, unknown>> {
    const { customer_group_id: groupId } = job.context as unknown as ExportContext;
    if (!(await this.groups.findById(groupId))) throw new JobFailure(`CustomerGroup with id ${groupId} was not found`);
    const count = (await this.groups.memberCounts([groupId])).get(groupId) ?? 0;
    return {
      count,
      advancement_count: 0,
      stat_descriptors: [{ key: "customer-group-export-count", name: "Customer group members", message: `${count} members will be exported.` }],
    };
  }

  async process(job: BatchJobRow, ctl: JobControl): Promise<void> {
    const { customer_group_id: groupId } = job.context as unknown as ExportContext;
    // One file per job: a retried export replaces what an interrupted attempt wrote.
    const key = `upl_${job.id.replace(/^batch_/, "")}`;
    await this.uploads.delete(key);
    const writer = await this.uploads.create({ key, filename: `customer-group-${groupId}-members.csv`, mimeType: "text/csv", createdBy: job.created_by });
    let written = 0;
    try {
      await writer.write(csvLine(["id", "email", "first_name", "last_name", "has_account", "joined_at"]));
      // The last row's position (its created_at as the database's own text, exact to the microsecond).
      let cursor: { at: string | null; id: string } | undefined;
      for (;;) {
        // One statement per page: the page of memberships in the members-order index (keyset),
        // joined to its customers by primary key. joined_at comes as the ISO text the CSV
        // holds (toISOString's format), not parsed into a Date and formatted again.
        // With sorting disabled for the statement, the plan is the index range scan whatever
        // the statistics say: right after a large import they still count a handful of
        // members, and the planner then chose a bitmap scan of ALL the remaining members and
        // a top-N sort, on every page (quadratic: most of a 1,000,000-member export's time).
        const after = cursor
          ? cursor.at === null
            ? sql`AND (customer_created_at IS NOT NULL OR customer_id < ${cursor.id})`
            : sql`AND (customer_created_at, customer_id) < (${cursor.at}::timestamptz, ${cursor.id})`
          : sql``;
        const { rows: page } = await inTransaction(this.db, async (trx) => {
          await sql`SET LOCAL enable_sort = off`.execute(trx);
          return sql<{ customer_id: string; at: string | null; email: string | null; first_name: string | null; last_name: string | null; has_account: boolean | null; joined_at: string | null }>`
          SELECT m.customer_id, m.customer_created_at::text AS at, c.email, c.first_name, c.last_name, c.has_account,
            to_char(m.joined_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS joined_at
          FROM (SELECT customer_id, customer_created_at, joined_at FROM customer_group_customers
                WHERE customer_group_id = ${groupId} ${after}
                ORDER BY customer_created_at DESC, customer_id DESC
                LIMIT ${PAGE}) m
          LEFT JOIN customer c ON c.id = m.customer_id AND c.deleted_at IS NULL
          ORDER BY m.customer_created_at DESC, m.customer_id DESC`.execute(trx);
        });
        if (page.length === 0) break;
        let text = "";
        for (const m of page) {
          if (m.email === null) continue; // a soft-deleted customer is no member (as in the members list)
          text += csvLine([m.customer_id, m.email, m.first_name, m.last_name, m.has_account, m.joined_at]);
          written++;
        }
        await writer.write(text);
        const last = page[page.length - 1]!;
        cursor = { at: last.at, id: last.customer_id };
        await ctl.progress({ advancement_count: written });
        await yieldToEventLoop();
      }
      const file = await writer.end();
      await inTransaction(this.db, (trx) =>
        ctl.complete(trx, { ...(job.result ?? {}), count: written, advancement_count: written, file_key: file.key, file_size: file.size }),
      );
    } catch (err) {
      await writer.abort().catch(() => {});
      throw err;
    }
  }
}
