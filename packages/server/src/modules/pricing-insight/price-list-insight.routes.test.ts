import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/harness.js";
import { insightFactories } from "./insight-factories.js";

let t: TestApp;
let f: ReturnType<typeof insightFactories>;
let eu: string;

beforeAll(async () => {
  t = await createTestApp();
  f = insightFactories(t);
  eu = await f.region("eur");
});
afterAll(() => t.close());

const day = 24 * 3600 * 1000;
const fromNow = (ms: number) => new Date(Date.now() + ms);

async function impact(listId: string, query = "") {
  const res = await f.admin(`/admin/price-lists/${listId}/impact${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().impact;
}

async function conflicts(listId: string, query = "") {
  const res = await f.admin(`/admin/price-lists/${listId}/conflicts${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe("GET /admin/price-lists/:id/impact", () => {
  it("counts the entitled customers once, the prices, savings, negative discounts and unpriced variants", async () => {
    const [a, b, c] = [await f.customer(), await f.customer(), await f.customer()];
    const g1 = await f.group(a, b);
    const g2 = await f.group(b, c);
    await f.group(await f.customer());
    const {
      id: productId,
      variants: [v1, v2, v3],
    } = await f.product(3);
    for (const v of [v1!, v2!, v3!]) await f.price({ variant: v, amount: 1000 });
    await f.price({ variant: v1!, amount: 1200, region: eu });
    const list = await f.priceList({ groups: [g1, g2] });
    await f.price({ variant: v1!, amount: 700, list, region: eu }); // base: the region's 1200, saving 500
    await f.price({ variant: v1!, amount: 900, list }); // saving 100
    const expensive = await f.price({ variant: v2!, amount: 1100, list }); // negative discount: -100
    await f.price({ variant: v2!, amount: 10, currency: "usd", list }); // no base in usd
    const result = await impact(list);
    expect(result).toMatchObject({
      price_list_id: list,
      active: true,
      public: false,
      customers_entitled: 3,
      prices: 4,
      variants_priced: 2,
      by_currency: [
        // v1's 900 loses to the list's own 700 in the region, which a eur shopper is offered too (v1).
        { currency_code: "eur", region_id: null, prices: 2, variants_priced: 2, variants_winning: 0, mean_saving: 0, max_saving: 100, negative_discounts: 1 },
        { currency_code: "eur", region_id: eu, prices: 1, variants_priced: 1, variants_winning: 1, mean_saving: 500, max_saving: 500, negative_discounts: 0 },
        { currency_code: "usd", region_id: null, prices: 1, variants_priced: 1, variants_winning: 1, mean_saving: null, max_saving: null, negative_discounts: 0 },
      ],
      negative_discounts: [
        { money_amount_id: expensive, variant_id: v2, currency_code: "eur", region_id: null, min_quantity: null, max_quantity: null, amount: 1100, base_amount: 1000 },
      ],
      unpriced_variants: [
        { variant_id: v1, product_id: productId, currency_code: "usd" },
        { variant_id: v3, product_id: productId, currency_code: "eur" },
        { variant_id: v3, product_id: productId, currency_code: "usd" },
      ],
    });
    expect(result.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it("a public list entitles every customer and wins only where plain prices and live public lists are dearer", async () => {
    const {
      variants: [v1, v2, v3, v4],
    } = await f.product(4);
    for (const v of [v1!, v2!, v3!, v4!]) await f.price({ variant: v, amount: 1000 });
    const list = await f.priceList();
    for (const v of [v1!, v2!, v3!, v4!]) await f.price({ variant: v, amount: 800, list });
    await f.price({ variant: v2!, amount: 700, list: await f.priceList() }); // a live public list beats it
    await f.price({ variant: v3!, amount: 600, list: await f.priceList({ groups: [await f.group()] }) }); // a group list: see /conflicts
    await f.price({ variant: v4!, amount: 500, list: await f.priceList({ ends_at: fromNow(-day) }) }); // expired: no competitor
    await f.price({ variant: v4!, amount: 500, list: await f.priceList({ status: "draft" }) });
    const customers = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM customer WHERE deleted_at IS NULL`.execute(t.db.db)).rows[0]!.n;
    const result = await impact(list);
    expect(result).toMatchObject({ public: true, customers_entitled: customers, variants_priced: 4 });
    expect(result.by_currency).toEqual([
      { currency_code: "eur", region_id: null, prices: 4, variants_priced: 4, variants_winning: 3, mean_saving: 200, max_saving: 200, negative_discounts: 0 },
    ]);
  });

  it("loses a tie to an older price, and previews a list that is not active (yet) at a given time", async () => {
    const {
      variants: [v],
    } = await f.product();
    await f.price({ variant: v!, amount: 800 });
    const later = await f.priceList({ starts_at: fromNow(2 * day), status: "active" });
    await f.price({ variant: v!, amount: 800, list: later });
    const now = await impact(later);
    expect(now.active).toBe(false);
    expect(now.by_currency[0]).toMatchObject({ variants_winning: 0, mean_saving: 0 });
    const then = await impact(later, `?at=${fromNow(3 * day).toISOString()}`);
    expect(then.active).toBe(true);
    const draft = await f.priceList({ status: "draft" });
    await f.price({ variant: v!, amount: 750, list: draft });
    expect(await impact(draft)).toMatchObject({ active: false, by_currency: [{ variants_winning: 1, max_saving: 50 }] });
  });

  it("answers 404 for an unknown list and 400 for a bad time", async () => {
    const res = await f.admin("/admin/price-lists/pl_nope/impact");
    expect([res.statusCode, res.json()]).toEqual([404, { type: "not_found", message: "Price list with id: pl_nope was not found" }]);
    const list = await f.priceList();
    const bad = await f.admin(`/admin/price-lists/${list}/impact?at=soon`);
    expect([bad.statusCode, bad.json().type]).toEqual([400, "invalid_data"]);
  });
});

describe("GET /admin/price-lists/:id/conflicts", () => {
  it("reports another list sharing a customer, with which one wins and why", async () => {
    const both = await f.customer();
    const ga = await f.group(both);
    const gb = await f.group(both);
    const {
      variants: [v],
    } = await f.product();
    const mine = await f.priceList({ groups: [ga], name: "Mine" });
    const theirs = await f.priceList({ groups: [gb], name: "Theirs", type: "override" });
    const p1 = await f.price({ variant: v!, amount: 800, list: mine });
    const p2 = await f.price({ variant: v!, amount: 750, list: theirs, region: eu });
    const result = await conflicts(mine);
    expect(result).toEqual({
      conflicts: [
        {
          price_list_id: theirs,
          price_list_name: "Theirs",
          price_list_type: "override",
          public: false,
          variant_id: v,
          currency_code: "eur",
          this_price: { money_amount_id: p1, amount: 800, region_id: null, min_quantity: null, max_quantity: null },
          other_price: { money_amount_id: p2, amount: 750, region_id: eu, min_quantity: null, max_quantity: null },
          winner_price_list_id: theirs,
          rule: "lowest_amount",
          why: expect.stringContaining("lowest amount (750 < 800)"),
        },
      ],
      count: 1,
      offset: 0,
      limit: 50,
    });
    expect((await conflicts(theirs)).conflicts[0]).toMatchObject({ price_list_id: mine, winner_price_list_id: theirs });
  });

  it("a public list overlaps everyone, even a group without members", async () => {
    const {
      variants: [v],
    } = await f.product();
    const lonely = await f.priceList({ groups: [await f.group()] });
    const everyone = await f.priceList();
    await f.price({ variant: v!, amount: 500, list: lonely });
    await f.price({ variant: v!, amount: 900, list: everyone });
    expect((await conflicts(lonely)).conflicts).toMatchObject([{ price_list_id: everyone, public: true, winner_price_list_id: lonely }]);
    expect((await conflicts(everyone)).conflicts).toMatchObject([{ price_list_id: lonely, public: false, winner_price_list_id: lonely }]);
  });

  it("leaves out lists without a shared customer, equal amounts, other currencies, disjoint tiers and windows, drafts", async () => {
    const x = await f.customer();
    const y = await f.customer();
    const gx = await f.group(x);
    const gy = await f.group(y);
    const {
      variants: [v, w],
    } = await f.product(2);
    const mine = await f.priceList({ groups: [gx], ends_at: fromNow(10 * day) });
    await f.price({ variant: v!, amount: 800, list: mine, min: 1, max: 5 });
    await f.price({ variant: w!, amount: 800, list: mine });
    await f.price({ variant: v!, amount: 700, list: await f.priceList({ groups: [gy] }) }); // nobody in both
    await f.price({ variant: v!, amount: 800, list: await f.priceList() }); // same amount
    await f.price({ variant: v!, amount: 700, currency: "usd", list: await f.priceList() }); // another currency
    await f.price({ variant: v!, amount: 700, min: 6, list: await f.priceList() }); // tiers do not meet
    await f.price({ variant: v!, amount: 700, list: await f.priceList({ starts_at: fromNow(11 * day) }) }); // after mine ends
    await f.price({ variant: v!, amount: 700, list: await f.priceList({ ends_at: fromNow(-day) }) }); // over
    await f.price({ variant: v!, amount: 700, list: await f.priceList({ status: "draft" }) });
    await f.price({ variant: w!, amount: 700 }); // a plain price is no list
    expect(await conflicts(mine)).toEqual({ conflicts: [], count: 0, offset: 0, limit: 50 });
    // A max of 0 is no max (v1), so this tier meets 1–5.
    const open = await f.priceList();
    await f.price({ variant: v!, amount: 650, min: 5, max: 0, list: open });
    expect((await conflicts(mine)).conflicts).toMatchObject([{ price_list_id: open, this_price: { min_quantity: 1, max_quantity: 5 }, other_price: { min_quantity: 5, max_quantity: 0 } }]);
  });

  it("pages the conflicts with count, offset and limit, and answers 404 for an unknown list", async () => {
    const {
      variants: [v1, v2, v3],
    } = await f.product(3);
    const mine = await f.priceList();
    const other = await f.priceList();
    for (const v of [v1!, v2!, v3!]) {
      await f.price({ variant: v, amount: 500, list: mine });
      await f.price({ variant: v, amount: 600, list: other });
    }
    const page = await conflicts(mine, "?offset=1&limit=1");
    expect([page.count, page.offset, page.limit, page.conflicts.length]).toEqual([3, 1, 1, 1]);
    expect(await conflicts(mine, "?offset=5")).toMatchObject({ conflicts: [], count: 3, offset: 5 });
    const res = await f.admin("/admin/price-lists/pl_nope/conflicts");
    expect([res.statusCode, res.json()]).toEqual([404, { type: "not_found", message: "Price list with id: pl_nope was not found" }]);
  });

  it("requires admin credentials", async () => {
    for (const path of ["impact", "conflicts"]) {
      expect((await t.app.inject({ method: "GET", url: `/admin/price-lists/x/${path}` })).statusCode).toBe(401);
    }
  });
});
