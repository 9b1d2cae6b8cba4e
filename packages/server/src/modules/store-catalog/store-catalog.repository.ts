import { productColumns, variantColumns } from "@cohort/contract";
import { sql, type RawBuilder } from "kysely";
import type { Database } from "../../db/database.js";
import type { ProductRow, ProductVariantRow } from "../../db/schema.js";
import type { PricingRegion, WithIsoTimestamps } from "../pricing/candidates-sql.js";

type Stamps = "created_at" | "updated_at" | "deleted_at";
export type CatalogProduct = WithIsoTimestamps<ProductRow, Stamps>;
export type CatalogVariant = WithIsoTimestamps<ProductVariantRow, Stamps>;

export interface CatalogPage {
  /** The region asked for, or null when none was asked for or it does not exist. */
  region: PricingRegion | null;
  /** The live products among the ids (when asked for), in no particular order. */
  products: CatalogProduct[];
  /** Their live variants, each product's in v1 order. */
  variants: CatalogVariant[];
}

const STAMPS: readonly string[] = ["created_at", "updated_at", "deleted_at"] satisfies Stamps[];
/** A table's columns but its timestamps, which rowJson() sends as ISO strings. */
const unstamped = (columns: readonly string[]) => columns.filter((c) => !STAMPS.includes(c));
const PRODUCT_COLUMNS = unstamped(productColumns);
const VARIANT_COLUMNS = unstamped(variantColumns);

/**
 * `json_build_object` of a row's columns, its timestamps as v1's ISO strings. Built in
 * PostgreSQL: one JSON value per relation parses far faster in Node than rows of typed
 * columns (no Date objects made only to be printed again).
 */
const rowJson = (alias: string, columns: readonly string[]) =>
  sql.raw(
    `json_build_object(${[
      ...columns.map((c) => `'${c}', ${alias}.${c}`),
      ...STAMPS.map((c) => `'${c}', to_char(${alias}.${c} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`),
    ].join(", ")})`,
  );

/** The store catalogue's reads. */
export class StoreCatalogRepository {
  constructor(private readonly db: Database) {}

  /**
   * A page of the catalogue in one round trip (one row of three JSON columns): the region
   * asked for, the products (withProducts) and their variants.
   */
  async page(request: { productIds: readonly string[]; regionId: string | null; withProducts: boolean }): Promise<CatalogPage> {
    const { productIds, regionId, withProducts } = request;
    // `= $1` for one product (a product page): PostgreSQL estimates it as one row both for
    // the actual id and for any id, so it settles on a generic plan; with `= ANY($1)` the
    // generic plan assumes ten ids, looks dearer, and every call was planned afresh.
    const ofProducts = (column: RawBuilder<unknown>): RawBuilder<unknown> =>
      productIds.length === 1 ? sql`${column} = ${productIds[0]}::text` : sql`${column} = ANY(${productIds}::text[])`;
    const region = regionId === null
      ? sql`NULL::json`
      : sql`(SELECT json_build_object('id', id, 'currency_code', currency_code, 'tax_rate', tax_rate, 'automatic_taxes', automatic_taxes)
          FROM region WHERE id = ${regionId}::text AND deleted_at IS NULL)`;
    const products = withProducts
      ? sql`(SELECT json_agg(${rowJson("p", PRODUCT_COLUMNS)}) FROM product p WHERE ${ofProducts(sql.raw("p.id"))} AND p.deleted_at IS NULL)`
      : sql`NULL::json`;
    const { rows } = await sql<{ region: PricingRegion | null; products: CatalogProduct[] | null; variants: CatalogVariant[] | null }>`
      SELECT ${region} AS region, ${products} AS products,
        (SELECT json_agg(${rowJson("v", VARIANT_COLUMNS)} ORDER BY v.product_id, v.variant_rank, v.created_at, v.id)
          FROM product_variant v WHERE ${ofProducts(sql.raw("v.product_id"))} AND v.deleted_at IS NULL) AS variants`.execute(this.db);
    const row = rows[0]!;
    return { region: row.region, products: row.products ?? [], variants: row.variants ?? [] };
  }
}
