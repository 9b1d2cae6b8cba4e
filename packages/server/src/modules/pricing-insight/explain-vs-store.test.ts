import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/harness.js";
import { insightFactories } from "./insight-factories.js";

/**
 * Property: for random small catalogues, groups, memberships (some timed), list states and windows,
 * the explanation's original_price / calculated_price / calculated_price_type equal what
 * GET /store/products/:id shows the same shopper (a logged-in customer, the customer's
 * groups as a hypothetical shopper, or an anonymous one), in a region or a currency.
 * The store prices at the database's now(); windows sit days away from it and explain
 * gets that moment as an explicit `at`, so no boundary is crossed between the two calls.
 */

/** mulberry32: a small deterministic PRNG. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const chance = (p: number) => next() < p;
  return { int, pick, chance };
}

let t: TestApp;
let f: ReturnType<typeof insightFactories>;
let regions: Array<{ id: string; currency: string }>;

beforeAll(async () => {
  t = await createTestApp();
  f = insightFactories(t);
  regions = [
    { id: await f.region("eur", 10), currency: "eur" },
    { id: await f.region("eur", 0), currency: "eur" },
    { id: await f.region("usd", 20), currency: "usd" },
  ];
});
afterAll(() => t.close());

interface Shopper {
  label: string;
  headers: Record<string, string>;
  explain: string;
}

async function loggedInCustomer(): Promise<{ id: string; headers: Record<string, string> }> {
  const email = `${f.uid()}@example.com`;
  const created = await t.app.inject({ method: "POST", url: "/store/customers", payload: { email, password: "secret-pw", first_name: "A", last_name: "B" } });
  expect(created.statusCode, created.body).toBe(200);
  const login = await t.app.inject({ method: "POST", url: "/store/auth/token", payload: { email, password: "secret-pw" } });
  expect(login.statusCode, login.body).toBe(200);
  return { id: created.json().customer.id, headers: { authorization: `Bearer ${login.json().access_token}` } };
}

type Fields = [number | null, number | null, string | null];

/** A random catalogue: one product, its plain prices, lists with random audiences, states and windows. */
async function catalogue(seed: number) {
  const r = prng(seed);
  const customers = [await loggedInCustomer(), await loggedInCustomer(), await loggedInCustomer()];
  const groups = [await f.group(), await f.group(), await f.group()];
  const now = Date.now();
  const day = 24 * 3600 * 1000;
  // The groups each customer is a member of now (timed memberships outside their window are not).
  const memberships = new Map<string, string[]>(customers.map((c) => [c.id, []]));
  for (const c of customers) {
    for (const g of groups) {
      if (r.chance(0.4)) {
        let starts_at = r.pick([null, null, new Date(now - 3 * day), new Date(now + 3 * day)]);
        let expires_at = r.pick([null, null, new Date(now + 5 * day), new Date(now - 1 * day)]);
        if (starts_at && expires_at && starts_at >= expires_at) [starts_at, expires_at] = [null, null];
        await t.db.db.insertInto("customer_group_customers").values({ customer_group_id: g, customer_id: c.id, starts_at, expires_at }).execute();
        const current = (!starts_at || starts_at.getTime() <= now) && (!expires_at || expires_at.getTime() > now);
        if (current) memberships.get(c.id)!.push(g);
      }
    }
  }
  const product = await f.product(1 + r.int(3));
  const somePrice = (variant: string, list: string | null) => {
    const where = r.int(3);
    const region = where === 0 ? r.pick(regions) : null;
    return f.price({
      variant,
      list,
      amount: 100 * (1 + r.int(12)),
      region: region?.id ?? null,
      // Now and then a region price in another currency than its region's (the database allows it).
      currency: region && r.chance(0.85) ? region.currency : r.pick(["eur", "eur", "usd"]),
      min: r.chance(0.25) ? r.pick([0, 1, 2, 5]) : null,
      max: r.chance(0.25) ? r.pick([0, 3, 10]) : null,
    });
  };
  for (const v of product.variants) {
    for (let i = r.int(3); i > 0; i--) await somePrice(v, null);
  }
  for (let l = 1 + r.int(5); l > 0; l--) {
    const list = await f.priceList({
      type: r.pick(["sale", "override"] as const),
      status: r.chance(0.8) ? "active" : "draft",
      groups: groups.filter(() => r.chance(0.35)),
      starts_at: r.pick([null, null, new Date(now - 3 * day), new Date(now + 3 * day)]),
      ends_at: r.pick([null, null, new Date(now + 5 * day), new Date(now - 1 * day)]),
    });
    for (const v of product.variants) {
      for (let i = r.int(3); i > 0; i--) await somePrice(v, list);
    }
  }
  const shoppers: Shopper[] = [{ label: "anonymous", headers: {}, explain: "anonymous=true" }];
  for (const c of customers) {
    shoppers.push({ label: `customer ${c.id}`, headers: c.headers, explain: `customer_id=${c.id}` });
    const own = memberships.get(c.id)!;
    if (own.length) shoppers.push({ label: `groups of ${c.id}`, headers: c.headers, explain: own.map((g) => `customer_group_id[]=${g}`).join("&") });
  }
  return { product, shoppers };
}

describe("GET /admin/pricing/explain agrees with GET /store/products/:id", () => {
  for (const seed of Array.from({ length: 16 }, (_, i) => i + 1)) {
    it(`on random catalogue #${seed}`, async () => {
      const { product, shoppers } = await catalogue(seed);
      const places = [...regions.map((g) => `region_id=${g.id}`), "currency_code=eur", "currency_code=usd"];
      for (const shopper of shoppers) {
        for (const place of places) {
          const store = await t.app.inject({ method: "GET", url: `/store/products/${product.id}?${place}`, headers: shopper.headers });
          expect(store.statusCode, store.body).toBe(200);
          const at = new Date().toISOString();
          type StoreVariant = { id: string; prices: Array<{ id: string }>; original_price?: number | null; calculated_price?: number | null; calculated_price_type?: string };
          const variants = new Map<string, StoreVariant>(store.json().product.variants.map((v: StoreVariant) => [v.id, v]));
          for (const variant of product.variants) {
            const res = await f.admin(`/admin/pricing/explain?variant_id=${variant}&${shopper.explain}&${place}&at=${at}`);
            expect(res.statusCode, res.body).toBe(200);
            const e = res.json().explanation;
            const v = variants.get(variant)!;
            const where = `seed ${seed}, ${shopper.label}, ${place}, ${variant}`;
            const explained: Fields = [e.original_price, e.calculated_price, e.calculated_price_type];
            expect(explained, where).toEqual([v.original_price ?? null, v.calculated_price ?? null, v.calculated_price_type ?? null]);
            // The store's candidates (its `prices`, unless it has none and shows raw prices)
            // are exactly the prices dropped for no reason but the quantity.
            const considered = e.candidates
              .filter((c: { reasons: string[] }) => c.reasons.every((reason) => reason.startsWith("quantity_")))
              .map((c: { money_amount_id: string }) => c.money_amount_id);
            expect(considered, where).toEqual("calculated_price" in v ? v.prices.map((p) => p.id) : []);
            // The winner is the applying candidate whose amount is calculated_price.
            if (e.winner) expect(e.candidates.find((c: { money_amount_id: string }) => c.money_amount_id === e.winner.money_amount_id)).toMatchObject({ applies: true, amount: e.calculated_price });
          }
        }
      }
    });
  }
});
