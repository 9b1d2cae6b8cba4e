import { priceListColumns, productColumns, type VariantColumn } from "@cohort/contract";
import { sql, type Insertable, type Updateable } from "kysely";
import type { Database } from "../../db/database.js";
import type { MetadataPatch } from "../../shared/metadata.js";
import type {
  MoneyAmountRow,
  MoneyAmountTable,
  PriceListRow,
  ProductRow,
  ProductStatus,
  ProductTable,
  ProductVariantRow,
  ProductVariantTable,
} from "../../db/schema.js";
import type { DateComparisons, DateOp, OrderBy } from "../../shared/list-options.js";
import { anyText, likePattern, mergedMetadata, whereDates, type Executor } from "../../db/sql.js";

/** The filters of the product lists (admin, store and a price list's products). */
export interface ProductFilter {
  q?: string;
  id?: readonly string[];
  status?: readonly ProductStatus[];
  collection_id?: readonly string[];
  type_id?: readonly string[];
  /** Cohort has no tags or categories: a non-empty filter matches nothing. */
  tags?: readonly string[];
  category_id?: readonly string[];
  /** Products having at least one variant price in one of these price lists. */
  price_list_id?: readonly string[];
  title?: string;
  description?: string;
  handle?: string;
  is_giftcard?: boolean;
  created_at?: DateComparisons;
  updated_at?: DateComparisons;
  deleted_at?: DateComparisons;
}

/**
 * True when the filter restricts nothing but the status (the store list, the admin list
 * without filters): its count is then a read of product_live_count (migration 0007)
 * instead of a scan of every matching product (22,500 at the large bench scale).
 */
function statusOnly(filter: ProductFilter): boolean {
  return (
    !filter.q &&
    !filter.id?.length &&
    !filter.collection_id?.length &&
    !filter.type_id?.length &&
    !filter.price_list_id?.length &&
    filter.title === undefined &&
    filter.description === undefined &&
    filter.handle === undefined &&
    filter.is_giftcard === undefined &&
    filter.created_at === undefined &&
    filter.updated_at === undefined &&
    filter.deleted_at === undefined
  );
}

/** Live products with one of these statuses (any status when none is given), from the counters. */
function countByStatus(executor: Executor, statuses: readonly ProductStatus[] | undefined) {
  let query = executor.selectFrom("product_live_count").select(sql<number>`COALESCE(sum(n), 0)`.as("count"));
  if (statuses?.length) query = query.where("status", "=", sql<ProductStatus>`ANY(${[...statuses]}::text[])`);
  return query;
}

export interface ProductPage {
  offset: number;
  /** 0 means no limit, as v1. */
  limit: number;
  order: OrderBy;
}

/** Which prices of a variant to load. */
export type PriceScope =
  /** every price, list prices included (the raw `prices` relation) */
  | { kind: "all" }
  /** prices outside any list only */
  | { kind: "plain" }
  /** prices outside any list plus the prices of these lists (a price list's products view) */
  | { kind: "plain-and-lists"; priceListIds: readonly string[] };

/**
 * The editable columns of a variant (all but its product, metadata and timestamps), written
 * whole by updateVariants(), and its metadata update (merged into the stored object by the
 * UPDATE itself; undefined leaves it as is).
 */
export type VariantUpdate = VariantColumns & { metadata: MetadataPatch | undefined };
export type VariantColumns = Pick<ProductVariantRow, Exclude<VariantColumn, "product_id" | "metadata" | "created_at" | "updated_at" | "deleted_at">>;

/** A price with its list's columns (`price_list`, or null for a price outside any list). */
export type MoneyAmountWithList = MoneyAmountRow & { price_list: PriceListRow | null };

export class ProductsRepository {
  constructor(private readonly db: Database) {}

  // ------------------------------------------------------------ reads

  /** One page of live products and the total count, in two queries. */
  async listProducts(filter: ProductFilter, page: ProductPage, executor: Executor = this.db): Promise<{ rows: ProductRow[]; count: number }> {
    if (filter.tags?.length || filter.category_id?.length) return { rows: [], count: 0 };
    let base = executor.selectFrom("product").where("product.deleted_at", "is", null);
    if (filter.id?.length) base = base.where("product.id", "=", anyText(filter.id));
    if (filter.status?.length) base = base.where("product.status", "=", sql<ProductStatus>`ANY(${[...filter.status]}::text[])`);
    if (filter.collection_id?.length) base = base.where("product.collection_id", "=", anyText(filter.collection_id));
    if (filter.type_id?.length) base = base.where("product.type_id", "=", anyText(filter.type_id));
    if (filter.title !== undefined) base = base.where("product.title", "=", filter.title);
    if (filter.description !== undefined) base = base.where("product.description", "=", filter.description);
    if (filter.handle !== undefined) base = base.where("product.handle", "=", filter.handle);
    if (filter.is_giftcard !== undefined) base = base.where("product.is_giftcard", "=", filter.is_giftcard);
    base = whereDates(base, "product.created_at", filter.created_at ?? []);
    base = whereDates(base, "product.updated_at", filter.updated_at ?? []);
    base = whereDates(base, "product.deleted_at", filter.deleted_at ?? []);
    if (filter.price_list_id?.length) {
      const lists = filter.price_list_id;
      base = base.where(({ exists, selectFrom }) =>
        exists(
          selectFrom("product_variant as pv")
            .innerJoin("money_amount as ma", "ma.variant_id", "pv.id")
            .select(sql`1`.as("one"))
            .whereRef("pv.product_id", "=", "product.id")
            .where("ma.price_list_id", "=", anyText(lists)),
        ),
      );
    }
    if (filter.q) {
      // v1 searches product title and description and variant title and sku.
      const pattern = likePattern(filter.q);
      base = base.where((eb) =>
        eb.or([
          eb("product.title", "ilike", pattern),
          eb("product.description", "ilike", pattern),
          eb.exists(
            eb
              .selectFrom("product_variant as qv")
              .select(sql`1`.as("one"))
              .whereRef("qv.product_id", "=", "product.id")
              .where((v) => v.or([v("qv.title", "ilike", pattern), v("qv.sku", "ilike", pattern)])),
          ),
        ]),
      );
    }
    let rowsQuery = base
      // Named columns, not product.*: a prepared `*` fails ("cached plan must not change
      // result type") on instances still running when a migration adds a column.
      .select(productColumns.map((c) => `product.${c}` as const))
      .orderBy(sql.ref(`product.${page.order.column}`), page.order.direction)
      .orderBy("product.id", page.order.direction)
      .offset(page.offset);
    if (page.limit > 0) rowsQuery = rowsQuery.limit(page.limit);
    const countQuery = statusOnly(filter)
      ? countByStatus(executor, filter.status)
      : base.select((eb) => eb.fn.countAll<number>().as("count"));
    const [rows, total] = await Promise.all([rowsQuery.execute(), countQuery.execute()]);
    return { rows: rows as ProductRow[], count: Number((total[0] as { count: number } | undefined)?.count ?? 0) };
  }

  findProductById(id: string, executor: Executor = this.db): Promise<ProductRow | undefined> {
    return executor.selectFrom("product").selectAll().where("id", "=", id).where("deleted_at", "is", null).executeTakeFirst();
  }

  /** Live products among these ids, in no particular order (one query). */
  findProductsByIds(ids: readonly string[], executor: Executor = this.db): Promise<ProductRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return executor.selectFrom("product").selectAll().where("id", "=", anyText(ids)).where("deleted_at", "is", null).execute();
  }

  /** The variants of these products, each product's in v1 order (variant_rank, then age), in one query. */
  findVariantsByProductIds(productIds: readonly string[], executor: Executor = this.db): Promise<ProductVariantRow[]> {
    if (productIds.length === 0) return Promise.resolve([]);
    return executor
      .selectFrom("product_variant")
      .selectAll()
      .where("product_id", "=", anyText(productIds))
      .where("deleted_at", "is", null)
      .orderBy("product_id")
      .orderBy("variant_rank")
      .orderBy("created_at")
      .orderBy("id")
      .execute();
  }

  /** Full variants (every ProductVariant column) among these ids, in no particular order; unknown ids are skipped. */
  findVariantsByIds(ids: readonly string[], executor: Executor = this.db): Promise<ProductVariantRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return executor.selectFrom("product_variant").selectAll().where("id", "=", anyText(ids)).where("deleted_at", "is", null).execute();
  }

  findVariantById(id: string, executor: Executor = this.db, options: { publishedOnly?: boolean } = {}): Promise<ProductVariantRow | undefined> {
    let query = executor.selectFrom("product_variant").selectAll().where("id", "=", id).where("deleted_at", "is", null);
    if (options.publishedOnly) query = query.where("product_id", "in", publishedProductIds(executor));
    return query.executeTakeFirst();
  }

  /** Variants matching a store variants query (`ids`/`id`, `title`, `inventory_quantity`), oldest first. */
  listVariants(
    filter: { ids?: readonly string[]; title?: readonly string[]; inventoryQuantity?: ReadonlyArray<[DateOp | "=", number]>; publishedOnly?: boolean },
    page: { offset: number; limit: number },
    executor: Executor = this.db,
  ) {
    let query = executor.selectFrom("product_variant").selectAll().where("deleted_at", "is", null);
    if (filter.publishedOnly) query = query.where("product_id", "in", publishedProductIds(executor));
    if (filter.ids?.length) query = query.where("id", "=", anyText(filter.ids));
    if (filter.title?.length) query = query.where("title", "=", anyText(filter.title));
    for (const [op, value] of filter.inventoryQuantity ?? []) query = query.where("inventory_quantity", op, value);
    query = query.orderBy("created_at").orderBy("id").offset(page.offset);
    if (page.limit > 0) query = query.limit(page.limit);
    return query.execute();
  }

  /** Prices of these variants (one query), ordered by variant then age. */
  findPricesByVariantIds(variantIds: readonly string[], scope: PriceScope = { kind: "all" }, executor: Executor = this.db): Promise<MoneyAmountRow[]> {
    if (variantIds.length === 0) return Promise.resolve([]);
    let query = executor.selectFrom("money_amount").selectAll().where("variant_id", "=", anyText(variantIds)).where("deleted_at", "is", null);
    if (scope.kind === "plain") query = query.where("price_list_id", "is", null);
    if (scope.kind === "plain-and-lists") {
      const lists = [...scope.priceListIds];
      query = query.where((eb) => eb.or([eb("price_list_id", "is", null), eb("price_list_id", "=", anyText(lists))]));
    }
    return query.orderBy("variant_id").orderBy("created_at").orderBy("id").execute();
  }

  /**
   * Prices of these variants with their list's columns as `price_list` (null outside a
   * list), in one query: for views that show where a price comes from.
   */
  async findPricesWithListByVariantIds(
    variantIds: readonly string[],
    scope: PriceScope = { kind: "all" },
    executor: Executor = this.db,
  ): Promise<MoneyAmountWithList[]> {
    if (variantIds.length === 0) return [];
    let query = executor
      .selectFrom("money_amount as ma")
      .leftJoin("price_list as pl", "pl.id", "ma.price_list_id")
      .selectAll("ma")
      .select(priceListColumns.map((c) => `pl.${c} as pl_${c}` as const))
      .where("ma.variant_id", "=", anyText(variantIds))
      .where("ma.deleted_at", "is", null);
    if (scope.kind === "plain") query = query.where("ma.price_list_id", "is", null);
    if (scope.kind === "plain-and-lists") {
      const lists = [...scope.priceListIds];
      query = query.where((eb) => eb.or([eb("ma.price_list_id", "is", null), eb("ma.price_list_id", "=", anyText(lists))]));
    }
    const rows = await query.orderBy("ma.variant_id").orderBy("ma.created_at").orderBy("ma.id").execute();
    return rows.map((row) => {
      const r = row as unknown as Record<string, unknown>;
      const price: Record<string, unknown> = {};
      for (const key of Object.keys(r)) if (!key.startsWith("pl_")) price[key] = r[key];
      price.price_list = r.pl_id === null ? null : Object.fromEntries(priceListColumns.map((c) => [c, r[`pl_${c}`]]));
      return price as MoneyAmountWithList;
    });
  }

  // ------------------------------------------------------------ writes

  insertProduct(product: Insertable<ProductTable>, executor: Executor = this.db): Promise<ProductRow> {
    return executor.insertInto("product").values(product).returningAll().executeTakeFirstOrThrow();
  }

  async insertVariants(variants: Insertable<ProductVariantTable>[], executor: Executor = this.db): Promise<void> {
    if (variants.length) await executor.insertInto("product_variant").values(variants).execute();
  }

  async insertPrices(prices: Insertable<MoneyAmountTable>[], executor: Executor = this.db): Promise<void> {
    if (prices.length) await executor.insertInto("money_amount").values(prices).execute();
  }

  /** Writes columns and merges a metadata update in one statement (see mergedMetadata). */
  updateProduct(
    id: string,
    patch: Omit<Updateable<ProductTable>, "metadata" | "updated_at">,
    metadata: MetadataPatch | undefined,
    executor: Executor = this.db,
  ): Promise<ProductRow | undefined> {
    return executor
      .updateTable("product")
      .set({ ...patch, ...(metadata ? { metadata: mergedMetadata(metadata) } : {}), updated_at: sql<Date>`now()` })
      .where("id", "=", id)
      .where("deleted_at", "is", null)
      .returningAll()
      .executeTakeFirst();
  }

  /**
   * Writes whole variant rows (every editable column) in one statement, whatever their
   * number. Metadata is merged into the stored object here, as mergedMetadata does, so two
   * concurrent updates cannot lose each other's keys: `metadata_set` (null: no update)
   * written over it, the `metadata_unset` keys removed.
   */
  async updateVariants(rows: readonly VariantUpdate[], executor: Executor = this.db): Promise<void> {
    if (rows.length === 0) return;
    const records = rows.map(({ metadata, ...row }) => ({ ...row, metadata_set: metadata?.set ?? null, metadata_unset: metadata?.unset ?? [] }));
    await sql`
      UPDATE product_variant AS v SET
        title = u.title, sku = u.sku, barcode = u.barcode, ean = u.ean, upc = u.upc,
        variant_rank = u.variant_rank, inventory_quantity = u.inventory_quantity,
        allow_backorder = u.allow_backorder, manage_inventory = u.manage_inventory,
        hs_code = u.hs_code, origin_country = u.origin_country, mid_code = u.mid_code, material = u.material,
        weight = u.weight, length = u.length, height = u.height, width = u.width,
        metadata = CASE WHEN u.metadata_set IS NULL THEN v.metadata
          ELSE (coalesce(v.metadata, '{}'::jsonb) - u.metadata_unset) || u.metadata_set END,
        updated_at = now()
      FROM jsonb_to_recordset(${JSON.stringify(records)}::jsonb) AS u(
        id text, title text, sku text, barcode text, ean text, upc text, variant_rank int,
        inventory_quantity int, allow_backorder boolean, manage_inventory boolean, hs_code text,
        origin_country text, mid_code text, material text, weight int, length int, height int,
        width int, metadata_set jsonb, metadata_unset text[])
      WHERE v.id = u.id`.execute(executor);
  }

  /** Touches a product's updated_at (a variant of it changed). */
  async touchProduct(id: string, executor: Executor = this.db): Promise<void> {
    await executor.updateTable("product").set({ updated_at: sql<Date>`now()` }).where("id", "=", id).execute();
  }

  /**
   * Makes these variants' prices outside any list exactly `prices`: a price whose
   * `requested_id` is one of that variant's plain prices updates it in place, the others are
   * inserted, and plain prices not kept are deleted. Price-list prices are untouched.
   * Four statements whatever the number of prices.
   */
  async replacePlainPrices(
    variantIds: readonly string[],
    prices: ReadonlyArray<Insertable<MoneyAmountTable> & { id: string; variant_id: string; requested_id?: string }>,
    executor: Executor = this.db,
  ): Promise<void> {
    if (variantIds.length === 0) return;
    const existing = await executor
      .selectFrom("money_amount")
      .select(["id", "variant_id"])
      .where("variant_id", "=", anyText(variantIds))
      .where("price_list_id", "is", null)
      .execute();
    const owner = new Map(existing.map((p) => [p.id, p.variant_id]));
    const kept = new Map<string, (typeof prices)[number]>();
    const added: Insertable<MoneyAmountTable>[] = [];
    for (const { requested_id, ...price } of prices) {
      if (requested_id && owner.get(requested_id) === price.variant_id && !kept.has(requested_id)) kept.set(requested_id, { ...price, id: requested_id });
      else added.push(price);
    }
    const removed = existing.filter((p) => !kept.has(p.id)).map((p) => p.id);
    if (removed.length) await executor.deleteFrom("money_amount").where("id", "=", anyText(removed)).execute();
    const updates = [...kept.values()];
    if (updates.length) {
      await sql`
        UPDATE money_amount AS ma SET
          amount = u.amount, currency_code = u.currency_code, region_id = u.region_id,
          min_quantity = u.min_quantity, max_quantity = u.max_quantity, updated_at = now()
        FROM jsonb_to_recordset(${JSON.stringify(updates)}::jsonb)
          AS u(id text, amount int, currency_code text, region_id text, min_quantity int, max_quantity int)
        WHERE ma.id = u.id`.execute(executor);
    }
    await this.insertPrices(added, executor);
  }

  /** Hard-deletes variants and every price of theirs, price-list prices included. */
  async deleteVariants(variantIds: readonly string[], executor: Executor = this.db): Promise<void> {
    if (variantIds.length === 0) return;
    await executor.deleteFrom("money_amount").where("variant_id", "=", anyText(variantIds)).execute();
    await executor.deleteFrom("product_variant").where("id", "=", anyText(variantIds)).execute();
  }

  /** Hard-deletes a product, its variants and all their prices; false when it did not exist. */
  async deleteProduct(id: string, executor: Executor = this.db): Promise<boolean> {
    await executor
      .deleteFrom("money_amount")
      .where("variant_id", "in", (eb) => eb.selectFrom("product_variant").select("id").where("product_id", "=", id))
      .execute();
    const result = await executor.deleteFrom("product").where("id", "=", id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

/** Ids of the products the store shows. */
const publishedProductIds = (executor: Executor) =>
  executor.selectFrom("product").select("id").where("status", "=", "published").where("deleted_at", "is", null);
