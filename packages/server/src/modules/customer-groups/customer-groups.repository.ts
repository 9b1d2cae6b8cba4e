import { customerColumns } from "@cohort/contract";
import { sql, type RawBuilder } from "kysely";
import type { Database } from "../../db/database.js";
import type { CustomerGroupRow, PriceListRow } from "../../db/schema.js";
import { anyText, likePattern, mergedMetadata, type Executor } from "../../db/sql.js";
import type { ChangeContext } from "../../shared/change-context.js";
import type { MetadataPatch } from "../../shared/metadata.js";
import { contextValues, MEMBERSHIP_EVENT_CHUNK, membershipEventIds } from "../events/event-log.js";
import type { DateOp, OrderBy } from "../../shared/list-options.js";

export interface GroupFilter {
  q?: string;
  names?: string[];
  id?: Array<[DateOp, string]>;
  created_at?: Array<[DateOp, Date]>;
  updated_at?: Array<[DateOp, Date]>;
}

export type GroupPriceList = PriceListRow & { customer_group_id: string };

/**
 * Per id of a membership batch (same order): the window's bounds (ISO text or null) and
 * whether the entry sets the window of an existing member (it named starts_at or expires_at).
 */
export interface MemberWindows {
  starts: Array<string | null>;
  expires: Array<string | null>;
  set: boolean[];
}

const MEMBER_COLUMNS = customerColumns.map((c) => `c.${c}` as const);

export class CustomerGroupsRepository {
  constructor(private readonly db: Database) {}

  private filtered(f: GroupFilter, executor: Executor) {
    let q = executor.selectFrom("customer_group").where("deleted_at", "is", null);
    if (f.q !== undefined) q = q.where("name", "ilike", likePattern(f.q));
    if (f.names) q = q.where("name", "=", anyText(f.names));
    for (const [op, value] of f.id ?? []) q = q.where("id", op, value);
    for (const [op, value] of f.created_at ?? []) q = q.where("created_at", op, value);
    for (const [op, value] of f.updated_at ?? []) q = q.where("updated_at", op, value);
    return q;
  }

  /**
   * The number of groups list() pages through. Unfiltered, it is the kept count of live
   * groups (migration 0006), not a scan of every group.
   */
  async count(f: GroupFilter, executor: Executor = this.db): Promise<number> {
    const { rows } = await sql<{ n: number }>`SELECT (${this.countQuery(f, executor)}) AS n`.execute(executor);
    return Number(rows[0]?.n ?? 0);
  }

  private countQuery(f: GroupFilter, executor: Executor) {
    const unfiltered = f.q === undefined && !f.names && !f.id?.length && !f.created_at?.length && !f.updated_at?.length;
    if (unfiltered) return sql<number>`SELECT n FROM cohort_counter WHERE name = 'customer_groups'`;
    return this.filtered(f, executor).select((eb) => eb.fn.countAll<number>().as("n"));
  }

  /**
   * list() and count() in one round trip: the count rides on every row (an InitPlan,
   * computed once). An empty page carries no count (the caller counts).
   */
  async listWithCount(
    f: GroupFilter,
    order: OrderBy,
    offset: number,
    limit: number,
    executor: Executor = this.db,
  ): Promise<{ rows: CustomerGroupRow[]; count: number | undefined }> {
    let q = this.filtered(f, executor)
      .selectAll()
      .select(sql<number>`(${this.countQuery(f, executor)})`.as("__total"))
      .orderBy(sql.ref(order.column), order.direction)
      .orderBy("id", order.direction)
      .offset(offset);
    if (limit > 0) q = q.limit(limit);
    const rows = await q.execute();
    const count = rows.length > 0 ? Number(rows[0]!.__total) : undefined;
    return { rows: rows.map(({ __total: _t, ...row }) => row), count };
  }

  /**
   * One group; with `lock`, the row stays locked until the transaction ends: "update" for a
   * delete, "no key update" to serialise membership batches on one group without blocking
   * the foreign-key checks of other inserts.
   */
  findById(id: string, executor: Executor = this.db, lock?: "update" | "no key update"): Promise<CustomerGroupRow | undefined> {
    let q = executor.selectFrom("customer_group").selectAll().where("id", "=", id).where("deleted_at", "is", null);
    if (lock === "update") q = q.forUpdate();
    if (lock === "no key update") q = q.forNoKeyUpdate();
    return q.executeTakeFirst();
  }

  insert(group: { id: string; name: string; metadata: Record<string, unknown> | null }, executor: Executor = this.db): Promise<CustomerGroupRow> {
    return executor
      .insertInto("customer_group")
      .values({ ...group, metadata: group.metadata === null ? null : JSON.stringify(group.metadata) })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Renames and/or merges metadata in one statement (see mergedMetadata). */
  update(
    id: string,
    patch: { name?: string; metadata?: MetadataPatch },
    executor: Executor = this.db,
  ): Promise<CustomerGroupRow | undefined> {
    const { metadata } = patch;
    return executor
      .updateTable("customer_group")
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(metadata ? { metadata: mergedMetadata(metadata) } : {}),
        updated_at: sql<Date>`now()`,
      })
      .where("id", "=", id)
      .where("deleted_at", "is", null)
      .returningAll()
      .executeTakeFirst();
  }

  /** The group and its memberships (there is no foreign key to cascade them, see migration 0006). */
  async deleteById(id: string, executor: Executor = this.db): Promise<void> {
    await executor.deleteFrom("customer_group_customers").where("customer_group_id", "=", id).execute();
    await executor.deleteFrom("customer_group").where("id", "=", id).execute();
  }

  /**
   * The price lists whose only group is this one (deleting it would make them public).
   * The links of every list that uses the group are locked first, so a concurrent change
   * that removes a list's other group waits for this transaction, and the check that
   * follows (a fresh snapshot) sees the links as they are.
   */
  async priceListsOnlyFor(groupId: string, executor: Executor): Promise<Array<{ id: string; name: string }>> {
    await executor
      .selectFrom("price_list_customer_groups")
      .select("price_list_id")
      .where("price_list_id", "in", (eb) =>
        eb.selectFrom("price_list_customer_groups").select("price_list_id").where("customer_group_id", "=", groupId),
      )
      .forUpdate()
      .execute();
    return executor
      .selectFrom("price_list_customer_groups as l")
      .innerJoin("price_list as pl", "pl.id", "l.price_list_id")
      .select(["pl.id", "pl.name"])
      .where("l.customer_group_id", "=", groupId)
      .where("pl.deleted_at", "is", null)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom("price_list_customer_groups as o")
              .select(sql.lit(1).as("one"))
              .whereRef("o.price_list_id", "=", "l.price_list_id")
              .where("o.customer_group_id", "<>", groupId),
          ),
        ),
      )
      .orderBy("pl.created_at")
      .orderBy("pl.id")
      .execute();
  }

  /** The ids, in input order and without repeats, that name no (live) customer. One query. */
  /**
   * The ids that name no live customer: the first `limit` in input order (each once), and
   * how many there are in all.
   */
  async missingCustomers(ids: string[], limit: number, executor: Executor = this.db): Promise<{ ids: string[]; total: number }> {
    const { rows } = await sql<{ id: string; total: number }>`
      WITH missing AS (
        SELECT x.id, min(x.n) AS n FROM unnest(${ids}::text[]) WITH ORDINALITY AS x(id, n)
        WHERE NOT EXISTS (SELECT 1 FROM customer c WHERE c.id = x.id AND c.deleted_at IS NULL)
        GROUP BY x.id)
      SELECT id, count(*) OVER () AS total FROM missing ORDER BY n LIMIT ${limit}`.execute(executor);
    return { ids: rows.map((r) => r.id), total: Number(rows[0]?.total ?? 0) };
  }

  /**
   * Adds members in one statement, all or nothing: false (and nothing inserted) when an id
   * names no live customer. The caller sends the ids sorted and without repeats, and holds
   * the group row lock.
   *
   * Shaped for 100,000 ids on a table of millions of memberships:
   * - the ids are looked up once (`found`, materialized), one index probe each in id order
   *   (the LATERAL ... OFFSET 0 keeps that plan: with the array's real size known, the
   *   planner would rather hash the whole customer table), and `found` is compared with
   *   the array's cardinality (materializing the input only to count it was ~5–10 % of the
   *   statement at 100,000 ids);
   * - work_mem is raised for the transaction, so `found` (~10 MB at 100,000 ids) and the
   *   counter trigger's transition table stay in memory instead of temporary files;
   * - existing members go by a hash anti-join against the group's current members (one
   *   index range scan), not one probe per id; it keeps `found`'s order, so rows go in id
   *   order;
   * - no ON CONFLICT (a speculative insertion per row costs ~30 %): no other batch adds to
   *   this group meanwhile (group lock); a concurrent customer update adding the same pair
   *   makes this fail with a unique violation, and the service runs the transaction again.
   */
  async addMembers(
    groupId: string,
    sortedUniqueIds: string[],
    ctx: ChangeContext,
    executor: Executor = this.db,
    part?: "part",
    windows?: MemberWindows,
  ): Promise<boolean> {
    if (sortedUniqueIds.length > 10_000) await sql`SET LOCAL work_mem = '64MB'`.execute(executor);
    // A part of a larger sorted batch (see CustomerGroupsService) compares with the members
    // in its own id range only, not with the whole group once per part.
    const inRange = part
      ? sql`AND customer_id >= ${sortedUniqueIds[0]} AND customer_id <= ${sortedUniqueIds[sortedUniqueIds.length - 1]}`
      : sql``;
    if (windows) return this.addMembersWithWindows(groupId, sortedUniqueIds, windows, inRange, ctx, executor);
    const { rows } = await sql<{ ok: boolean }>`
      WITH found AS MATERIALIZED (
        SELECT c.id, c.created_at FROM unnest(${sortedUniqueIds}::text[]) AS i(id)
        CROSS JOIN LATERAL (SELECT id, created_at FROM customer c WHERE c.id = i.id AND c.deleted_at IS NULL OFFSET 0) c),
      complete AS MATERIALIZED (SELECT count(*) = ${sortedUniqueIds.length} AS ok FROM found),
      existing AS MATERIALIZED (
        SELECT customer_id FROM customer_group_customers WHERE customer_group_id = ${groupId} ${inRange}),
      added AS (
        INSERT INTO customer_group_customers (customer_group_id, customer_id, customer_created_at)
        SELECT ${groupId}, f.id, f.created_at FROM found f LEFT JOIN existing e ON e.customer_id = f.id
        WHERE e.customer_id IS NULL AND (SELECT ok FROM complete)
        RETURNING customer_id),
      ${membershipEvents("customer_group.customers_added", "added", groupId, sortedUniqueIds.length, ctx)}
      SELECT ok FROM complete`.execute(executor);
    return rows[0]?.ok === true;
  }

  /**
   * addMembers when some entry carries a window (issue 15): the same statement, with each
   * id's window riding along (`unnest` of parallel arrays keeps the id order), plus an
   * UPDATE of the existing members whose entry sets a window (`set_window`) different from
   * theirs. Entries without a window leave existing members untouched (v1's no-op re-add).
   */
  private async addMembersWithWindows(
    groupId: string,
    ids: string[],
    w: MemberWindows,
    inRange: RawBuilder<unknown>,
    ctx: ChangeContext,
    executor: Executor,
  ): Promise<boolean> {
    // unnest pads shorter arrays with nulls: misaligned windows would silently be lost.
    if (w.starts.length !== ids.length || w.expires.length !== ids.length || w.set.length !== ids.length) {
      throw new Error("addMembers: the windows must align with the ids");
    }
    const { rows } = await sql<{ ok: boolean }>`
      WITH found AS MATERIALIZED (
        SELECT c.id, c.created_at, i.starts_at, i.expires_at, i.set_window
        FROM unnest(${ids}::text[], ${w.starts}::timestamptz[], ${w.expires}::timestamptz[], ${w.set}::boolean[])
          AS i(id, starts_at, expires_at, set_window)
        CROSS JOIN LATERAL (SELECT id, created_at FROM customer c WHERE c.id = i.id AND c.deleted_at IS NULL OFFSET 0) c),
      complete AS MATERIALIZED (SELECT count(*) = ${ids.length} AS ok FROM found),
      existing AS MATERIALIZED (
        SELECT customer_id, starts_at, expires_at FROM customer_group_customers WHERE customer_group_id = ${groupId} ${inRange}),
      added AS (
        INSERT INTO customer_group_customers (customer_group_id, customer_id, customer_created_at, starts_at, expires_at)
        SELECT ${groupId}, f.id, f.created_at, f.starts_at, f.expires_at FROM found f LEFT JOIN existing e ON e.customer_id = f.id
        WHERE e.customer_id IS NULL AND (SELECT ok FROM complete)
        RETURNING customer_id),
      ${membershipEvents("customer_group.customers_added", "added", groupId, ids.length, ctx)},
      updated AS (
        UPDATE customer_group_customers m SET starts_at = f.starts_at, expires_at = f.expires_at
        FROM found f JOIN existing e ON e.customer_id = f.id
        WHERE m.customer_id = f.id AND m.customer_group_id = ${groupId} AND f.set_window AND (SELECT ok FROM complete)
          AND (e.starts_at IS DISTINCT FROM f.starts_at OR e.expires_at IS DISTINCT FROM f.expires_at))
      SELECT ok FROM complete`.execute(executor);
    return rows[0]?.ok === true;
  }

  /** Removes members in one statement, with the events of the ids that really were members. */
  async removeMembers(groupId: string, customerIds: string[], ctx: ChangeContext, executor: Executor = this.db): Promise<void> {
    await sql`
      WITH removed AS (
        DELETE FROM customer_group_customers
        WHERE customer_group_id = ${groupId} AND customer_id = any(${customerIds}::text[])
        RETURNING customer_id),
      ${membershipEvents("customer_group.customers_removed", "removed", groupId, customerIds.length, ctx)}
      SELECT 1`.execute(executor);
  }

  /**
   * Members per group (expand=customer_count), one statement for a page of groups: the kept
   * counts of migration 0006, or, while some customer is soft-deleted, the live members
   * counted (as the members list counts them).
   */
  async memberCounts(groupIds: string[], executor: Executor = this.db): Promise<Map<string, number>> {
    const { rows } = await sql<{ id: string; n: string | number }>`
      SELECT g.id, CASE
        WHEN EXISTS (SELECT 1 FROM customer WHERE deleted_at IS NOT NULL)
          THEN (SELECT count(*) FROM customer_group_customers m JOIN customer c ON c.id = m.customer_id
                WHERE m.customer_group_id = g.id AND c.deleted_at IS NULL)
        ELSE coalesce((SELECT k.n FROM customer_group_member_count k WHERE k.customer_group_id = g.id), 0) END AS n
      FROM unnest(${groupIds}::text[]) AS g(id)`.execute(executor);
    return new Map(rows.map((r) => [r.id, Number(r.n)]));
  }

  /** The price lists of the given groups (expand=price_lists), newest first. */
  priceListsOf(groupIds: string[], executor: Executor = this.db): Promise<GroupPriceList[]> {
    return executor
      .selectFrom("price_list_customer_groups as l")
      .innerJoin("price_list as pl", "pl.id", "l.price_list_id")
      .selectAll("pl")
      .select("l.customer_group_id")
      .where("l.customer_group_id", "=", anyText(groupIds))
      .where("pl.deleted_at", "is", null)
      .orderBy("pl.created_at", "desc")
      .orderBy("pl.id", "desc")
      .execute();
  }
}

/**
 * The CTE that writes the membership events of a statement, from the ids its INSERT/DELETE
 * returned (`source`, a CTE with a customer_id column): one event per MEMBERSHIP_EVENT_CHUNK
 * ids, so only memberships that really changed are reported. The event ids are made here
 * (ULIDs, enough for the most chunks `n` ids can make); unused ones are simply not used.
 */
function membershipEvents(type: string, source: "added" | "removed", groupId: string, n: number, ctx: ChangeContext) {
  const who = contextValues(ctx);
  return sql`
      chunked AS (SELECT customer_id, ((row_number() OVER () - 1) / ${MEMBERSHIP_EVENT_CHUNK})::int AS k FROM ${sql.table(source)}),
      chunk_events AS (
        INSERT INTO event (id, type, data, actor, source, request_id, customer_group_id, customer_ids)
        SELECT (${membershipEventIds(n)}::text[])[k + 1], ${type},
          jsonb_build_object('customer_group_id', ${groupId}::text, 'customer_ids', to_jsonb(array_agg(customer_id))),
          ${who.actor}::jsonb, ${who.source}, ${who.request_id}::text, ${groupId}, array_agg(customer_id)
        FROM chunked GROUP BY k)`;
}
