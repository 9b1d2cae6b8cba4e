import { sql } from "kysely";
import type { Database } from "../../db/database.js";
import type { WebhookDeliveryRow, WebhookRow } from "../../db/schema.js";
import type { Executor } from "../../db/sql.js";

export class WebhooksRepository {
  constructor(private readonly db: Database) {}

  insert(row: { id: string; url: string; events: string[]; description: string | null; secret: string }, executor: Executor = this.db): Promise<WebhookRow> {
    return executor.insertInto("webhook").values(row).returningAll().executeTakeFirstOrThrow();
  }

  findById(id: string, executor: Executor = this.db): Promise<WebhookRow | undefined> {
    return executor.selectFrom("webhook").selectAll().where("id", "=", id).executeTakeFirst();
  }

  async list(offset: number, limit: number): Promise<{ rows: WebhookRow[]; count: number }> {
    let q = this.db.selectFrom("webhook").selectAll().orderBy("created_at", "desc").orderBy("id", "desc").offset(offset);
    if (limit > 0) q = q.limit(limit);
    const [rows, count] = await Promise.all([
      q.execute(),
      this.db.selectFrom("webhook").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
    ]);
    return { rows, count: Number(count.n) };
  }

  update(
    id: string,
    patch: { url?: string; events?: string[]; description?: string | null; enabled?: boolean; secret?: string },
    executor: Executor = this.db,
  ): Promise<WebhookRow | undefined> {
    const reenable = patch.enabled === true ? { failing_since: null, disabled_at: null } : {};
    const disable = patch.enabled === false ? { disabled_at: sql<Date>`coalesce(disabled_at, now())` } : {};
    return executor
      .updateTable("webhook")
      .set({ ...patch, ...reenable, ...disable, updated_at: sql<Date>`now()` })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirst();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom("webhook").where("id", "=", id).execute();
  }

  async deliveries(webhookId: string, status: string | undefined, offset: number, limit: number) {
    let q = this.db
      .selectFrom("webhook_delivery as d")
      .innerJoin("event as e", "e.id", "d.event_id")
      .selectAll("d")
      .select("e.type as event_type")
      .where("d.webhook_id", "=", webhookId);
    if (status) q = q.where("d.status", "=", status as WebhookDeliveryRow["status"]);
    let page = q.orderBy("d.event_id", "desc").offset(offset);
    if (limit > 0) page = page.limit(limit);
    let counted = this.db.selectFrom("webhook_delivery").select((eb) => eb.fn.countAll<string>().as("n")).where("webhook_id", "=", webhookId);
    if (status) counted = counted.where("status", "=", status as WebhookDeliveryRow["status"]);
    const [rows, count] = await Promise.all([page.execute(), counted.executeTakeFirstOrThrow()]);
    return { rows, count: Number(count.n) };
  }

  /** Makes a delivery due again now (another round of attempts), whatever its state. */
  redeliver(webhookId: string, deliveryId: string, now: Date) {
    return this.db
      .updateTable("webhook_delivery")
      .set({ status: "pending", next_attempt_at: now, attempts: 0 })
      .where("id", "=", deliveryId)
      .where("webhook_id", "=", webhookId)
      .returningAll()
      .executeTakeFirst();
  }
}
