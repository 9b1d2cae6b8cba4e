import { sql, type RawBuilder } from "kysely";
import type { Database } from "../../db/database.js";
import type { PricingRegion } from "../pricing/candidates-sql.js";

/** What an explanation checks exists, read in one statement. */
export interface ExplainSubjects {
  /** The time asked for (else the database's now()), as UTC `timestamp::text`. */
  at: string;
  /** The same instant in microseconds since 1970 (exact: a double holds every integer below 2^53). */
  at_us: number;
  /** The catalogue version (migration 0008) this statement saw. */
  catalog_version: string;
  variant_exists: boolean;
  region: PricingRegion | null;
  /** null when no customer was asked for. */
  customer_exists: boolean | null;
  /** The customer's groups (sorted), empty without a customer. */
  customer_groups: string[];
  /** The price lists having one of the shopper's groups (customer_groups, or the asked ones). */
  shopper_lists: string[];
  /** The first of the asked groups that does not exist. */
  missing_group: string | null;
}

/**
 * A price of the variant with everything about it that does not depend on the shopper or the
 * time asked for, so that it can be kept for a catalogue version (see VariantPricesCache).
 */
export interface VariantPriceRow {
  id: string;
  currency_code: string;
  amount: number;
  min_quantity: number | null;
  max_quantity: number | null;
  price_list_id: string | null;
  region_id: string | null;
  price_list_name: string | null;
  price_list_type: "sale" | "override" | null;
  price_list_status: "active" | "draft" | null;
  /** The list's window in microseconds since 1970 (±Infinity for PostgreSQL's infinities), null when open. */
  starts_us: number | null;
  ends_us: number | null;
  /** The list has no customer group (price_list_without_groups, as the store reads it). */
  public: boolean;
}

/** A variant's prices and the catalogue version they were read at, in one snapshot. */
export interface VariantPrices {
  /** null: the answer may not be kept. */
  version: string | null;
  rows: VariantPriceRow[];
}

export interface ImpactHeader {
  at: string;
  exists: boolean;
  active: boolean;
  public: boolean;
  customers_entitled: number;
  prices: number;
  variants_priced: number;
}

export interface ImpactKeyRow {
  currency_code: string;
  region_id: string | null;
  prices: number;
  variants_priced: number;
  variants_winning: number;
  mean_saving: string | null;
  max_saving: number | null;
  negative_discounts: number;
}

export interface NegativeDiscountRow {
  money_amount_id: string;
  variant_id: string;
  currency_code: string;
  region_id: string | null;
  min_quantity: number | null;
  max_quantity: number | null;
  amount: number;
  base_amount: number;
}

export interface UnpricedRow {
  variant_id: string;
  product_id: string;
  currency_code: string;
}

export interface ConflictRow {
  price_list_id: string;
  price_list_name: string;
  price_list_type: "sale" | "override";
  public: boolean;
  this_public: boolean;
  variant_id: string;
  currency_code: string;
  this_id: string;
  this_amount: number;
  this_region_id: string | null;
  this_min: number | null;
  this_max: number | null;
  other_id: string;
  other_amount: number;
  other_region_id: string | null;
  other_min: number | null;
  other_max: number | null;
  total: number;
}

/** `$at` (an ISO time or null) → the instant used: it, else the database's now(). */
const instant = (at: string | null) => sql`COALESCE(${at}::timestamptz, now())`;

/** An instant → UTC `timestamp::text`, full precision (see isoOf). */
const utcText = (at: string | null) => sql`(${instant(at)} AT TIME ZONE 'UTC')::text`;

/**
 * A timestamptz as microseconds since 1970, a float8 (exact for every instant before 2255;
 * PostgreSQL's infinities become ±Infinity), so that code compares windows exactly as SQL does.
 */
const microseconds = (t: string | RawBuilder<unknown>) =>
  sql`(extract(epoch FROM ${typeof t === "string" ? sql.raw(t) : t}) * 1000000)::float8`;

/** The list `pl` applies at time `t`: active, not deleted, inside its window (as the store's shopperLists). */
const listLive = (pl: string, t: string) =>
  sql.raw(`${pl}.status = 'active' AND ${pl}.deleted_at IS NULL
    AND (${pl}.starts_at IS NULL OR ${pl}.starts_at < ${t}) AND (${pl}.ends_at IS NULL OR ${pl}.ends_at > ${t})`);

/**
 * The membership `m` entitles its customer at time `t` (migration 0014; as the store's
 * shopperLists): inside its window, starts_at inclusive, expires_at exclusive.
 */
const membershipLive = (m: string, t: RawBuilder<unknown>) =>
  sql`(${sql.raw(m)}.starts_at IS NULL OR ${sql.raw(m)}.starts_at <= ${t}) AND (${sql.raw(m)}.expires_at IS NULL OR ${sql.raw(m)}.expires_at > ${t})`;

/**
 * Two memberships of one customer entitle at the same time, now or later (conflicts look
 * forward from now, as they do for the lists' own windows).
 */
const membershipsOverlap = (a: string, b: string) =>
  sql.raw(`GREATEST(COALESCE(${a}.starts_at, '-infinity'), COALESCE(${b}.starts_at, '-infinity'), now())
            < LEAST(COALESCE(${a}.expires_at, 'infinity'), COALESCE(${b}.expires_at, 'infinity'))`);

/**
 * The live variant of a price, probed by primary key: with a plain join the planner
 * hashed every variant of the large bench to keep a few (bench/README.md, "Measurements behind the code").
 */
const liveVariant = (price: string) =>
  sql.raw(`CROSS JOIN LATERAL (SELECT v.id, v.product_id FROM product_variant v WHERE v.id = ${price}.variant_id AND v.deleted_at IS NULL OFFSET 0) v`);

/** Reads for explaining prices and linting price lists; all set-based (no query per row). */
export class PricingInsightRepository {
  constructor(private readonly db: Database) {}

  async explainSubjects(input: {
    variantId: string;
    regionId: string | null;
    customerId: string | null;
    groupIds: readonly string[];
    at: string | null;
  }): Promise<ExplainSubjects> {
    // The shopper's groups: the customer's memberships live at `at`, or the hypothetical ones
    // (one of the two is empty), and the price lists having one of them.
    const { rows } = await sql<ExplainSubjects>`
      WITH member AS (
        SELECT m.customer_group_id AS id FROM customer_group_customers m
        WHERE m.customer_id = ${input.customerId}::text AND ${membershipLive("m", instant(input.at))}
      ),
      shopper AS (SELECT id FROM member UNION SELECT unnest(${input.groupIds}::text[]))
      SELECT ${utcText(input.at)} AS at, ${microseconds(instant(input.at))} AS at_us,
        (SELECT n FROM cohort_counter WHERE name = 'catalog')::text AS catalog_version,
        EXISTS (SELECT 1 FROM product_variant v WHERE v.id = ${input.variantId} AND v.deleted_at IS NULL) AS variant_exists,
        (SELECT row_to_json(r) FROM (
          SELECT id, currency_code, tax_rate, automatic_taxes FROM region WHERE id = ${input.regionId}::text AND deleted_at IS NULL
        ) r) AS region,
        CASE WHEN ${input.customerId}::text IS NULL THEN NULL
          ELSE EXISTS (SELECT 1 FROM customer c WHERE c.id = ${input.customerId}::text AND c.deleted_at IS NULL) END AS customer_exists,
        ARRAY(SELECT id FROM member ORDER BY 1) AS customer_groups,
        ARRAY(SELECT DISTINCT g.price_list_id FROM price_list_customer_groups g WHERE g.customer_group_id IN (SELECT id FROM shopper)) AS shopper_lists,
        (SELECT x.id FROM unnest(${input.groupIds}::text[]) WITH ORDINALITY x (id, n)
          WHERE NOT EXISTS (SELECT 1 FROM customer_group g WHERE g.id = x.id AND g.deleted_at IS NULL)
          ORDER BY x.n LIMIT 1) AS missing_group`.execute(this.db);
    return rows[0]!;
  }

  /**
   * Every live price of the variant, in the store's selection order (created_at, id), with
   * its list's state, and the catalogue version of the same snapshot (one
   * statement): what explain keeps per variant until the catalogue changes.
   */
  async variantPrices(variantId: string): Promise<VariantPrices> {
    const { rows } = await sql<VariantPriceRow & { catalog_version: string }>`
      SELECT ma.id, ma.currency_code, ma.amount, ma.min_quantity, ma.max_quantity, ma.price_list_id, ma.region_id,
        pl.name AS price_list_name, pl.type AS price_list_type, pl.status AS price_list_status,
        ${microseconds("pl.starts_at")} AS starts_us, ${microseconds("pl.ends_at")} AS ends_us,
        w.price_list_id IS NOT NULL AS public,
        (SELECT n FROM cohort_counter WHERE name = 'catalog')::text AS catalog_version
      FROM money_amount ma
      LEFT JOIN price_list pl ON pl.id = ma.price_list_id
      LEFT JOIN price_list_without_groups w ON w.price_list_id = ma.price_list_id
      WHERE ma.variant_id = ${variantId} AND ma.deleted_at IS NULL
        AND (ma.price_list_id IS NULL OR pl.deleted_at IS NULL)
      ORDER BY ma.created_at, ma.id`.execute(this.db);
    // Without a row there is no version read with the answer: not to be kept (it costs nothing to read again).
    if (rows.length === 0) return { version: null, rows: [] };
    return { version: rows[0]!.catalog_version, rows: rows.map(({ catalog_version: _, ...row }) => row) };
  }

  async priceListExists(priceListId: string): Promise<boolean> {
    const row = await this.db.selectFrom("price_list").select("id").where("id", "=", priceListId).where("deleted_at", "is", null).executeTakeFirst();
    return row !== undefined;
  }

  /** The list's audience and size; `exists` false when there is no such (live) list. */
  async impactHeader(priceListId: string, at: string | null): Promise<ImpactHeader> {
    const { rows } = await sql<ImpactHeader>`
      WITH t AS (SELECT ${instant(at)} AS at),
      l AS (SELECT pl.*, EXISTS (SELECT 1 FROM price_list_without_groups w WHERE w.price_list_id = pl.id) AS public
            FROM price_list pl WHERE pl.id = ${priceListId} AND pl.deleted_at IS NULL),
      priced AS MATERIALIZED (SELECT ma.variant_id FROM money_amount ma ${liveVariant("ma")}
            WHERE ma.price_list_id = ${priceListId} AND ma.deleted_at IS NULL)
      SELECT ${utcText(at)} AS at,
        EXISTS (SELECT 1 FROM l) AS exists,
        COALESCE((SELECT ${listLive("l", "t.at")} FROM l, t), false) AS active,
        COALESCE((SELECT public FROM l), false) AS public,
        CASE WHEN (SELECT public FROM l) THEN (SELECT count(*) FROM customer c WHERE c.deleted_at IS NULL)
          ELSE (SELECT count(DISTINCT m.customer_id) FROM price_list_customer_groups g
                JOIN customer_group_customers m ON m.customer_group_id = g.customer_group_id AND ${membershipLive("m", sql`(SELECT at FROM t)`)}
                JOIN customer c ON c.id = m.customer_id AND c.deleted_at IS NULL
                WHERE g.price_list_id = ${priceListId}) END::int AS customers_entitled,
        (SELECT count(*) FROM priced)::int AS prices,
        (SELECT count(DISTINCT variant_id) FROM priced)::int AS variants_priced`.execute(this.db);
    return rows[0]!;
  }

  /**
   * Per currency/region of the list's prices: counts, savings against the base price and
   * the variants where it wins, plus the negative discounts. A price's base is the
   * variant's plain price (no list, no quantity bounds) of its region, else of its
   * currency (one without a region first), oldest first. A price wins on the product page
   * (no quantity, so only prices without a min_quantity) when no competitor is lower, or
   * as low and older: the list's other prices, plain prices and active public lists at
   * `at`, in its currency or region.
   */
  async impactByCurrency(priceListId: string, at: string): Promise<{ keys: ImpactKeyRow[]; negative: NegativeDiscountRow[] }> {
    const based = sql`
      t AS (SELECT (${at}::timestamp AT TIME ZONE 'UTC') AS at),
      prices AS MATERIALIZED (
        SELECT ma.id, ma.variant_id, ma.currency_code, ma.region_id, ma.amount, ma.min_quantity, ma.max_quantity, ma.created_at,
          b.amount AS base_amount
        FROM money_amount ma
        ${liveVariant("ma")}
        LEFT JOIN LATERAL (
          SELECT b.amount FROM money_amount b
          WHERE b.variant_id = ma.variant_id AND b.price_list_id IS NULL AND b.deleted_at IS NULL
            AND b.min_quantity IS NULL AND b.max_quantity IS NULL
            AND (b.region_id = ma.region_id OR b.currency_code = ma.currency_code)
          ORDER BY (b.region_id IS NOT DISTINCT FROM ma.region_id) DESC, (b.region_id IS NULL) DESC, b.created_at, b.id
          LIMIT 1
        ) b ON true
        WHERE ma.price_list_id = ${priceListId} AND ma.deleted_at IS NULL
      )`;
    const keys = await sql<ImpactKeyRow>`
      WITH ${based},
      won AS (
        SELECT DISTINCT p.variant_id, p.currency_code, p.region_id FROM prices p, t
        WHERE COALESCE(p.min_quantity, 0) = 0 AND NOT EXISTS (
          SELECT 1 FROM money_amount c
          LEFT JOIN price_list cl ON cl.id = c.price_list_id
          WHERE c.variant_id = p.variant_id AND c.id <> p.id AND c.deleted_at IS NULL AND COALESCE(c.min_quantity, 0) = 0
            AND (c.currency_code = p.currency_code OR c.region_id = p.region_id)
            AND (c.amount < p.amount OR (c.amount = p.amount AND (c.created_at, c.id) < (p.created_at, p.id)))
            AND (c.price_list_id IS NULL OR c.price_list_id = ${priceListId} OR (
              ${listLive("cl", "t.at")}
              AND EXISTS (SELECT 1 FROM price_list_without_groups w WHERE w.price_list_id = cl.id)))
        )
      )
      SELECT p.currency_code, p.region_id, count(*)::int AS prices, count(DISTINCT p.variant_id)::int AS variants_priced,
        (SELECT count(*) FROM won w WHERE w.currency_code = p.currency_code AND w.region_id IS NOT DISTINCT FROM p.region_id)::int AS variants_winning,
        round(avg(p.base_amount - p.amount), 2)::text AS mean_saving,
        max(p.base_amount - p.amount)::int AS max_saving,
        count(*) FILTER (WHERE p.amount > p.base_amount)::int AS negative_discounts
      FROM prices p
      GROUP BY p.currency_code, p.region_id
      ORDER BY p.currency_code, p.region_id NULLS FIRST`.execute(this.db);
    const negative = await sql<NegativeDiscountRow>`
      WITH ${based}
      SELECT id AS money_amount_id, variant_id, currency_code, region_id, min_quantity, max_quantity, amount, base_amount
      FROM prices WHERE amount > base_amount
      ORDER BY variant_id, currency_code, region_id NULLS FIRST, id`.execute(this.db);
    return { keys: keys.rows, negative: negative.rows };
  }

  /** Live variants of the list's products without a list price in a currency the list prices. */
  async unpricedVariants(priceListId: string): Promise<UnpricedRow[]> {
    const { rows } = await sql<UnpricedRow>`
      WITH prices AS MATERIALIZED (
        SELECT ma.variant_id, ma.currency_code, v.product_id FROM money_amount ma
        ${liveVariant("ma")}
        WHERE ma.price_list_id = ${priceListId} AND ma.deleted_at IS NULL
      )
      SELECT v.id AS variant_id, v.product_id, c.currency_code
      FROM (SELECT DISTINCT currency_code FROM prices) c
      CROSS JOIN product_variant v
      WHERE v.product_id IN (SELECT product_id FROM prices) AND v.deleted_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM prices p WHERE p.variant_id = v.id AND p.currency_code = c.currency_code)
      ORDER BY v.product_id, v.variant_rank, v.created_at, v.id, c.currency_code`.execute(this.db);
    return rows;
  }

  /**
   * Pairs (this list's price, another list's price) that a shared customer could both be
   * offered: the other list is active and its window meets this one's from now on; one of
   * the two is public or a customer is in a group of each; same variant, same currency or
   * region; their quantity ranges meet (no min = 0, no or zero max = unbounded, as v1); and
   * the amounts differ. One page, with the total.
   */
  async conflicts(priceListId: string, offset: number, limit: number): Promise<{ rows: ConflictRow[]; count: number }> {
    const { rows } = await sql<ConflictRow>`
      WITH me AS MATERIALIZED (
        SELECT pl.id, pl.starts_at, pl.ends_at, EXISTS (SELECT 1 FROM price_list_without_groups w WHERE w.price_list_id = pl.id) AS public
        FROM price_list pl WHERE pl.id = ${priceListId} AND pl.deleted_at IS NULL
      ),
      -- First the price pairs (few: one probe per price of this list), then the lists they involve.
      pairs AS MATERIALIZED (
        SELECT a.variant_id, a.currency_code,
          a.id AS this_id, a.amount AS this_amount, a.region_id AS this_region_id, a.min_quantity AS this_min, a.max_quantity AS this_max,
          b.price_list_id AS other_list_id,
          b.id AS other_id, b.amount AS other_amount, b.region_id AS other_region_id, b.min_quantity AS other_min, b.max_quantity AS other_max
        FROM money_amount a
        JOIN money_amount b ON b.variant_id = a.variant_id AND b.price_list_id IS NOT NULL AND b.price_list_id <> a.price_list_id AND b.deleted_at IS NULL
        WHERE a.price_list_id = ${priceListId} AND a.deleted_at IS NULL
          AND (a.currency_code = b.currency_code OR a.region_id = b.region_id)
          AND a.amount <> b.amount
          AND GREATEST(COALESCE(a.min_quantity, 0), COALESCE(b.min_quantity, 0))
            <= LEAST(COALESCE(NULLIF(a.max_quantity, 0), 2147483647), COALESCE(NULLIF(b.max_quantity, 0), 2147483647))
      ),
      -- The groups that share a customer with this list's groups, found once (not per list).
      reach AS MATERIALIZED (
        SELECT DISTINCT mb.customer_group_id AS id
        FROM me
        JOIN price_list_customer_groups a ON a.price_list_id = me.id
        JOIN customer_group_customers ma ON ma.customer_group_id = a.customer_group_id
        JOIN customer_group_customers mb ON mb.customer_id = ma.customer_id AND ${membershipsOverlap("ma", "mb")}
        WHERE NOT me.public
      ),
      others AS MATERIALIZED (
        SELECT o.id, o.name, o.type, EXISTS (SELECT 1 FROM price_list_without_groups w WHERE w.price_list_id = o.id) AS public
        FROM price_list o, me
        WHERE o.id IN (SELECT DISTINCT other_list_id FROM pairs) AND o.status = 'active' AND o.deleted_at IS NULL
          AND GREATEST(COALESCE(me.starts_at, '-infinity'), COALESCE(o.starts_at, '-infinity'), now())
            < LEAST(COALESCE(me.ends_at, 'infinity'), COALESCE(o.ends_at, 'infinity'))
      ),
      shared AS MATERIALIZED (
        SELECT o.* FROM others o, me
        WHERE me.public OR o.public
          OR EXISTS (SELECT 1 FROM price_list_customer_groups b JOIN reach r ON r.id = b.customer_group_id WHERE b.price_list_id = o.id)
      )
      SELECT o.id AS price_list_id, o.name AS price_list_name, o.type AS price_list_type, o.public, me.public AS this_public,
        p.variant_id, p.currency_code, p.this_id, p.this_amount, p.this_region_id, p.this_min, p.this_max,
        p.other_id, p.other_amount, p.other_region_id, p.other_min, p.other_max,
        count(*) OVER ()::int AS total
      FROM pairs p
      JOIN shared o ON o.id = p.other_list_id
      CROSS JOIN me
      ORDER BY o.id, p.variant_id, p.currency_code, p.this_id, p.other_id
      OFFSET ${offset} LIMIT ${limit}`.execute(this.db);
    // Past the last page there is no row to carry the total: count on the first page.
    if (rows.length === 0 && offset > 0) return { rows, count: (await this.conflicts(priceListId, 0, 1)).count };
    return { rows, count: rows[0]?.total ?? 0 };
  }
}
