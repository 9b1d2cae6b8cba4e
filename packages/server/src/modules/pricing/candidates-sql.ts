import type { PriceListColumn } from "@cohort/contract";
import { sql, type RawBuilder } from "kysely";
import type { MoneyAmountRow, PriceListRow, RegionRow } from "../../db/schema.js";
import { isoOf } from "../../shared/dates.js";

/**
 * The store's candidate search as SQL fragments that pricing owns, and the one decoder of
 * what they return. PricingRepository runs them alone (store variants); the store
 * catalogue embeds candidatesJson() in its page statement, so a product page is one round
 * trip (region, products, variants and candidate prices). Selection stays in code
 * (PricingService, selectPrice()).
 */

/** A row type whose timestamp columns arrive as ISO strings (see isoOf). */
export type WithIsoTimestamps<T, K extends keyof T> = Omit<T, K> & { [P in K]: null extends T[P] ? string | null : string };
type Stamps = "created_at" | "updated_at" | "deleted_at";

/** The price-list columns embedded in a candidate price. */
export type CandidatePriceList = WithIsoTimestamps<Pick<PriceListRow, PriceListColumn>, "starts_at" | "ends_at" | Stamps>;

/** A candidate price: a money amount with `price_list` (null outside a list). */
export type CandidatePrice = WithIsoTimestamps<MoneyAmountRow, Stamps> & { price_list: CandidatePriceList | null };

/** What pricing needs of a region. */
export type PricingRegion = Pick<RegionRow, "id" | "currency_code" | "tax_rate" | "automatic_taxes">;

/**
 * What a store response was built from, besides its URL: the catalogue version (migration
 * 0008) and the entitled lists (a digest of their ids), read in the same snapshot.
 */
export interface CatalogStamp {
  version: string;
  lists: string;
}

/** A timestamp column as isoOf() reads it. */
const utc = (column: string) => sql.raw(`(${column} AT TIME ZONE 'UTC')::text`);

/**
 * The price lists a shopper may see (v1's rules, with memberships' windows: docs/compatibility.md#timed-memberships-cohort-only), as the CTEs `entitled` and `lists`:
 * - the lists of the customer's groups (customer_group_customers (customer_id) →
 *   price_list_customer_groups (customer_group_id)), counting only memberships inside their
 *   window at now() (migration 0014), plus the lists without any group
 *   (price_list_without_groups, kept by triggers, migration 0007). An anonymous shopper
 *   (customer null) matches no membership: only the lists without groups;
 * - of those, the active, not deleted ones inside their window.
 * Starting from the entitled lists rather than from every price of the variants reads only
 * the prices the shopper may see: a variant priced in 1,000 lists of which 25 apply costs 25
 * index probes, not 1,000 rows read and filtered. The `LATERAL (… OFFSET 0)` subqueries keep
 * that plan (a probe per list): without them the planner, which cannot know that a variant
 * may have 1,000 list prices, sometimes read all the variants' prices and hash-joined them
 * to the lists (3.3 instead of 0.7 ms at the large bench scale).
 * The admin price explanation (pricing-insight) states these rules as reason codes: change
 * both together (pricing-insight/explain-vs-store.test.ts compares them on random data).
 */
export const shopperLists = (customerId: string | null) => sql`
  entitled AS MATERIALIZED (
    SELECT g.price_list_id AS id
    FROM customer_group_customers m
    JOIN price_list_customer_groups g ON g.customer_group_id = m.customer_group_id
    WHERE m.customer_id = ${customerId}::text
      AND (m.starts_at IS NULL OR m.starts_at <= now()) AND (m.expires_at IS NULL OR m.expires_at > now())
    UNION
    SELECT w.price_list_id FROM price_list_without_groups w
  ),
  lists AS MATERIALIZED (
    SELECT pl.id, pl.name, pl.description, pl.type, pl.status, pl.starts_at, pl.ends_at, pl.created_at, pl.updated_at
    FROM entitled e
    CROSS JOIN LATERAL (SELECT * FROM price_list p WHERE p.id = e.id OFFSET 0) pl
    WHERE pl.status = 'active' AND pl.deleted_at IS NULL
      AND (pl.starts_at IS NULL OR pl.starts_at < now())
      AND (pl.ends_at IS NULL OR pl.ends_at > now())
  )`;

/** The stamp's two columns, over the `lists` CTE. */
export const stampColumns = sql`
  (SELECT n FROM cohort_counter WHERE name = 'catalog')::text AS catalog_version,
  (SELECT coalesce(md5(string_agg(id, ',' ORDER BY id)), '') FROM lists) AS lists_key`;

/**
 * v1's region/currency match of a price `ma`: in the region or in the currency; with
 * neither known, every price matches. Both are SQL expressions of type text.
 */
const inRegionOrCurrency = (regionId: RawBuilder<string | null>, currencyCode: RawBuilder<string | null>) => sql`
  (ma.region_id = ${regionId} OR ma.currency_code = ${currencyCode}
    OR (${regionId} IS NULL AND ${currencyCode} IS NULL))`;

/** Whose candidates, for whom: SQL expressions, so a caller binds its values where it has them or computes them in its own statement. */
export interface CandidateSource {
  /** The variants, a `text[]` expression: a bound array, or `ARRAY(SELECT id FROM …)` of the caller's statement. */
  variantIds: RawBuilder<readonly string[]>;
  /** The region of the context (text, null for none). */
  regionId: RawBuilder<string | null>;
  /** The currency of the context (text, null for none); with a region, the region's. */
  currencyCode: RawBuilder<string | null>;
  /** The logged-in customer; null for an anonymous shopper. */
  customerId: string | null;
}

/** A price list as candidatesJson() sends it: its columns, timestamps as `utc()` text. */
interface ListJson {
  id: string;
  name: string;
  description: string;
  type: CandidatePriceList["type"];
  status: CandidatePriceList["status"];
  starts_at: string | null;
  ends_at: string | null;
  created_at: string;
  updated_at: string;
}

/** A candidate as candidatesJson() sends it: a live money amount, timestamps as `utc()` text. */
type PriceJson = Omit<CandidatePrice, "price_list" | "deleted_at">;

/**
 * The JSON value of candidatesJson(): the stamp read in the same snapshot, the shopper's
 * entitled lists (each once) and the candidate prices, grouped by variant, oldest first
 * (null when none). Decode it with decodeCandidates() only.
 */
export interface CandidatesJson {
  version: string;
  lists_key: string;
  lists: ListJson[] | null;
  prices: PriceJson[] | null;
}

/**
 * The candidate prices of a set of variants for a shopper, as ONE JSON value (a scalar
 * subquery, so it fits in any SELECT list; see CandidatesJson): the variants' plain prices
 * in the region or currency (money_amount (variant_id, price_list_id)) and their prices in
 * the shopper's lists (money_amount (price_list_id, variant_id)). Grouped by variant,
 * oldest first: that order is the "DB order" selection walks, so ties resolve the same way
 * on every call. The stamp comes with them, read in the same snapshot.
 */
export function candidatesJson(source: CandidateSource): RawBuilder<CandidatesJson> {
  const { variantIds, regionId, currencyCode, customerId } = source;
  return sql<CandidatesJson>`(
    WITH ${shopperLists(customerId)},
    prices AS (
      SELECT ma.* FROM money_amount ma
      WHERE ma.variant_id = ANY(${variantIds}) AND ma.price_list_id IS NULL AND ma.deleted_at IS NULL
        AND ${inRegionOrCurrency(regionId, currencyCode)}
      UNION ALL
      SELECT ma.*
      FROM lists pl
      CROSS JOIN LATERAL (
        SELECT * FROM money_amount m WHERE m.price_list_id = pl.id AND m.variant_id = ANY(${variantIds}) OFFSET 0
      ) ma
      WHERE ma.deleted_at IS NULL AND ${inRegionOrCurrency(regionId, currencyCode)}
    ),
    stamp AS (SELECT ${stampColumns})
    SELECT json_build_object(
      'version', (SELECT catalog_version FROM stamp),
      'lists_key', (SELECT lists_key FROM stamp),
      'lists', (SELECT json_agg(json_build_object('id', l.id, 'name', l.name, 'description', l.description,
          'type', l.type, 'status', l.status, 'starts_at', ${utc("l.starts_at")}, 'ends_at', ${utc("l.ends_at")},
          'created_at', ${utc("l.created_at")}, 'updated_at', ${utc("l.updated_at")})) FROM lists l),
      'prices', (SELECT json_agg(json_build_object('id', p.id, 'currency_code', p.currency_code, 'amount', p.amount,
          'min_quantity', p.min_quantity, 'max_quantity', p.max_quantity, 'price_list_id', p.price_list_id,
          'region_id', p.region_id, 'variant_id', p.variant_id,
          'created_at', ${utc("p.created_at")}, 'updated_at', ${utc("p.updated_at")})
          ORDER BY p.variant_id, p.created_at, p.id) FROM prices p)
    )
  )`;
}

/**
 * candidatesJson()'s value → the candidate prices (in its order, sharing one `price_list`
 * object per list, timestamps in ISO, `deleted_at` null: deleted prices are no candidates)
 * and the stamp they were read at.
 */
export function decodeCandidates(json: CandidatesJson): { candidates: CandidatePrice[]; stamp: CatalogStamp } {
  const lists = new Map<string, CandidatePriceList>();
  for (const list of json.lists ?? []) {
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
  const candidates: CandidatePrice[] = (json.prices ?? []).map((p) => ({
    id: p.id,
    currency_code: p.currency_code,
    amount: p.amount,
    min_quantity: p.min_quantity,
    max_quantity: p.max_quantity,
    price_list_id: p.price_list_id,
    region_id: p.region_id,
    variant_id: p.variant_id,
    created_at: isoOf(p.created_at)!,
    updated_at: isoOf(p.updated_at)!,
    deleted_at: null,
    price_list: p.price_list_id === null ? null : lists.get(p.price_list_id)!,
  }));
  return { candidates, stamp: { version: json.version, lists: json.lists_key } };
}
