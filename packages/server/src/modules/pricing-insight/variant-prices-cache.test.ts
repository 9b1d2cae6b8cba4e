import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, usingPostgres, type TestApp } from "../../../test/harness.js";
import { countStatements } from "../../../test/statements.js";
import { buildApp } from "../../app.js";
import type { DbHandle } from "../../db/database.js";
import type { App } from "../../http/types.js";
import type { VariantPriceRow } from "./pricing-insight.repository.js";
import { insightFactories } from "./insight-factories.js";
import { VariantPricesCache } from "./variant-prices-cache.js";

describe("VariantPricesCache", () => {
  const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `ma_${i}` }) as VariantPriceRow);

  it("weighs a variant by its rows, and keeps nothing read without a version (the rules of keeping: shared/versioned-cache.test.ts)", () => {
    const cache = new VariantPricesCache(10);
    cache.keep("a", { version: "1", rows: rows(4) });
    cache.keep("b", { version: "1", rows: rows(4) });
    expect(cache.weight).toBe(8);
    cache.keep("c", { version: "1", rows: rows(4) });
    expect(cache.get("a", "1")).toBeUndefined();
    expect(cache.get("c", "1")?.map((r) => r.id)).toEqual(["ma_0", "ma_1", "ma_2", "ma_3"]);
    cache.keep("none", { version: null, rows: [] });
    expect(cache.get("none", "1")).toBeUndefined();
    expect(cache.weight).toBe(8);
  });
});

// ------------------------------------------------------------------ through HTTP

let t: TestApp;
let f: ReturnType<typeof insightFactories>;
let eu: string;
/** The same database without the cache, and a second instance with its own. */
let uncached: App;
let other: { app: App; handle: DbHandle };

beforeAll(async () => {
  t = await createTestApp();
  f = insightFactories(t);
  eu = await f.region("eur");
  uncached = await buildApp({ config: { ...t.config, explainCacheRows: 0 }, db: t.db });
  const handle = usingPostgres ? await t.testDb.reopen() : t.db;
  other = { app: await buildApp({ config: t.config, db: handle }), handle };
});
afterAll(async () => {
  await uncached.close();
  await other.app.close();
  await t.close();
});

const get = (url: string, app: App = t.app) => app.inject({ method: "GET", url, headers: t.admin.headers });
const explainUrl = (variant: string, shopper: string, at?: string) =>
  `/admin/pricing/explain?variant_id=${variant}&${shopper}&region_id=${eu}${at ? `&at=${at}` : ""}`;
const calculated = async (url: string, app?: App) => {
  const res = await get(url, app);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().explanation.calculated_price as number;
};

/** A variant priced 1000, and 600 in a list of a group holding one customer (the list's window given). */
async function pricedVariant(window: { starts_at?: Date; ends_at?: Date } = {}) {
  const member = await f.customer();
  const g = await f.group(member);
  const {
    variants: [variant],
  } = await f.product();
  await f.price({ variant: variant!, amount: 1000, region: eu });
  const list = await f.priceList({ groups: [g], ...window });
  const listPrice = await f.price({ variant: variant!, amount: 600, list });
  return { member, group: g, variant: variant!, list, listPrice };
}

describe("explain with the variant's prices kept", () => {
  it("reads the prices once per catalogue version: the next explanation is one statement, byte for byte the same", async () => {
    const { member, variant } = await pricedVariant();
    const url = explainUrl(variant, `customer_id=${member}`);
    const first = await countStatements(() => get(url));
    const again = await countStatements(() => get(url));
    expect(first.n).toBe(3); // the API token, the subjects (with the version), the prices
    expect(again.n).toBe(2);
    // `at` defaults to now, which differs between the two: compare the rest.
    const withoutAt = (body: string) => ({ ...JSON.parse(body).explanation, at: undefined });
    expect(withoutAt(again.result.body)).toEqual(withoutAt(first.result.body));
  });

  it("answers exactly what an instance without the cache answers, for every shopper and time", async () => {
    const { member, group, variant } = await pricedVariant({ starts_at: new Date("2025-01-01T00:00:00Z"), ends_at: new Date("2025-12-31T00:00:00Z") });
    const outsider = await f.customer();
    const shoppers = [`customer_id=${member}`, `customer_id=${outsider}`, `customer_group_id[]=${group}`, "anonymous=true"];
    // Before, inside and after the window, and a millisecond (the precision of `at`) either side of its edges (the
    // store's rule: starts_at < now() < ends_at, so both edges are outside).
    const times = ["2024-06-01T00:00:00Z", "2025-01-01T00:00:00Z", "2025-01-01T00:00:00.001Z", "2025-06-01T00:00:00Z", "2025-12-30T23:59:59.999Z", "2025-12-31T00:00:00Z"];
    for (const shopper of shoppers) {
      for (const at of times) {
        const url = explainUrl(variant, shopper, at);
        await get(url);
        const kept = await get(url);
        expect(kept.statusCode).toBe(200);
        expect(kept.body, `${shopper} at ${at}`).toBe((await get(url, uncached)).body);
      }
    }
    expect(await calculated(explainUrl(variant, `customer_id=${member}`, "2025-01-01T00:00:00Z"))).toBe(1000);
    expect(await calculated(explainUrl(variant, `customer_id=${member}`, "2025-01-01T00:00:00.001Z"))).toBe(600);
    expect(await calculated(explainUrl(variant, `customer_id=${member}`, "2025-12-30T23:59:59.999Z"))).toBe(600);
    expect(await calculated(explainUrl(variant, `customer_id=${member}`, "2025-12-31T00:00:00Z"))).toBe(1000);
  });

  it("sees a plain-SQL write to the catalogue on the next explanation", async () => {
    const { member, variant, list, listPrice } = await pricedVariant();
    const url = explainUrl(variant, `customer_id=${member}`);
    expect(await calculated(url)).toBe(600);
    await sql`UPDATE money_amount SET amount = 550 WHERE id = ${listPrice}`.execute(t.db.db);
    expect(await calculated(url)).toBe(550);
    await sql`UPDATE price_list SET status = 'draft' WHERE id = ${list}`.execute(t.db.db);
    expect(await calculated(url)).toBe(1000);
    await sql`UPDATE price_list SET status = 'active' WHERE id = ${list}`.execute(t.db.db);
    await sql`DELETE FROM price_list_customer_groups WHERE price_list_id = ${list}`.execute(t.db.db);
    // Without a group the list is public: every shopper gets it.
    expect(await calculated(explainUrl(variant, "anonymous=true"))).toBe(550);
  });

  it("sees a change made through another instance, whose own cache it does not share", async () => {
    const { member, variant, listPrice } = await pricedVariant();
    const url = explainUrl(variant, `customer_id=${member}`);
    expect(await calculated(url)).toBe(600);
    expect(await calculated(url, other.app)).toBe(600);
    await sql`UPDATE money_amount SET amount = 500 WHERE id = ${listPrice}`.execute(other.handle.db);
    expect(await calculated(url)).toBe(500);
    expect(await calculated(url, other.app)).toBe(500);
  });

  it("reads the shopper's memberships on every request (they are not part of the catalogue)", async () => {
    const { member, group, variant } = await pricedVariant();
    const newcomer = await f.customer();
    const url = explainUrl(variant, `customer_id=${newcomer}`);
    expect(await calculated(explainUrl(variant, `customer_id=${member}`))).toBe(600);
    expect(await calculated(url)).toBe(1000);
    await t.db.db.insertInto("customer_group_customers").values({ customer_group_id: group, customer_id: newcomer }).execute();
    const { n, result } = await countStatements(() => get(url));
    expect(n).toBe(2); // the API token, the subjects: the prices were kept
    expect(result.json().explanation.calculated_price).toBe(600);
    await sql`UPDATE customer_group_customers SET expires_at = now() - interval '1 second' WHERE customer_id = ${newcomer}`.execute(t.db.db);
    expect(await calculated(url)).toBe(1000);
  });
});
