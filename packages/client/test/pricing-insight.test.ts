import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Cohort from "@cohort/client";
import { startCohort, uniq, type LiveCohort } from "./cohort-server.js";
import { failure, ISO, RESPONSE_200 } from "./helpers.js";

let t: LiveCohort;
let cohort: Cohort;
let regionId: string;
let variantId: string;
let groupId: string;
let vipList: string;
let publicList: string;
beforeAll(async () => {
  t = await startCohort();
  cohort = new Cohort({ baseUrl: t.baseUrl, apiKey: t.admin.token });
  regionId = (await cohort.admin.regions.create({ name: uniq("Insight region "), currency_code: "eur", tax_rate: 0 })).region.id;
  const { product } = await cohort.admin.products.create({
    title: uniq("Insight "),
    status: "published",
    variants: [{ title: "One", prices: [{ amount: 1000, region_id: regionId }] }],
  });
  variantId = product.variants![0]!.id;
  groupId = (await cohort.admin.customerGroups.create({ name: uniq("VIP ") })).customer_group.id;
  const vip = await cohort.admin.priceLists.create({
    name: uniq("VIP "),
    description: "d",
    type: "sale",
    status: "active",
    customer_groups: [{ id: groupId }],
    prices: [{ variant_id: variantId, amount: 800, currency_code: "eur" }],
  });
  vipList = vip.price_list.id;
  const everyone = await cohort.admin.priceLists.create({
    name: uniq("Everyone "),
    description: "d",
    type: "sale",
    status: "active",
    prices: [{ variant_id: variantId, amount: 1100, currency_code: "eur" }],
  });
  publicList = everyone.price_list.id;
});
afterAll(() => t.close());

describe("admin.pricing.explain", () => {
  it("explains the price of a hypothetical group member and of an anonymous shopper", async () => {
    const at = new Date();
    const { explanation, response } = await cohort.admin.pricing.explain({ variant_id: variantId, customer_group_id: [groupId], region_id: regionId, at });
    expect(response.status).toBe(200);
    expect(explanation).toMatchObject({
      variant_id: variantId,
      customer_id: null,
      customer_group_ids: [groupId],
      region_id: regionId,
      currency_code: "eur",
      quantity: null,
      at: at.toISOString(),
      original_price: 1000,
      calculated_price: 800,
      calculated_price_type: "sale",
      winner: { price_list_id: vipList, amount: 800, rule: "lowest_amount" },
    });
    expect(explanation.candidates).toHaveLength(3);
    const anonymous = await cohort.admin.pricing.explain({ variant_id: variantId, anonymous: true, currency_code: "eur", quantity: 1 });
    expect(anonymous.explanation.candidates.find((c) => c.price_list_id === vipList)?.reasons).toEqual(["anonymous_shopper"]);
    expect(anonymous.explanation.at).toEqual(ISO);
  });

  it("rejects with v1's errors", async () => {
    expect(await failure(cohort.admin.pricing.explain({ variant_id: "variant_nope", anonymous: true, currency_code: "eur" }))).toMatchObject({
      status: 404,
      type: "not_found",
      message: "Variant with id: variant_nope was not found",
    });
    expect(await failure(cohort.admin.pricing.explain({ variant_id: variantId, currency_code: "eur" }))).toMatchObject({ status: 400, type: "invalid_data" });
  });
});

describe("admin.priceLists.impact and conflicts", () => {
  it("previews a list's impact", async () => {
    const { impact, response } = await cohort.admin.priceLists.impact(publicList, { at: new Date() });
    expect(response).toEqual(RESPONSE_200);
    expect(impact).toMatchObject({ price_list_id: publicList, active: true, public: true, prices: 1, variants_priced: 1 });
    expect(impact.negative_discounts).toMatchObject([{ variant_id: variantId, amount: 1100, base_amount: 1000 }]);
  });

  it("lists the conflicts with which list wins", async () => {
    const result = await cohort.admin.priceLists.conflicts(vipList, { limit: 10 });
    expect(result).toMatchObject({ count: 1, offset: 0, limit: 10, response: RESPONSE_200 });
    expect(result.conflicts[0]).toMatchObject({ price_list_id: publicList, public: true, winner_price_list_id: vipList, rule: "lowest_amount" });
    expect((await failure(cohort.admin.priceLists.conflicts("pl_nope"))).status).toBe(404);
  });
});
