import { sql } from "kysely";
import type { Database } from "../../db/database.js";
import type { EventRow } from "../../db/schema.js";
import type { Executor } from "../../db/sql.js";
import type { ChangeContext } from "../../shared/change-context.js";
import { newId } from "../../shared/ids.js";
import { contextValues, type EventLog, type NewEvent } from "./event-log.js";

export interface EventFilter {
  types?: string[];
  customerGroupId?: string;
  customerId?: string;
  priceListId?: string;
  createdAt?: Array<[">" | "<" | ">=" | "<=", Date]>;
  /** Cursor: events after this id, oldest first. */
  after?: string;
}

export class EventsRepository implements EventLog {
  constructor(private readonly db: Database) {}

  /** Writes events in the caller's transaction (the change and its events commit together). */
  async insert(events: NewEvent[], ctx: ChangeContext, executor: Executor): Promise<void> {
    if (events.length === 0) return;
    const who = contextValues(ctx);
    await executor
      .insertInto("event")
      .values(
        events.map((e) => ({
          id: newId("evt"),
          type: e.type,
          data: JSON.stringify(e.data),
          ...who,
          customer_group_id: e.customer_group_id ?? null,
          customer_ids: e.customer_ids ?? null,
          price_list_id: e.price_list_id ?? null,
        })),
      )
      .execute();
  }

  private filtered(f: EventFilter, executor: Executor) {
    let q = executor.selectFrom("event");
    if (f.types?.length) q = q.where("type", "=", sql<string>`any(${f.types}::text[])`);
    if (f.customerGroupId !== undefined) q = q.where("customer_group_id", "=", f.customerGroupId);
    if (f.priceListId !== undefined) q = q.where("price_list_id", "=", f.priceListId);
    if (f.customerId !== undefined) q = q.where(sql<boolean>`customer_ids @> ARRAY[${f.customerId}]::text[]`);
    for (const [op, value] of f.createdAt ?? []) q = q.where("created_at", op, value);
    if (f.after !== undefined) q = q.where("id", ">", f.after);
    return q;
  }

  /** Newest first, or oldest first after a cursor; ordered by id (a ULID: time, then creation order). */
  list(f: EventFilter, offset: number, limit: number, executor: Executor = this.db): Promise<EventRow[]> {
    let q = this.filtered(f, executor)
      .selectAll()
      .orderBy("id", f.after !== undefined ? "asc" : "desc")
      .offset(offset);
    if (limit > 0) q = q.limit(limit);
    return q.execute();
  }

  async count(f: EventFilter, executor: Executor = this.db): Promise<number> {
    const row = await this.filtered(f, executor).select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  findById(id: string, executor: Executor = this.db): Promise<EventRow | undefined> {
    return executor.selectFrom("event").selectAll().where("id", "=", id).executeTakeFirst();
  }

  /**
   * Deletes events created before `cutoff`, at most `max` of them (a bounded statement, so
   * a first prune of a large table does not hold one long transaction). Returns how many.
   */
  async pruneBefore(cutoff: Date, max: number, executor: Executor = this.db): Promise<number> {
    const { rows } = await sql<{ n: string }>`
      WITH gone AS (
        DELETE FROM event WHERE id IN (
          SELECT id FROM event WHERE created_at < ${cutoff} ORDER BY created_at LIMIT ${max})
        RETURNING 1)
      SELECT count(*) AS n FROM gone`.execute(executor);
    return Number(rows[0]?.n ?? 0);
  }
}
