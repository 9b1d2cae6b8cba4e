import { sql, type Expression, type SqlBool } from "kysely";
import type { Database } from "../../db/database.js";
import { anyText, type Executor } from "../../db/sql.js";
import type { MoneyAmountRow, PriceListRow } from "../../db/schema.js";
import type { DateOp, OrderBy } from "../../shared/list-options.js";
import {
  moneyAmountColumns,
  priceListColumns,
  type PriceListColumn,
  type PriceListCustomerGroup,
  type PriceListStatus,
  type PriceListType,
} from "@cohort/contract";


const PRICE_COLUMNS = [...moneyAmountColumns, "variant_id" as const].map((c) => `ma.${c}` as const);

export type PriceRow = Omit<MoneyAmountRow, "price_list_id"> & { price_list_id: string | null };
export type GroupOfList = PriceListCustomerGroup & { price_list_id: string };

export interface NewPrice {
  id: string;
  variant_id: string;
  currency_code: string;
  region_id: string | null;
  amount: number;
  min_quantity: number | null;
  max_quantity: number | null;
}

/** An update of an existing price: `undefined` keeps a column, `null` clears a quantity. */
export interface PriceChange {
  id: string;
  amount: number;
  region_id?: string;
  currency_code?: string;
  min_quantity?: number | null;
  max_quantity?: number | null;
}

export interface PriceListFilters {
  id?: string;
  q?: string;
  status?: PriceListStatus[];
  type?: PriceListType[];
  name?: string;
  description?: string;
  customerGroups?: string[];
  createdAt: Array<[DateOp, Date]>;
  updatedAt: Array<[DateOp, Date]>;
  deletedAt: Array<[DateOp, Date]>;
}

export interface PriceListInsert {
  id: string;
  name: string;
  description: string;
  type: PriceListType;
  status: PriceListStatus;
  starts_at: Date | null;
  ends_at: Date | null;
}

export type PriceListPatch = Partial<Omit<PriceListInsert, "id">>;

export class PriceListsRepository {
  constructor(private readonly db: Database) {}

  findById(id: string, executor: Executor = this.db): Promise<PriceListRow | undefined> {
    return executor.selectFrom("price_list").select(priceListColumns).where("id", "=", id).where("deleted_at", "is", null).executeTakeFirst();
  }

  /** Locks the row so concurrent changes of one list's prices and groups serialise. */
  lockById(id: string, db: Database): Promise<{ id: string } | undefined> {
    return db.selectFrom("price_list").select("id").where("id", "=", id).where("deleted_at", "is", null).forUpdate().executeTakeFirst();
  }

  async list(filters: PriceListFilters, order: OrderBy, offset: number, limit: number): Promise<{ rows: PriceListRow[]; count: number }> {
    let query = this.db.selectFrom("price_list as pl").where("pl.deleted_at", "is", null);
    if (filters.id !== undefined) query = query.where("pl.id", "=", filters.id);
    if (filters.name !== undefined) query = query.where("pl.name", "=", filters.name);
    if (filters.description !== undefined) query = query.where("pl.description", "=", filters.description);
    if (filters.status) query = query.where("pl.status", "=", sql<"active" | "draft">`any(${filters.status}::text[])`);
    if (filters.type) query = query.where("pl.type", "=", sql<"sale" | "override">`any(${filters.type}::text[])`);
    for (const [column, conditions] of [
      ["pl.created_at", filters.createdAt],
      ["pl.updated_at", filters.updatedAt],
      ["pl.deleted_at", filters.deletedAt],
    ] as const) {
      for (const [op, date] of conditions) query = query.where(column, op, date);
    }
    if (filters.customerGroups) {
      const groups = filters.customerGroups;
      query = query.where(({ exists, selectFrom }) =>
        exists(
          selectFrom("price_list_customer_groups as l")
            .select(sql.lit(1).as("one"))
            .whereRef("l.price_list_id", "=", "pl.id")
            .where("l.customer_group_id", "=", anyText(groups)),
        ),
      );
    }
    if (filters.q !== undefined) {
      // v1 does not escape LIKE wildcards in q.
      const pattern = `%${filters.q}%`;
      query = query.where(({ or, eb, exists, selectFrom }) =>
        or([
          eb("pl.name", "ilike", pattern),
          eb("pl.description", "ilike", pattern),
          exists(
            selectFrom("price_list_customer_groups as l")
              .innerJoin("customer_group as g", "g.id", "l.customer_group_id")
              .select(sql.lit(1).as("one"))
              .whereRef("l.price_list_id", "=", "pl.id")
              .where("g.deleted_at", "is", null)
              .where("g.name", "ilike", pattern),
          ) as Expression<SqlBool>,
        ]),
      );
    }

    let page = query
      .select(priceListColumns.map((c) => `pl.${c}` as const))
      .orderBy(`pl.${order.column as PriceListColumn}`, order.direction)
      .orderBy("pl.id", order.direction)
      .offset(offset);
    if (limit > 0) page = page.limit(limit);
    const [rows, total] = await Promise.all([
      page.execute(),
      query.select((eb) => eb.fn.countAll<number>().as("count")).executeTakeFirstOrThrow(),
    ]);
    return { rows, count: Number(total.count) };
  }

  async insert(row: PriceListInsert, executor: Executor = this.db): Promise<void> {
    await executor.insertInto("price_list").values(row).execute();
  }

  async update(id: string, patch: PriceListPatch, executor: Executor = this.db): Promise<void> {
    await executor
      .updateTable("price_list")
      .set({ ...patch, updated_at: sql<Date>`now()` })
      .where("id", "=", id)
      .execute();
  }

  /** The ids of the list's customer groups, in id order. */
  async groupIdsOf(priceListId: string, executor: Executor = this.db): Promise<string[]> {
    const rows = await executor
      .selectFrom("price_list_customer_groups")
      .select("customer_group_id")
      .where("price_list_id", "=", priceListId)
      .orderBy("customer_group_id")
      .execute();
    return rows.map((r) => r.customer_group_id);
  }

  /** Hard delete; prices and group links go by cascade. */
  async delete(id: string, executor: Executor = this.db): Promise<PriceListRow | undefined> {
    return executor.deleteFrom("price_list").where("id", "=", id).returningAll().executeTakeFirst();
  }

  // --- prices ---------------------------------------------------------------------------

  async insertPrices(priceListId: string, prices: readonly NewPrice[], executor: Executor = this.db): Promise<void> {
    if (!prices.length) return;
    await sql`
      INSERT INTO money_amount (id, currency_code, amount, min_quantity, max_quantity, price_list_id, region_id, variant_id)
      SELECT u.id, u.currency_code, u.amount, u.min_quantity, u.max_quantity, ${priceListId}::text, u.region_id, u.variant_id
      FROM unnest(
        ${prices.map((p) => p.id)}::text[],
        ${prices.map((p) => p.currency_code)}::text[],
        ${prices.map((p) => p.amount)}::int[],
        ${prices.map((p) => p.min_quantity)}::int[],
        ${prices.map((p) => p.max_quantity)}::int[],
        ${prices.map((p) => p.region_id)}::text[],
        ${prices.map((p) => p.variant_id)}::text[]
      ) AS u(id, currency_code, amount, min_quantity, max_quantity, region_id, variant_id)
    `.execute(executor);
  }

  async updatePrices(priceListId: string, changes: readonly PriceChange[], executor: Executor = this.db): Promise<void> {
    if (!changes.length) return;
    await sql`
      UPDATE money_amount AS ma SET
        amount        = u.amount,
        region_id     = COALESCE(u.region_id, ma.region_id),
        currency_code = COALESCE(u.currency_code, ma.currency_code),
        min_quantity  = CASE WHEN u.set_min THEN u.min_quantity ELSE ma.min_quantity END,
        max_quantity  = CASE WHEN u.set_max THEN u.max_quantity ELSE ma.max_quantity END,
        updated_at    = now()
      FROM unnest(
        ${changes.map((c) => c.id)}::text[],
        ${changes.map((c) => c.amount)}::int[],
        ${changes.map((c) => c.region_id ?? null)}::text[],
        ${changes.map((c) => c.currency_code ?? null)}::text[],
        ${changes.map((c) => c.min_quantity !== undefined)}::bool[],
        ${changes.map((c) => c.min_quantity ?? null)}::int[],
        ${changes.map((c) => c.max_quantity !== undefined)}::bool[],
        ${changes.map((c) => c.max_quantity ?? null)}::int[]
      ) AS u(id, amount, region_id, currency_code, set_min, min_quantity, set_max, max_quantity)
      WHERE ma.id = u.id AND ma.price_list_id = ${priceListId}
    `.execute(executor);
  }

  /** The ids among `ids` that are prices of this list. */
  async priceIdsInList(priceListId: string, ids: readonly string[], executor: Executor = this.db): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await executor
      .selectFrom("money_amount")
      .select("id")
      .where("price_list_id", "=", priceListId)
      .where("id", "=", anyText(ids))
      .where("deleted_at", "is", null)
      .execute();
    return new Set(rows.map((r) => r.id));
  }

  async deletePricesExcept(priceListId: string, keep: readonly string[], executor: Executor = this.db): Promise<void> {
    await executor
      .deleteFrom("money_amount")
      .where("price_list_id", "=", priceListId)
      .where((eb) => eb.not(eb("id", "=", anyText(keep))))
      .execute();
  }

  async deletePrices(priceListId: string, ids: readonly string[], executor: Executor = this.db): Promise<string[]> {
    const rows = await executor.deleteFrom("money_amount").where("price_list_id", "=", priceListId).where("id", "=", anyText(ids)).returning("id").execute();
    return rows.map((r) => r.id);
  }

  /** Deletes this list's prices of every (live) variant of the products; returns their ids. */
  async deletePricesOfProducts(priceListId: string, productIds: readonly string[], executor: Executor = this.db): Promise<string[]> {
    const rows = await executor
      .deleteFrom("money_amount as ma")
      .using(["product_variant as v", "product as p"])
      .whereRef("v.id", "=", "ma.variant_id")
      .whereRef("p.id", "=", "v.product_id")
      .where("ma.price_list_id", "=", priceListId)
      .where("p.id", "=", anyText(productIds))
      .where("p.deleted_at", "is", null)
      .where("v.deleted_at", "is", null)
      .returning("ma.id")
      .execute();
    return rows.map((r) => r.id);
  }

  async deletePricesOfVariant(priceListId: string, variantId: string, executor: Executor = this.db): Promise<string[]> {
    const rows = await executor
      .deleteFrom("money_amount")
      .where("price_list_id", "=", priceListId)
      .where("variant_id", "=", variantId)
      .returning("id")
      .execute();
    return rows.map((r) => r.id);
  }

  /** The prices of many lists, oldest first. */
  pricesOf(priceListIds: readonly string[]): Promise<PriceRow[]> {
    if (!priceListIds.length) return Promise.resolve([]);
    return this.db
      .selectFrom("money_amount as ma")
      .select(PRICE_COLUMNS)
      .where("ma.price_list_id", "=", anyText(priceListIds))
      .where("ma.deleted_at", "is", null)
      .orderBy("ma.created_at")
      .orderBy("ma.id")
      .execute();
  }

  // --- customer groups ------------------------------------------------------------------

  /** Every group of each list. */
  groupsOf(priceListIds: readonly string[]): Promise<GroupOfList[]> {
    if (!priceListIds.length) return Promise.resolve([]);
    return this.db
      .selectFrom("price_list_customer_groups as l")
      .innerJoin("customer_group as g", "g.id", "l.customer_group_id")
      .select(["l.price_list_id", "g.id", "g.name", "g.metadata", "g.created_at", "g.updated_at", "g.deleted_at"])
      .where("l.price_list_id", "=", anyText(priceListIds))
      .where("g.deleted_at", "is", null)
      .orderBy("g.created_at")
      .orderBy("g.id")
      .execute();
  }

  /** Makes `groupIds` the list's whole set of groups. */
  async replaceGroups(priceListId: string, groupIds: readonly string[], executor: Executor = this.db): Promise<void> {
    await executor
      .deleteFrom("price_list_customer_groups")
      .where("price_list_id", "=", priceListId)
      .where((eb) => eb.not(eb("customer_group_id", "=", anyText(groupIds))))
      .execute();
    await this.addGroups(priceListId, groupIds, executor);
  }

  async addGroups(priceListId: string, groupIds: readonly string[], executor: Executor = this.db): Promise<void> {
    if (!groupIds.length) return;
    await sql`
      INSERT INTO price_list_customer_groups (price_list_id, customer_group_id)
      SELECT ${priceListId}::text, g FROM unnest(${groupIds}::text[]) AS g
      ON CONFLICT DO NOTHING
    `.execute(executor);
  }

  // --- references -----------------------------------------------------------------------

  async existingGroups(ids: readonly string[], executor: Executor = this.db): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await executor.selectFrom("customer_group").select("id").where("id", "=", anyText(ids)).where("deleted_at", "is", null).execute();
    return new Set(rows.map((r) => r.id));
  }
}
