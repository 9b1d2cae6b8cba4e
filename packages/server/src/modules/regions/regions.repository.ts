import { sql, type Insertable, type Updateable } from "kysely";
import type { Database } from "../../db/database.js";
import type { RegionRow, RegionTable } from "../../db/schema.js";
import { anyText, likePattern, mergedMetadata, whereDates, type Executor } from "../../db/sql.js";
import type { MetadataPatch } from "../../shared/metadata.js";
import type { DateComparisons, OrderBy } from "../../shared/list-options.js";

export interface RegionFilter {
  q?: string;
  created_at: DateComparisons;
  updated_at: DateComparisons;
  deleted_at: DateComparisons;
}

export interface Page {
  offset: number;
  limit: number;
  order: OrderBy;
}

export class RegionsRepository {
  constructor(private readonly db: Database) {}

  async list(filter: RegionFilter, page: Page): Promise<{ rows: RegionRow[]; count: number }> {
    let base = this.db.selectFrom("region").where("deleted_at", "is", null);
    if (filter.q) base = base.where("name", "ilike", likePattern(filter.q));
    base = whereDates(base, "created_at", filter.created_at);
    base = whereDates(base, "updated_at", filter.updated_at);
    base = whereDates(base, "deleted_at", filter.deleted_at);
    let rowsQuery = base
      .selectAll()
      .orderBy(sql.ref(page.order.column), page.order.direction)
      .orderBy("id", page.order.direction)
      .offset(page.offset);
    if (page.limit > 0) rowsQuery = rowsQuery.limit(page.limit);
    const [rows, total] = await Promise.all([
      rowsQuery.execute(),
      base.select((eb) => eb.fn.countAll<number>().as("count")).executeTakeFirstOrThrow(),
    ]);
    return { rows, count: Number(total.count) };
  }

  /** A region that is not deleted. */
  findById(id: string, executor: Executor = this.db): Promise<RegionRow | undefined> {
    return executor.selectFrom("region").selectAll().where("id", "=", id).where("deleted_at", "is", null).executeTakeFirst();
  }

  /** Regions (not deleted) among the given ids, in no particular order: one query for a batch. */
  findByIds(ids: readonly string[], executor: Executor = this.db): Promise<RegionRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return executor
      .selectFrom("region")
      .selectAll()
      .where("id", "=", sql<string>`ANY(${[...new Set(ids)]}::text[])`)
      .where("deleted_at", "is", null)
      .execute();
  }

  /** Which of these currency codes exist (one query). The regions module owns currencies. */
  async existingCurrencies(codes: readonly string[], executor: Executor = this.db): Promise<Set<string>> {
    if (codes.length === 0) return new Set();
    const rows = await executor.selectFrom("currency").select("code").where("code", "=", anyText(codes)).execute();
    return new Set(rows.map((r) => r.code));
  }

  async currencyExists(code: string, executor: Executor = this.db): Promise<boolean> {
    const row = await executor.selectFrom("currency").select("code").where("code", "=", code).executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Serialises writers of countries (a country belongs to one region at most): two regions
   * created at once with the same country cannot both pass the check below.
   */
  async lockCountries(executor: Executor): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(hashtext('cohort:region.countries'))`.execute(executor);
  }

  /** Other live regions that already hold one of these countries. */
  findCountryOwners(codes: readonly string[], exceptRegionId: string | null, executor: Executor = this.db) {
    let query = executor
      .selectFrom("region")
      .select(["id", "countries"])
      .where("deleted_at", "is", null)
      .where(sql<boolean>`countries && ${[...codes]}::text[]`);
    if (exceptRegionId) query = query.where("id", "<>", exceptRegionId);
    return query.execute();
  }

  insert(region: Insertable<RegionTable>, executor: Executor = this.db): Promise<RegionRow> {
    return executor.insertInto("region").values(region).returningAll().executeTakeFirstOrThrow();
  }

  /** Writes columns and merges a metadata update in one statement (see mergedMetadata). */
  update(
    id: string,
    patch: Omit<Updateable<RegionTable>, "metadata" | "updated_at">,
    metadata: MetadataPatch | undefined,
    executor: Executor = this.db,
  ): Promise<RegionRow | undefined> {
    return executor
      .updateTable("region")
      .set({ ...patch, ...(metadata ? { metadata: mergedMetadata(metadata) } : {}), updated_at: sql<Date>`now()` })
      .where("id", "=", id)
      .where("deleted_at", "is", null)
      .returningAll()
      .executeTakeFirst();
  }

  /** Soft delete, as v1; the countries are released for other regions. */
  async softDelete(id: string, executor: Executor = this.db): Promise<boolean> {
    const result = await executor
      .updateTable("region")
      .set({ deleted_at: sql<Date>`now()`, countries: sql<string[]>`'{}'::text[]` })
      .where("id", "=", id)
      .where("deleted_at", "is", null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
