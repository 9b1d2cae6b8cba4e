import { sql } from "kysely";
import type { Database } from "../../db/database.js";
import type { BatchJobRow } from "../../db/schema.js";
import { invalidData } from "../../shared/errors.js";
import { groupNotFound, type GroupMemberships } from "../customer-groups/customer-groups.service.js";
import type { UploadStore } from "../uploads/upload-store.js";
import { JobFailure, type BatchJobStrategy, type JobControl } from "./batch-job-runner.js";
import type { ExportContext } from "./batch-jobs.schemas.js";
import { csvLine } from "./csv.js";
import { inTransaction } from "../../db/transaction.js";

/** Members per page: one indexed range query each, written out as it arrives. */
const PAGE = 5_000;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * `customer-group-export`: the group's members as CSV (id, email, first_name, last_name,
 * has_account, joined_at), newest customer first, paged by the members-order index and
 * streamed into upload chunks, so memory stays bounded whatever the group's size. Pages are
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
      let cursor: { at: Date | null; id: string } | undefined;
      for (;;) {
        // Two indexed queries per page, so the plan stays an index range scan whatever the
        // statistics say: the page of memberships in the members-order index (keyset), then
        // its customers by primary key.
        const after = cursor
          ? cursor.at === null
            ? sql`AND (customer_created_at IS NOT NULL OR customer_id < ${cursor.id})`
            : sql`AND (customer_created_at, customer_id) < (${cursor.at}, ${cursor.id})`
          : sql``;
        const { rows: page } = await sql<{ customer_id: string; joined_at: Date | null; at: Date | null }>`
          SELECT customer_id, joined_at, customer_created_at AS at FROM customer_group_customers
          WHERE customer_group_id = ${groupId} ${after}
          ORDER BY customer_created_at DESC, customer_id DESC
          LIMIT ${PAGE}`.execute(this.db);
        if (page.length === 0) break;
        const customers = await this.db
          .selectFrom("customer")
          .select(["id", "email", "first_name", "last_name", "has_account"])
          .where("id", "=", sql<string>`any(${page.map((m) => m.customer_id)}::text[])`)
          .where("deleted_at", "is", null)
          .execute();
        const byId = new Map(customers.map((c) => [c.id, c]));
        let text = "";
        for (const m of page) {
          const c = byId.get(m.customer_id);
          if (!c) continue; // a soft-deleted customer is no member (as in the members list)
          text += csvLine([c.id, c.email, c.first_name, c.last_name, c.has_account, m.joined_at]);
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
