import { productColumns, variantColumns } from "@cohort/contract";
import { sql, type RawBuilder } from "kysely";
import type { Database } from "../../db/database.js";
import type { ProductRow, ProductVariantRow } from "../../db/schema.js";
import { candidatesJson, decodeCandidates, type CandidatePrice, type CandidatesJson, type CatalogStamp, type PricingRegion, type WithIsoTimestamps } from "../pricing/candidates-sql.js";

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
  /**
   * The variants' candidate prices for the shopper (withPrices; else null), grouped by
   * variant, and the stamp they were read at: pricing's candidate search (candidatesJson())
   * run over these very variants, for the region asked for (its currency) or, without one,
   * the currency asked for.
   */
  priced: { candidates: CandidatePrice[]; stamp: CatalogStamp } | null;
}

export interface PageRequest {
  productIds: readonly string[];
  /** The region asked for, or null. */
  regionId: string | null;
  /** The currency asked for (lower case), used only without a region. */
  currencyCode: string | null;
  /** The logged-in customer (whose lists price the page); null for an anonymous shopper. */
  customerId: string | null;
  /** Whether to read the product rows (a product page) or only their variants (a list, which has its rows). */
  withProducts: boolean;
  /** Whether to read the variants' candidate prices. */
  withPrices: boolean;
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
   * A page of the catalogue in one round trip (one row of four JSON columns): the region
   * asked for, the products (withProducts), their variants and (withPrices) the variants'
   * candidate prices. An unknown product or region still reads as such (null, empty): the
   * caller reports it before pricing.
   */
  async page(request: PageRequest): Promise<CatalogPage> {
    const { productIds, regionId, currencyCode, customerId, withProducts, withPrices } = request;
    // `= $1` for one product (a product page): PostgreSQL estimates it as one row both for
    // the actual id and for any id, so it settles on a generic plan; with `= ANY($1)` the
    // generic plan assumes ten ids, looks dearer, and every call was planned afresh.
    const ofProducts = (column: RawBuilder<unknown>): RawBuilder<unknown> =>
      productIds.length === 1 ? sql`${column} = ${productIds[0]}::text` : sql`${column} = ANY(${productIds}::text[])`;
    const region = regionId === null
      ? sql`NULL::json`
      : sql`(SELECT json_build_object('id', id, 'currency_code', currency_code, 'tax_rate', tax_rate, 'automatic_taxes', automatic_taxes) FROM page_region)`;
    const products = withProducts
      ? sql`(SELECT json_agg(${rowJson("p", PRODUCT_COLUMNS)}) FROM product p WHERE ${ofProducts(sql.raw("p.id"))} AND p.deleted_at IS NULL)`
      : sql`NULL::json`;
    // A region replaces the currency asked for by its own, as in v1; an unknown region prices
    // nothing that matters, as the caller answers 404.
    const candidates = withPrices
      ? candidatesJson({
          variantIds: sql`ARRAY(SELECT id FROM page_variants)`,
          regionId: regionId === null ? sql`NULL::text` : sql`(SELECT id FROM page_region)`,
          currencyCode: regionId === null ? sql`${currencyCode}::text` : sql`(SELECT currency_code FROM page_region)`,
          customerId,
        })
      : sql`NULL::json`;
    const { rows } = await sql<{ region: PricingRegion | null; products: CatalogProduct[] | null; variants: CatalogVariant[] | null; candidates: CandidatesJson | null }>`
      WITH page_region AS MATERIALIZED (
        SELECT id, currency_code, tax_rate, automatic_taxes FROM region WHERE id = ${regionId}::text AND deleted_at IS NULL
      ),
      page_variants AS MATERIALIZED (
        SELECT * FROM product_variant v WHERE ${ofProducts(sql.raw("v.product_id"))} AND v.deleted_at IS NULL
      )
      SELECT ${region} AS region, ${products} AS products,
        (SELECT json_agg(${rowJson("v", VARIANT_COLUMNS)} ORDER BY v.product_id, v.variant_rank, v.created_at, v.id) FROM page_variants v) AS variants,
        ${candidates} AS candidates`.execute(this.db);
    const row = rows[0]!;
    return {
      region: row.region,
      products: row.products ?? [],
      variants: row.variants ?? [],
      priced: row.candidates === null ? null : decodeCandidates(row.candidates),
    };
  }
}
