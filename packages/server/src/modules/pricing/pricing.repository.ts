import { productColumns, variantColumns, type PriceListColumn } from "@cohort/contract";
import { CompiledQuery } from "kysely";
import type { Database } from "../../db/database.js";
import type { MoneyAmountRow, PriceListRow, ProductRow, ProductVariantRow, RegionRow } from "../../db/schema.js";

/** A row type whose timestamp columns arrive as ISO strings (see ISO_8601_UTC). */
export type WithIsoTimestamps<T, K extends keyof T> = Omit<T, K> & { [P in K]: null extends T[P] ? string | null : string };
type Stamps = "created_at" | "updated_at" | "deleted_at";

/** The price-list columns embedded in a candidate price. */
export type CandidatePriceList = WithIsoTimestamps<
  Pick<PriceListRow, PriceListColumn>,
  "starts_at" | "ends_at" | Stamps
>;

/** A candidate price: a money amount with `price_list` (null outside a list). */
export type CandidatePrice = WithIsoTimestamps<MoneyAmountRow, Stamps> & { price_list: CandidatePriceList | null };

export type CatalogProduct = WithIsoTimestamps<ProductRow, Stamps>;
export type CatalogVariant = WithIsoTimestamps<ProductVariantRow, Stamps>;
/** What pricing needs of a region. */
export type PricingRegion = Pick<RegionRow, "id" | "currency_code" | "tax_rate" | "automatic_taxes">;

export interface CandidateFilter {
  variantIds: readonly string[];
  /** The region of the context; its currency must be passed as currencyCode too. */
  regionId: string | null;
  currencyCode: string | null;
  /** The logged-in customer; null for an anonymous shopper. */
  customerId: string | null;
}

export interface CatalogRequest {
  /** Products whose variants (and, with withProducts, rows) to load. */
  productIds: readonly string[];
  /** The region asked for; its currency replaces currencyCode. */
  regionId: string | null;
  /** The currency asked for, used when there is no region. */
  currencyCode: string | null;
  customerId: string | null;
  withProducts: boolean;
  withPrices: boolean;
}

export interface CatalogBundle {
  /** The region, or null when none was asked for or it does not exist. */
  region: PricingRegion | null;
  /** The live products among productIds, when withProducts (in no particular order). */
  products: CatalogProduct[];
  /** Their live variants, each product's in v1 order. */
  variants: CatalogVariant[];
  /** The candidate prices of those variants (withPrices), grouped by variant. */
  candidates: CandidatePrice[];
  /** What the prices were computed from (withPrices; without, lists are not read). */
  stamp: CatalogStamp | null;
}

/**
 * Timestamps leave PostgreSQL as `(ts AT TIME ZONE 'UTC')::text` (`2024-01-01 10:00:00.12`,
 * whatever the session's TimeZone) and become the ISO strings v1 serialises
 * (`2024-01-01T10:00:00.120Z`) in isoOf. Parsing them into Date objects only to print them
 * again cost more than the rest of the query; `to_char` cost ~1 µs of PostgreSQL CPU per
 * value (780 of them per product page, half the query), the text cast a quarter of that.
 */
const utc = (column: string) => `(${column} AT TIME ZONE 'UTC')::text`;

/** A UTC `timestamp::text` (DateStyle ISO) → ISO 8601 with milliseconds and `Z`. */
export function isoOf(text: string | null): string | null {
  if (text === null) return null;
  if (text.length >= 19 && text.length <= 23 && text.charCodeAt(10) === 32 && text.charCodeAt(text.length - 1) <= 57) {
    const stamp = `${text.slice(0, 10)}T${text.slice(11)}`;
    return stamp.length === 19 ? `${stamp}.000Z` : `${stamp.padEnd(23, "0")}Z`;
  }
  // Outside years 0000–9999 (or BC) there is no v1 form to match; never fail a request on it.
  const date = new Date(`${text.replace(" ", "T")}Z`);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

/** What the SQL sends of a price list: its columns, timestamps as `utc()` text. */
type ListJson = Omit<CandidatePriceList, "deleted_at">;

/**
 * The lists whose prices the shopper may see (contract §7.2), with `customer` the customer
 * parameter and `enabled` a boolean expression gating the whole search:
 * - the lists of the customer's groups (customer_group_customers (customer_id) →
 *   price_list_customer_groups (customer_group_id)), plus the lists without any group
 *   (price_list_without_groups, kept by triggers, migration 0007; anonymous: only those);
 *   counting only memberships inside their window at now() (migration 0014: a filter on the
 *   membership row the key probe already reads, free when the window is null);
 * - active, not deleted and inside their window.
 * Starting from the entitled lists rather than from every price of the variants reads only
 * the prices the shopper may see: a variant priced in 1,000 lists of which 25 apply costs
 * 25 index probes, not 1,000 rows read and filtered. The `LATERAL (… OFFSET 0)` subqueries
 * keep that plan (a probe per list): without them the planner, which cannot know that a
 * variant may have 1,000 list prices, sometimes chose to read all the variants' prices and
 * hash-join them to the lists (3.3 instead of 0.7 ms at the large bench scale).
 * The admin price explanation (pricing-insight) states these rules as reason codes: change
 * both together (pricing-insight/explain-vs-store.test.ts compares them on random data).
 */
const listCtes = (enabled: string, customer = "$4::text") => `
entitled AS MATERIALIZED (
  SELECT g.price_list_id AS id
  FROM customer_group_customers m
  JOIN price_list_customer_groups g ON g.customer_group_id = m.customer_group_id
  WHERE ${enabled} AND m.customer_id = ${customer}
    AND (m.starts_at IS NULL OR m.starts_at <= now()) AND (m.expires_at IS NULL OR m.expires_at > now())
  UNION
  SELECT w.price_list_id FROM price_list_without_groups w WHERE ${enabled}
), lists AS MATERIALIZED (
  SELECT pl.id, pl.name, pl.description, pl.type, pl.status, ${utc("pl.starts_at")} AS starts_at,
    ${utc("pl.ends_at")} AS ends_at, ${utc("pl.created_at")} AS created_at, ${utc("pl.updated_at")} AS updated_at
  FROM entitled e
  CROSS JOIN LATERAL (SELECT * FROM price_list p WHERE p.id = e.id OFFSET 0) pl
  WHERE pl.status = 'active' AND pl.deleted_at IS NULL
    AND (pl.starts_at IS NULL OR pl.starts_at < now())
    AND (pl.ends_at IS NULL OR pl.ends_at > now())
)`;

/**
 * What a store response was built from, besides its URL: the catalogue version (migration
 * 0008) and the entitled lists (a digest of their ids), read in the same snapshot.
 */
export interface CatalogStamp {
  version: string;
  lists: string;
}
const STAMP_COLUMNS = `(SELECT n FROM cohort_counter WHERE name = 'catalog')::text AS catalog_version,
    (SELECT coalesce(md5(string_agg(id, ',' ORDER BY id)), '') FROM lists) AS lists_key`;
const STAMP_SQL = `WITH ${listCtes("true", "$1::text")} SELECT ${STAMP_COLUMNS}`;

/** Candidate columns (`deleted_at` is null: deleted prices are no candidates), plus the sort key. */
const CANDIDATE_COLUMNS = `ma.id, ma.currency_code, ma.amount, ma.min_quantity, ma.max_quantity, ma.price_list_id,
  ma.region_id, ma.variant_id, ${utc("ma.created_at")} AS created_at, ${utc("ma.updated_at")} AS updated_at,
  ma.created_at AS sort_at`;

/** Region/currency (§7.2): `region_id = $2 OR currency_code = currency`; no filter when neither is known. */
const regionCondition = (currency: string) =>
  `ma.deleted_at IS NULL AND (($2::text IS NULL AND ${currency} IS NULL) OR ma.region_id = $2::text OR ma.currency_code = ${currency})`;

/**
 * The candidate prices of the variants in `variantIds` (an array expression): their plain
 * prices (money_amount (variant_id, price_list_id) with price_list_id IS NULL) and their
 * prices in the entitled lists (money_amount (price_list_id, variant_id)).
 */
const candidateSelects = (leading: string, variantIds: string, currency: string) => `
SELECT ${leading} ${CANDIDATE_COLUMNS}
FROM money_amount ma
WHERE ma.variant_id = ANY(${variantIds}) AND ma.price_list_id IS NULL AND ${regionCondition(currency)}
UNION ALL
SELECT ${leading} ${CANDIDATE_COLUMNS}
FROM lists pl
CROSS JOIN LATERAL (
  SELECT * FROM money_amount m WHERE m.price_list_id = pl.id AND m.variant_id = ANY(${variantIds}) OFFSET 0
) ma
WHERE ${regionCondition(currency)}`;

/** The header row's candidate columns, all null. */
const NULL_CANDIDATE = `NULL::text AS id, NULL::text AS currency_code, NULL::integer AS amount, NULL::integer AS min_quantity,
    NULL::integer AS max_quantity, NULL::text AS price_list_id, NULL::text AS region_id, NULL::text AS variant_id,
    NULL::text AS created_at, NULL::text AS updated_at, NULL::timestamptz AS sort_at`;
const CANDIDATE_OUTPUT = "id, currency_code, amount, min_quantity, max_quantity, price_list_id, region_id, variant_id, created_at, updated_at";

/**
 * The candidate prices of a set of variants ($1) for the shopper ($2 region, $3 currency,
 * $4 customer): a header row (kind 0) with the entitled lists as JSON, then one row per
 * candidate (kind 1), grouped by variant, oldest first: that order is the "DB order"
 * selection walks, so ties resolve the same way on every call.
 */
const CANDIDATES_SQL = `
WITH ${listCtes("true")}
SELECT kind, lists_json, ${CANDIDATE_OUTPUT}
FROM (
  SELECT 0 AS kind, (SELECT json_agg(lists) FROM lists) AS lists_json, ${NULL_CANDIDATE}
  UNION ALL
  ${candidateSelects("1, NULL::json,", "$1::text[]", "$3::text")}
) u
ORDER BY kind, variant_id, sort_at, id`;

const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const json = (alias: string, columns: readonly string[], stamps: readonly string[]) =>
  `json_build_object(${[...columns.map((c) => `'${c}', ${alias}.${c}`), ...stamps.map((c) => `'${c}', ${iso(`${alias}.${c}`)}`)].join(", ")})`;

const STAMPS: readonly string[] = ["created_at", "updated_at", "deleted_at"] satisfies Stamps[];
/** A table's columns but its timestamps, which json() sends as ISO strings. */
const unstamped = (columns: readonly string[]) => columns.filter((c) => !STAMPS.includes(c));

const PRODUCT_JSON = json("p", unstamped(productColumns), STAMPS);
const VARIANT_COLUMNS = unstamped(variantColumns);
const VARIANT_JSON = json("v", VARIANT_COLUMNS, STAMPS);

/**
 * Everything a store product page needs, in ONE round trip ($1 product ids, $2 region,
 * $3 currency, $4 customer, $5 with products, $6 with prices): a header row (kind 0) with
 * the region, the products, their variants and the entitled lists as JSON, then one row
 * per candidate price (kind 1) of those variants, priced in the region's currency (else
 * $3), in selection order (see CANDIDATES_SQL). On this machine a round trip costs more
 * CPU than anything else a request does, and this replaces four.
 */
const catalogSql = (products: string) => `
WITH region_ctx AS MATERIALIZED (
  SELECT id, currency_code, tax_rate, automatic_taxes FROM region WHERE id = $2::text AND deleted_at IS NULL
), variants AS MATERIALIZED (
  SELECT ${VARIANT_COLUMNS.join(", ")}, created_at, updated_at, deleted_at
  FROM product_variant WHERE product_id = ${products} AND deleted_at IS NULL
), ${listCtes("$6::boolean")}
SELECT kind, region_json, products_json, variants_json, lists_json, catalog_version, lists_key, ${CANDIDATE_OUTPUT}
FROM (
  SELECT 0 AS kind,
    (SELECT row_to_json(region_ctx) FROM region_ctx) AS region_json,
    CASE WHEN $5::boolean THEN (SELECT json_agg(${PRODUCT_JSON}) FROM product p WHERE p.id = ${products} AND p.deleted_at IS NULL) END AS products_json,
    (SELECT json_agg(${VARIANT_JSON} ORDER BY v.product_id, v.variant_rank, v.created_at, v.id) FROM variants v) AS variants_json,
    (SELECT json_agg(lists) FROM lists) AS lists_json,
    ${STAMP_COLUMNS},
    ${NULL_CANDIDATE}
  UNION ALL
  SELECT * FROM (${candidateSelects(
    "1, NULL::json, NULL::json, NULL::json, NULL::json, NULL::text, NULL::text,",
    "ARRAY(SELECT id FROM variants)",
    "COALESCE((SELECT currency_code FROM region_ctx), $3::text)",
  )}) c
  WHERE $6::boolean
) u
ORDER BY kind, variant_id, sort_at, id`;
const CATALOG_SQL = catalogSql("ANY($1::text[])");
/**
 * The same for one product (a product page). `= ($1)[1]` is estimated as one value both
 * when the plan is made for the actual id and for any id, so PostgreSQL settles on a
 * generic plan after five calls; with `= ANY($1)` a generic plan assumes ten ids, looks
 * dearer, and every call was planned afresh (~1 ms of PostgreSQL CPU at the large scale).
 */
const CATALOG_ONE_SQL = catalogSql("($1::text[])[1]");

type CandidateRow = Omit<CandidatePrice, "price_list" | "deleted_at"> & { kind: 0 | 1; lists_json: ListJson[] | null };

type CatalogRow = CandidateRow & {
  catalog_version: string | null;
  lists_key: string | null;
  region_json: PricingRegion | null;
  products_json: CatalogProduct[] | null;
  variants_json: CatalogVariant[] | null;
};

/**
 * The rows of CANDIDATES_SQL or CATALOG_SQL (header first) → prices sharing one
 * `price_list` object per list, timestamps in ISO.
 */
function toCandidates(rows: readonly CandidateRow[]): CandidatePrice[] {
  const lists = new Map<string, CandidatePriceList>();
  for (const list of rows[0]?.lists_json ?? []) {
    lists.set(list.id, {
      id: list.id,
      name: list.name,
      description: list.description,
      type: list.type,
      status: list.status,
      starts_at: isoOf(list.starts_at),
      ends_at: isoOf(list.ends_at),
      created_at: isoOf(list.created_at)!,
      updated_at: isoOf(list.updated_at)!,
      deleted_at: null,
    });
  }
  const out: CandidatePrice[] = [];
  for (let i = 1; i < rows.length; i++) {
    const row = rows[i]!;
    out.push({
      id: row.id,
      currency_code: row.currency_code,
      amount: row.amount,
      min_quantity: row.min_quantity,
      max_quantity: row.max_quantity,
      price_list_id: row.price_list_id,
      region_id: row.region_id,
      variant_id: row.variant_id,
      created_at: isoOf(row.created_at)!,
      updated_at: isoOf(row.updated_at)!,
      deleted_at: null,
      price_list: row.price_list_id === null ? null : lists.get(row.price_list_id)!,
    });
  }
  return out;
}

/** The store's pricing reads: hand-written SQL, sent as prepared statements (see preparingPool). */
export class PricingRepository {
  constructor(private readonly db: Database) {}

  private async rows<R>(text: string, values: unknown[]): Promise<R[]> {
    return (await this.db.executeQuery(CompiledQuery.raw(text, values) as CompiledQuery<R>)).rows;
  }

  /** The current catalogue stamp for this shopper (one small query); see CatalogStamp. */
  async stamp(customerId: string | null): Promise<CatalogStamp> {
    const rows = await this.rows<{ catalog_version: string; lists_key: string }>(STAMP_SQL, [customerId]);
    return { version: rows[0]!.catalog_version, lists: rows[0]!.lists_key };
  }

  /** Candidate prices of these variants for this shopper (one query); see CANDIDATES_SQL. */
  async candidates(filter: CandidateFilter): Promise<CandidatePrice[]> {
    if (filter.variantIds.length === 0) return [];
    return toCandidates(await this.rows<CandidateRow>(CANDIDATES_SQL, [filter.variantIds, filter.regionId, filter.currencyCode, filter.customerId]));
  }

  /** Region, products, variants and candidate prices of a product page, in one query; see CATALOG_SQL. */
  async catalog(request: CatalogRequest): Promise<CatalogBundle> {
    const rows = await this.rows<CatalogRow>(request.productIds.length === 1 ? CATALOG_ONE_SQL : CATALOG_SQL, [
      request.productIds,
      request.regionId,
      request.currencyCode,
      request.customerId,
      request.withProducts,
      request.withPrices,
    ]);
    const header = rows[0];
    return {
      region: header?.region_json ?? null,
      products: header?.products_json ?? [],
      variants: header?.variants_json ?? [],
      candidates: toCandidates(rows),
      stamp: request.withPrices && header ? { version: header.catalog_version!, lists: header.lists_key! } : null,
    };
  }
}
