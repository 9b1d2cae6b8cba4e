import type { PriceListColumn } from "@cohort/contract";
import { sql } from "kysely";
import type { Database } from "../../db/database.js";
import type { MoneyAmountRow, PriceListRow, RegionRow } from "../../db/schema.js";
import { isoOf } from "../../shared/dates.js";

/** A row type whose timestamp columns arrive as ISO strings (see isoOf). */
export type WithIsoTimestamps<T, K extends keyof T> = Omit<T, K> & { [P in K]: null extends T[P] ? string | null : string };
type Stamps = "created_at" | "updated_at" | "deleted_at";

/** The price-list columns embedded in a candidate price. */
export type CandidatePriceList = WithIsoTimestamps<
  Pick<PriceListRow, PriceListColumn>,
  "starts_at" | "ends_at" | Stamps
>;

/** A candidate price: a money amount with `price_list` (null outside a list). */
export type CandidatePrice = WithIsoTimestamps<MoneyAmountRow, Stamps> & { price_list: CandidatePriceList | null };

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

/**
 * What a store response was built from, besides its URL: the catalogue version (migration
 * 0008) and the entitled lists (a digest of their ids), read in the same snapshot.
 */
export interface CatalogStamp {
  version: string;
  lists: string;
}

/**
 * The price lists a shopper may see (contract §7.2), as the CTEs `entitled` and `lists`:
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
const shopperLists = (customerId: string | null) => sql`
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
const stampColumns = sql`
  (SELECT n FROM cohort_counter WHERE name = 'catalog')::text AS catalog_version,
  (SELECT coalesce(md5(string_agg(id, ',' ORDER BY id)), '') FROM lists) AS lists_key`;

/**
 * §7.2's region/currency match of a price `ma`: in the region or in the currency; with
 * neither known, every price matches.
 */
const inRegionOrCurrency = (regionId: string | null, currencyCode: string | null) => sql`
  (ma.region_id = ${regionId}::text OR ma.currency_code = ${currencyCode}::text
    OR (${regionId}::text IS NULL AND ${currencyCode}::text IS NULL))`;

/** A row of the candidates query: the stamp, then a price and its list's columns (all null when there is no candidate). */
interface CandidateRow {
  catalog_version: string;
  lists_key: string;
  id: string | null;
  currency_code: string;
  amount: number;
  min_quantity: number | null;
  max_quantity: number | null;
  price_list_id: string | null;
  region_id: string | null;
  variant_id: string;
  created_at: string;
  updated_at: string;
  list_name: string;
  list_description: string;
  list_type: CandidatePriceList["type"];
  list_status: CandidatePriceList["status"];
  list_starts_at: string | null;
  list_ends_at: string | null;
  list_created_at: string;
  list_updated_at: string;
}

/** The store's pricing reads: hand-written SQL (sent as named prepared statements, see db/preparing-pool.ts). */
export class PricingRepository {
  constructor(private readonly db: Database) {}

  /** The current catalogue stamp for this shopper (one small query); see CatalogStamp. */
  async stamp(customerId: string | null): Promise<CatalogStamp> {
    const { rows } = await sql<{ catalog_version: string; lists_key: string }>`
      WITH ${shopperLists(customerId)}
      SELECT ${stampColumns}`.execute(this.db);
    return { version: rows[0]!.catalog_version, lists: rows[0]!.lists_key };
  }

  /**
   * The candidate prices of these variants for this shopper, and the stamp they were read
   * at, in one query: the variants' plain prices in the region or currency (money_amount
   * (variant_id, price_list_id)) and their prices in the shopper's lists (money_amount
   * (price_list_id, variant_id)). Grouped by variant, oldest first: that order is the "DB
   * order" selection walks, so ties resolve the same way on every call.
   *
   * The stamp is joined to the prices (`LEFT JOIN … ON true`), so every row carries it and,
   * without any candidate, one row of nulls still does.
   */
  async candidates(filter: CandidateFilter): Promise<{ candidates: CandidatePrice[]; stamp: CatalogStamp }> {
    const { variantIds, regionId, currencyCode, customerId } = filter;
    const { rows } = await sql<CandidateRow>`
      WITH ${shopperLists(customerId)},
      prices AS (
        SELECT ma.*, NULL::text AS list_id
        FROM money_amount ma
        WHERE ma.variant_id = ANY(${variantIds}::text[]) AND ma.price_list_id IS NULL AND ma.deleted_at IS NULL
          AND ${inRegionOrCurrency(regionId, currencyCode)}
        UNION ALL
        SELECT ma.*, pl.id
        FROM lists pl
        CROSS JOIN LATERAL (
          SELECT * FROM money_amount m WHERE m.price_list_id = pl.id AND m.variant_id = ANY(${variantIds}::text[]) OFFSET 0
        ) ma
        WHERE ma.deleted_at IS NULL AND ${inRegionOrCurrency(regionId, currencyCode)}
      )
      SELECT s.catalog_version, s.lists_key,
        p.id, p.currency_code, p.amount, p.min_quantity, p.max_quantity, p.price_list_id, p.region_id, p.variant_id,
        (p.created_at AT TIME ZONE 'UTC')::text AS created_at, (p.updated_at AT TIME ZONE 'UTC')::text AS updated_at,
        l.name AS list_name, l.description AS list_description, l.type AS list_type, l.status AS list_status,
        (l.starts_at AT TIME ZONE 'UTC')::text AS list_starts_at, (l.ends_at AT TIME ZONE 'UTC')::text AS list_ends_at,
        (l.created_at AT TIME ZONE 'UTC')::text AS list_created_at, (l.updated_at AT TIME ZONE 'UTC')::text AS list_updated_at
      FROM (SELECT ${stampColumns}) s
      LEFT JOIN prices p ON true
      LEFT JOIN lists l ON l.id = p.list_id
      ORDER BY p.variant_id, p.created_at, p.id`.execute(this.db);
    return { candidates: toCandidates(rows), stamp: { version: rows[0]!.catalog_version, lists: rows[0]!.lists_key } };
  }
}

/** Candidate rows → prices sharing one `price_list` object per list, timestamps in ISO. */
function toCandidates(rows: readonly CandidateRow[]): CandidatePrice[] {
  const lists = new Map<string, CandidatePriceList>();
  const out: CandidatePrice[] = [];
  for (const row of rows) {
    if (row.id === null) continue;
    let list: CandidatePriceList | null = null;
    if (row.price_list_id !== null) {
      list = lists.get(row.price_list_id) ?? null;
      if (list === null) {
        list = {
          id: row.price_list_id,
          name: row.list_name,
          description: row.list_description,
          type: row.list_type,
          status: row.list_status,
          starts_at: isoOf(row.list_starts_at),
          ends_at: isoOf(row.list_ends_at),
          created_at: isoOf(row.list_created_at)!,
          updated_at: isoOf(row.list_updated_at)!,
          deleted_at: null,
        };
        lists.set(list.id, list);
      }
    }
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
      price_list: list,
    });
  }
  return out;
}
