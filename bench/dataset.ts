/**
 * The benchmark data sets, generated inside the database with set-based SQL (generate_series),
 * so a million customers load in seconds rather than through a million HTTP calls.
 *
 * Everything is deterministic: ids are fixed-width and numbered, "random" choices come from
 * a multiplicative hash of the row number. The scenarios therefore know, without asking the
 * server, which group is big, which customer to log in as and which price it must be shown.
 */

export type ScaleName = "smoke" | "small" | "large" | "large10m";

export interface Scale {
  name: ScaleName;
  customers: number;
  /** Groups, including the big group (#1) and the empty batch group (#groups). */
  groups: number;
  /** Members of the big group: customers 1..bigGroupMembers. */
  bigGroupMembers: number;
  /** Besides the big group, each customer but the shopper joins 0..maxExtraGroups random groups. */
  maxExtraGroups: number;
  priceLists: number;
  /** Price lists 1..bigGroupLists are for the big group; the others for other groups. */
  bigGroupLists: number;
  products: number;
  variantsPerProduct: number;
  /** Every price list prices the target product's variants plus this many other variants. */
  variantsPerList: number;
  /** Batch sizes for scenario (d); capped by what the data set holds. */
  batchSizes: number[];
}

const LARGE: Scale = {
  name: "large",
  customers: 1_000_000,
  groups: 10_000,
  bigGroupMembers: 10_000,
  maxExtraGroups: 5,
  priceLists: 1_000,
  bigGroupLists: 25,
  products: 25_000,
  variantsPerProduct: 4,
  variantsPerList: 1_000,
  batchSizes: [10_000, 100_000],
};

export const SCALES: Record<ScaleName, Scale> = {
  smoke: {
    name: "smoke",
    customers: 500,
    groups: 50,
    bigGroupMembers: 500,
    maxExtraGroups: 0,
    priceLists: 10,
    bigGroupLists: 5,
    products: 1,
    variantsPerProduct: 3,
    variantsPerList: 0,
    batchSizes: [500],
  },
  small: {
    name: "small",
    customers: 10_000,
    groups: 1_000,
    bigGroupMembers: 10_000,
    maxExtraGroups: 0,
    priceLists: 50,
    bigGroupLists: 25,
    products: 1,
    variantsPerProduct: 3,
    variantsPerList: 0,
    batchSizes: [10_000],
  },
  large: LARGE,
  // The large set with ten times the memberships (each customer in 0–20 random groups,
  // ~10 million rows), to show how (b) and (d) grow with the membership table.
  large10m: { ...LARGE, name: "large10m", maxExtraGroups: 20 },
};

/** Bumped whenever the generated data changes, so a kept data set is not reused stale. */
export const DATASET_VERSION = 2;

export const PLAIN_PRICE = 10_000;
/** Price of the target variants in big-group list k (1-based): the member's best is the last one. */
export const bigListAmount = (k: number) => 9_000 - k * 10;
/** Lists of other groups are cheaper, so a leak of someone else's price shows in the checks. */
export const otherListAmount = (k: number) => 5_000 - (k % 1_000);

// Fixed-width ids: a prefix and 26 characters, like Cohort's ULIDs (Crockford letters only).
const pad = (n: number, width = 19) => String(n).padStart(width, "0");
export const ids = {
  customer: (i: number) => `cus_01BENCH${pad(i)}`,
  group: (i: number) => `cgrp_01BENCH${pad(i)}`,
  priceList: (k: number) => `pl_01BENCH${pad(k)}`,
  product: (p: number) => `prod_01BENCH${pad(p)}`,
  variant: (v: number) => `variant_01BENCH${pad(v)}`,
  region: "reg_01BENCH0000000000000000001",
  user: "usr_01BENCH0000000000000000001",
};
// The same ids in SQL, from an integer expression.
const sqlId = (prefix: string, expr: string) => `'${prefix}_01BENCH' || lpad((${expr})::text, 19, '0')`;

export const ADMIN_API_TOKEN = "bench-admin-api-token";
export const ADMIN_EMAIL = "bench-admin@cohort.test";
export const SHOPPER_EMAIL = "customer1@bench.test";
/** The admin's and the shopper's password: the bench logs both in through the API for the cookie scenarios. */
export const BENCH_PASSWORD = "bench-password";
export const CURRENCY = "eur";

/** What the scenarios need to know about a loaded data set. */
export interface DatasetInfo {
  scale: ScaleName;
  version: number;
  counts: Record<string, number>;
  bigGroupId: string;
  batchGroupId: string;
  /** The logged-in shopper of (c): customer #1, member of the big group only. */
  shopperId: string;
  regionId: string;
  /** The product of (c): the newest one, priced in every price list. */
  targetProductId: string;
  targetVariantIds: string[];
  /** The calculated price the shopper must see on every target variant. */
  expectedShopperPrice: number;
  /** Customer ids (in order) for the batch scenario. */
  batchCustomerIds: (n: number) => string[];
  adminToken: string;
  adminUserId: string;
}

export function describeDataset(scale: Scale): DatasetInfo {
  const target = scale.products;
  const targetVariants = Array.from({ length: scale.variantsPerProduct }, (_, j) => ids.variant((target - 1) * scale.variantsPerProduct + j + 1));
  return {
    scale: scale.name,
    version: DATASET_VERSION,
    counts: {},
    bigGroupId: ids.group(1),
    batchGroupId: ids.group(scale.groups),
    shopperId: ids.customer(1),
    regionId: ids.region,
    targetProductId: ids.product(target),
    targetVariantIds: targetVariants,
    expectedShopperPrice: Math.min(PLAIN_PRICE, bigListAmount(scale.bigGroupLists)),
    batchCustomerIds: (n) => Array.from({ length: Math.min(n, scale.customers) }, (_, i) => ids.customer(scale.customers - i)),
    adminToken: ADMIN_API_TOKEN,
    adminUserId: ids.user,
  };
}

/** A deterministic hash of an integer SQL expression, in 0..2^32-1. */
const hash = (expr: string, salt = 0) => `((((${expr})::bigint + ${salt}) * 2654435761) % 4294967296)`;

/**
 * The statements that load a scale into a freshly migrated database, in order, each with a
 * label for progress output. Timestamps are spread one second apart, newest last, so
 * "created_at DESC" lists have a real order to follow.
 */
export interface SchemaFeatures {
  /** Migration 0002 keeps the customer's created_at on membership rows (filled by a trigger
   * when the writer leaves it null; the loader fills it itself, a per-row trigger is slow). */
  memberCreatedAt: boolean;
}

export function loadStatements(scale: Scale, features: SchemaFeatures): { label: string; sql: string }[] {
  const { customers: C, groups: G, priceLists: L, bigGroupLists: LB, products: P, variantsPerProduct: V } = scale;
  const variants = P * V;
  const targetFirstVariant = (P - 1) * V + 1;
  const otherVariants = targetFirstVariant - 1; // variants that are not the target product's
  const statements: { label: string; sql: string }[] = [];
  const add = (label: string, sql: string) => statements.push({ label, sql });
  // A customer's created_at, from its number (now() is fixed for the loading transaction).
  const customerCreatedAt = (i: string) => `now() - make_interval(secs => ${C} - (${i}))`;

  add(
    "admin user",
    `INSERT INTO "user" (id, email, first_name, last_name, api_token, role)
     VALUES ('${ids.user}', '${ADMIN_EMAIL}', 'Bench', 'Admin', '${ADMIN_API_TOKEN}', 'admin')`,
  );

  add(
    `${C.toLocaleString("en")} customers`,
    `INSERT INTO customer (id, email, first_name, last_name, has_account, created_at, updated_at)
     SELECT ${sqlId("cus", "i")}, 'customer' || i || '@bench.test', 'First' || i, 'Last' || i, true,
            ${customerCreatedAt("i")}, ${customerCreatedAt("i")}
     FROM generate_series(1, ${C}) AS i`,
  );

  add(
    `${G.toLocaleString("en")} customer groups`,
    `INSERT INTO customer_group (id, name, metadata, created_at, updated_at)
     SELECT ${sqlId("cgrp", "i")},
            CASE i WHEN 1 THEN 'bench-big' WHEN ${G} THEN 'bench-batch' ELSE 'bench-group-' || i END,
            CASE WHEN i % 10 = 0 THEN jsonb_build_object('tier', i % 7) END,
            t, t
     FROM generate_series(1, ${G}) AS i,
          LATERAL (SELECT now() - make_interval(secs => ${G} - i) AS t) AS ts`,
  );

  const memberColumns = features.memberCreatedAt ? "customer_group_id, customer_id, customer_created_at" : "customer_group_id, customer_id";
  const memberCreatedAt = (i: string) => (features.memberCreatedAt ? `, ${customerCreatedAt(i)}` : "");

  add(
    `${scale.bigGroupMembers.toLocaleString("en")} members of the big group`,
    `INSERT INTO customer_group_customers (${memberColumns})
     SELECT '${ids.group(1)}', ${sqlId("cus", "i")}${memberCreatedAt("i")} FROM generate_series(1, ${scale.bigGroupMembers}) AS i`,
  );

  if (scale.maxExtraGroups > 0 && G > 3) {
    // Customer #1 (the shopper) stays in the big group only, so its expected price is known.
    // Groups 2..G-1: the batch group (#G) stays empty. A customer's groups are distinct as
    // long as span does not divide 4739·d for d ≤ maxExtraGroups (true for the scales here:
    // 9,998 = 2 · 4,999; the primary key would refuse a duplicate).
    const span = G - 2;
    add(
      `0–${scale.maxExtraGroups} random groups per customer`,
      `INSERT INTO customer_group_customers (${memberColumns})
       SELECT ${sqlId("cgrp", `2 + (${hash("i", 17)} + j * 4739) % ${span}`)}, ${sqlId("cus", "i")}${memberCreatedAt("i")}
       FROM generate_series(2, ${C}) AS i,
            LATERAL generate_series(1, (${hash("i")} % ${scale.maxExtraGroups + 1})::int) AS j
`,
    );
  }

  add(
    "region",
    `INSERT INTO region (id, name, currency_code, tax_rate, countries)
     VALUES ('${ids.region}', 'Bench Europe', '${CURRENCY}', 0, '{de,fr}')`,
  );

  add(
    `${P.toLocaleString("en")} products`,
    `INSERT INTO product (id, title, handle, status, description, created_at, updated_at)
     SELECT ${sqlId("prod", "p")}, 'Bench product ' || p, 'bench-product-' || p,
            CASE WHEN p % 10 = 5 AND p <> ${P} THEN 'draft' ELSE 'published' END,
            'A product of the benchmark data set', t, t
     FROM generate_series(1, ${P}) AS p,
          LATERAL (SELECT now() - make_interval(secs => ${P} - p) AS t) AS ts`,
  );

  add(
    `${variants.toLocaleString("en")} variants`,
    `INSERT INTO product_variant (id, title, product_id, sku, variant_rank, inventory_quantity, created_at, updated_at)
     SELECT ${sqlId("variant", "v")}, 'Variant ' || v, ${sqlId("prod", `(v - 1) / ${V} + 1`)}, 'BENCH-SKU-' || v,
            (v - 1) % ${V}, 100, now(), now()
     FROM generate_series(1, ${variants}) AS v`,
  );

  add(
    "plain prices",
    `INSERT INTO money_amount (id, currency_code, amount, region_id, variant_id)
     SELECT 'ma_01BENCHP' || lpad(v::text, 18, '0'), '${CURRENCY}', ${PLAIN_PRICE}, '${ids.region}', ${sqlId("variant", "v")}
     FROM generate_series(1, ${variants}) AS v`,
  );

  add(
    `${L.toLocaleString("en")} price lists`,
    `INSERT INTO price_list (id, name, description, type, status, starts_at, ends_at, created_at, updated_at)
     SELECT ${sqlId("pl", "k")}, 'Bench list ' || k, 'Benchmark price list ' || k,
            CASE WHEN k % 2 = 0 THEN 'override' ELSE 'sale' END, 'active',
            CASE WHEN k % 3 = 0 THEN now() - interval '1 day' END,
            CASE WHEN k % 3 = 0 THEN now() + interval '365 days' END,
            t, t
     FROM generate_series(1, ${L}) AS k,
          LATERAL (SELECT now() - make_interval(secs => ${L} - k) AS t) AS ts`,
  );

  // Lists 1..LB: the big group. The others: one group (small scales) or 1–3 random groups
  // (distinct: 3167·d is no multiple of G-2), never the big group or the batch group.
  const otherGroups = Math.max(1, G - 2);
  add(
    "price list groups",
    `INSERT INTO price_list_customer_groups (price_list_id, customer_group_id)
     SELECT ${sqlId("pl", "k")}, '${ids.group(1)}' FROM generate_series(1, ${LB}) AS k
     UNION ALL
     SELECT ${sqlId("pl", "k")}, ${sqlId("cgrp", `2 + (k - ${LB} - 1 + j * 3167) % ${otherGroups}`)}
     FROM generate_series(${LB + 1}, ${L}) AS k,
          LATERAL generate_series(0, CASE WHEN ${scale.maxExtraGroups} > 0 THEN (${hash("k")} % 3)::int ELSE 0 END) AS j`,
  );

  add(
    "price-list prices of the target product",
    `INSERT INTO money_amount (id, currency_code, amount, price_list_id, region_id, variant_id)
     SELECT 'ma_01BENCHT' || lpad(k::text, 5, '0') || lpad(v::text, 13, '0'), '${CURRENCY}',
            CASE WHEN k <= ${LB} THEN 9000 - k * 10 ELSE 5000 - k % 1000 END,
            ${sqlId("pl", "k")}, '${ids.region}', ${sqlId("variant", "v")}
     FROM generate_series(1, ${L}) AS k, generate_series(${targetFirstVariant}, ${variants}) AS v`,
  );

  if (scale.variantsPerList > 0 && otherVariants > 0) {
    add(
      `${(L * scale.variantsPerList).toLocaleString("en")} other price-list prices`,
      `INSERT INTO money_amount (id, currency_code, amount, price_list_id, region_id, variant_id)
       SELECT 'ma_01BENCHR' || lpad(k::text, 5, '0') || lpad(j::text, 13, '0'), '${CURRENCY}',
              6000 + j % 1000, ${sqlId("pl", "k")}, '${ids.region}',
              ${sqlId("variant", `1 + (k * 7919 + j * 97) % ${otherVariants}`)}
       FROM generate_series(1, ${L}) AS k, generate_series(1, ${scale.variantsPerList}) AS j`,
    );
  }

  return statements;
}

export const COUNT_TABLES = [
  "customer",
  "customer_group",
  "customer_group_customers",
  "product",
  "product_variant",
  "price_list",
  "price_list_customer_groups",
  "money_amount",
] as const;
