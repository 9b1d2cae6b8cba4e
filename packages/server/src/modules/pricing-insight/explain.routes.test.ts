import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/harness.js";
import { insightFactories } from "./insight-factories.js";

let t: TestApp;
let f: ReturnType<typeof insightFactories>;
let eu: string;
let us: string;

beforeAll(async () => {
  t = await createTestApp();
  f = insightFactories(t);
  eu = await f.region("eur");
  us = await f.region("usd");
});
afterAll(() => t.close());

const AT = "2025-06-01T12:00:00.000Z";
const day = 24 * 3600 * 1000;
const atPlus = (ms: number) => new Date(Date.parse(AT) + ms);

async function explain(query: string) {
  const res = await f.admin(`/admin/pricing/explain?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().explanation;
}

/** The reasons of each candidate, by money amount id. */
async function reasons(query: string): Promise<Record<string, string[]>> {
  const explanation = await explain(query);
  return Object.fromEntries(explanation.candidates.map((c: { money_amount_id: string; reasons: string[] }) => [c.money_amount_id, c.reasons]));
}

describe("GET /admin/pricing/explain", () => {
  it("returns every price of the variant, the winner and the store's fields for a customer", async () => {
    const cus = await f.customer();
    const vip = await f.group(cus);
    const {
      variants: [v],
    } = await f.product();
    const base = await f.price({ variant: v!, amount: 1000, region: eu });
    const list = await f.priceList({ groups: [vip], type: "override", name: "VIP" });
    const listPrice = await f.price({ variant: v!, amount: 800, list });
    const res = await f.admin(`/admin/pricing/explain?variant_id=${v}&customer_id=${cus}&region_id=${eu}&at=${AT}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      explanation: {
        variant_id: v,
        customer_id: cus,
        customer_group_ids: [vip],
        region_id: eu,
        currency_code: "eur",
        quantity: null,
        at: AT,
        original_price: 1000,
        calculated_price: 800,
        calculated_price_type: "override",
        winner: { money_amount_id: listPrice, price_list_id: list, amount: 800, rule: "lowest_amount" },
        candidates: [
          {
            money_amount_id: base,
            price_list_id: null,
            price_list_name: null,
            price_list_type: null,
            amount: 1000,
            currency_code: "eur",
            region_id: eu,
            min_quantity: null,
            max_quantity: null,
            applies: true,
            reasons: [],
          },
          {
            money_amount_id: listPrice,
            price_list_id: list,
            price_list_name: "VIP",
            price_list_type: "override",
            amount: 800,
            currency_code: "eur",
            region_id: null,
            min_quantity: null,
            max_quantity: null,
            applies: true,
            reasons: [],
          },
        ],
      },
    });
  });

  it("names price_list_draft, price_list_not_started and price_list_expired, all that are true", async () => {
    const {
      variants: [v],
    } = await f.product();
    await f.price({ variant: v!, amount: 1000 });
    const draft = await f.price({ variant: v!, amount: 500, list: await f.priceList({ status: "draft" }) });
    const future = await f.price({ variant: v!, amount: 600, list: await f.priceList({ starts_at: atPlus(day) }) });
    const past = await f.price({ variant: v!, amount: 700, list: await f.priceList({ ends_at: atPlus(-day) }) });
    const draftAndPast = await f.price({ variant: v!, amount: 400, list: await f.priceList({ status: "draft", starts_at: atPlus(-2 * day), ends_at: atPlus(-day) }) });
    const r = await reasons(`variant_id=${v}&anonymous=true&currency_code=EUR&at=${AT}`);
    expect(r[draft]).toEqual(["price_list_draft"]);
    expect(r[future]).toEqual(["price_list_not_started"]);
    expect(r[past]).toEqual(["price_list_expired"]);
    expect(r[draftAndPast]).toEqual(["price_list_draft", "price_list_expired"]);
    const e = await explain(`variant_id=${v}&anonymous=true&currency_code=eur&at=${AT}`);
    expect([e.original_price, e.calculated_price, e.calculated_price_type]).toEqual([1000, 1000, "default"]);
  });

  it("treats a list's window as the store does: started at starts_at exclusive, over at ends_at", async () => {
    const {
      variants: [v],
    } = await f.product();
    const p = await f.price({ variant: v!, amount: 500, list: await f.priceList({ starts_at: new Date(AT), ends_at: atPlus(1000) }) });
    expect((await reasons(`variant_id=${v}&anonymous=true&currency_code=eur&at=${AT}`))[p]).toEqual(["price_list_not_started"]);
    expect((await reasons(`variant_id=${v}&anonymous=true&currency_code=eur&at=${atPlus(1).toISOString()}`))[p]).toEqual([]);
    expect((await reasons(`variant_id=${v}&anonymous=true&currency_code=eur&at=${atPlus(999).toISOString()}`))[p]).toEqual([]);
    expect((await reasons(`variant_id=${v}&anonymous=true&currency_code=eur&at=${atPlus(1000).toISOString()}`))[p]).toEqual(["price_list_expired"]);
  });

  it("names group_not_entitled for a customer or groups outside the list's groups, anonymous_shopper for nobody", async () => {
    const inside = await f.customer();
    const outside = await f.customer();
    const vip = await f.group(inside);
    const other = await f.group(outside);
    const {
      variants: [v],
    } = await f.product();
    const p = await f.price({ variant: v!, amount: 500, list: await f.priceList({ groups: [vip] }) });
    const publicPrice = await f.price({ variant: v!, amount: 700, list: await f.priceList() });
    const q = `variant_id=${v}&currency_code=eur&at=${AT}`;
    expect((await reasons(`${q}&customer_id=${inside}`))[p]).toEqual([]);
    expect((await reasons(`${q}&customer_id=${outside}`))[p]).toEqual(["group_not_entitled"]);
    expect((await reasons(`${q}&customer_group_id[]=${other}`))[p]).toEqual(["group_not_entitled"]);
    expect((await reasons(`${q}&customer_group_id[]=${other}&customer_group_id[]=${vip}`))[p]).toEqual([]);
    const anon = await reasons(`${q}&anonymous=true`);
    expect(anon[p]).toEqual(["anonymous_shopper"]);
    expect(anon[publicPrice]).toEqual([]);
    const hypothetical = await explain(`${q}&customer_group_id[]=${vip}&customer_group_id[]=${other}`);
    expect(hypothetical.customer_id).toBeNull();
    expect(hypothetical.customer_group_ids).toEqual([vip, other].sort());
    expect(hypothetical.calculated_price).toBe(500);
  });

  it("names currency_mismatch and region_mismatch; a price of another region in the region's currency applies (v1)", async () => {
    const eu2 = await f.region("eur");
    const {
      variants: [v],
    } = await f.product();
    const usd = await f.price({ variant: v!, amount: 100, currency: "usd" });
    const usRegion = await f.price({ variant: v!, amount: 110, currency: "usd", region: us });
    const eu2Price = await f.price({ variant: v!, amount: 900, region: eu2 });
    const euPrice = await f.price({ variant: v!, amount: 1000, region: eu });
    const inRegion = await reasons(`variant_id=${v}&anonymous=true&region_id=${eu}&at=${AT}`);
    expect(inRegion).toEqual({ [usd]: ["currency_mismatch"], [usRegion]: ["currency_mismatch", "region_mismatch"], [eu2Price]: [], [euPrice]: [] });
    const e = await explain(`variant_id=${v}&anonymous=true&region_id=${eu}&at=${AT}`);
    expect([e.original_price, e.calculated_price]).toEqual([1000, 900]);
    const inUsd = await reasons(`variant_id=${v}&anonymous=true&currency_code=usd&at=${AT}`);
    expect(inUsd).toEqual({ [usd]: [], [usRegion]: [], [eu2Price]: ["currency_mismatch"], [euPrice]: ["currency_mismatch"] });
  });

  it("names quantity_below_min and quantity_above_max; without a quantity it prices as the product page", async () => {
    const {
      variants: [v],
    } = await f.product();
    await f.price({ variant: v!, amount: 1000 });
    const tier = await f.price({ variant: v!, amount: 800, min: 10, max: 19 });
    const small = await f.price({ variant: v!, amount: 950, min: 1, max: 5, list: await f.priceList() });
    const q = `variant_id=${v}&anonymous=true&currency_code=eur&at=${AT}`;
    expect(await reasons(`${q}&quantity=1`)).toMatchObject({ [tier]: ["quantity_below_min"], [small]: [] });
    expect(await reasons(`${q}&quantity=20`)).toMatchObject({ [tier]: ["quantity_above_max"], [small]: ["quantity_above_max"] });
    expect(await reasons(`${q}&quantity=12`)).toMatchObject({ [tier]: [], [small]: ["quantity_above_max"] });
    expect(await reasons(q)).toMatchObject({ [tier]: ["quantity_below_min"], [small]: ["quantity_below_min"] });
    expect((await explain(`${q}&quantity=12`)).calculated_price).toBe(800);
    expect((await explain(`${q}&quantity=1`)).calculated_price).toBe(950);
    const page = await explain(q);
    expect([page.quantity, page.calculated_price, page.winner.amount]).toEqual([null, 1000, 1000]);
  });

  it("reports no winner and null prices when nothing applies, and a tie goes to the oldest price", async () => {
    const {
      variants: [v],
    } = await f.product();
    const e = await explain(`variant_id=${v}&anonymous=true&currency_code=eur&at=${AT}`);
    expect(e).toMatchObject({ original_price: null, calculated_price: null, calculated_price_type: null, winner: null, candidates: [] });
    const first = await f.price({ variant: v!, amount: 700, list: await f.priceList() });
    await f.price({ variant: v!, amount: 700, list: await f.priceList({ type: "override" }) });
    const tie = await explain(`variant_id=${v}&anonymous=true&currency_code=eur&at=${AT}`);
    expect(tie.winner.money_amount_id).toBe(first);
    expect(tie.calculated_price_type).toBe("sale");
  });

  it("answers 404 in v1's style for unknown ids", async () => {
    const {
      variants: [v],
    } = await f.product();
    const cases: Array<[string, string]> = [
      [`variant_id=nope&anonymous=true&currency_code=eur`, "Variant with id: nope was not found"],
      [`variant_id=${v}&anonymous=true&region_id=reg_nope`, "Region with reg_nope was not found"],
      [`variant_id=${v}&customer_id=cus_nope&currency_code=eur`, "Customer with id: cus_nope was not found"],
      [`variant_id=${v}&customer_group_id[]=cgrp_nope&currency_code=eur`, "CustomerGroup with id cgrp_nope was not found"],
    ];
    for (const [query, message] of cases) {
      const res = await f.admin(`/admin/pricing/explain?${query}`);
      expect([res.statusCode, res.json()], query).toEqual([404, { type: "not_found", message }]);
    }
  });

  it("answers 400 invalid_data for a bad combination or value", async () => {
    const {
      variants: [v],
    } = await f.product();
    const cus = await f.customer();
    const g = await f.group();
    const shopper = "Exactly one of customer_id, customer_group_id or anonymous=true is required";
    const place = "Exactly one of region_id or currency_code is required";
    const cases: Array<[string, string | RegExp]> = [
      [`variant_id=${v}&currency_code=eur`, shopper],
      [`variant_id=${v}&anonymous=false&currency_code=eur`, shopper],
      [`variant_id=${v}&customer_id=${cus}&anonymous=true&currency_code=eur`, shopper],
      [`variant_id=${v}&customer_id=${cus}&customer_group_id[]=${g}&currency_code=eur`, shopper],
      [`variant_id=${v}&anonymous=true`, place],
      [`variant_id=${v}&anonymous=true&currency_code=eur&region_id=${eu}`, place],
      [`variant_id=${v}&anonymous=true&currency_code=eur&quantity=0`, /quantity/],
      [`variant_id=${v}&anonymous=true&currency_code=eur&quantity=1.5`, /quantity/],
      [`variant_id=${v}&anonymous=true&currency_code=eur&at=yesterday`, "at must be an ISO 8601 date (e.g. 2025-01-31T12:00:00Z)"],
      [`variant_id=${v}&anonymous=true&currency_code=eur&at=2025-02-30T00:00:00Z`, /^at must be/],
      [`anonymous=true&currency_code=eur`, /variant_id/],
      [`variant_id=${v}&anonymous=true&currency_code=eur&foo=1`, /foo/],
    ];
    for (const [query, message] of cases) {
      const res = await f.admin(`/admin/pricing/explain?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().type, query).toBe("invalid_data");
      if (typeof message === "string") expect(res.json().message, query).toBe(message);
      else expect(res.json().message, query).toMatch(message);
    }
  });

  it("requires admin credentials", async () => {
    const res = await t.app.inject({ method: "GET", url: "/admin/pricing/explain?variant_id=x&anonymous=true&currency_code=eur" });
    expect(res.statusCode).toBe(401);
  });
});
