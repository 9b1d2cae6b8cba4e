import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Cohort from "@cohort/client";
import { createProduct, createRegion } from "../../server/test/factories.js";
import { startCohort, uniq, type LiveCohort } from "./cohort-server.js";
import { failure, ISO, RESPONSE_200 } from "./helpers.js";

let t: LiveCohort;
let cohort: Cohort;
let regionId: string;
beforeAll(async () => {
  t = await startCohort();
  cohort = new Cohort({ baseUrl: t.baseUrl, apiKey: t.admin.token });
  regionId = (await createRegion(t, { currency_code: "eur" })).id;
});
afterAll(() => t.close());

const PRICE_ID = expect.stringMatching(/^ma_/);
const newList = (overrides: Partial<Parameters<Cohort["admin"]["priceLists"]["create"]>[0]> = {}) =>
  cohort.admin.priceLists.create({ name: uniq("List "), description: "desc", type: "sale", prices: [], ...overrides });

describe("admin.priceLists", () => {
  it("create resolves to the list with its prices and groups (default projection)", async () => {
    const name = uniq("Summer ");
    const { price_list, response } = await cohort.admin.priceLists.create({
      name,
      description: "Summer sale",
      type: "override",
      status: "active",
      starts_at: "2024-01-01T00:00:00.000Z",
      prices: [
        { variant_id: "variant_nope", amount: 900, currency_code: "usd" },
        { variant_id: "variant_nope", amount: 800, region_id: regionId, min_quantity: 2 },
      ],
    });
    expect(response.status).toBe(200);
    expect(price_list).toEqual({
      id: expect.stringMatching(/^pl_/),
      name,
      description: "Summer sale",
      type: "override",
      status: "active",
      starts_at: "2024-01-01T00:00:00.000Z",
      ends_at: null,
      created_at: ISO,
      updated_at: ISO,
      deleted_at: null,
      customer_groups: [],
      prices: expect.arrayContaining([
        expect.objectContaining({ id: PRICE_ID, amount: 900, currency_code: "usd", region_id: null, variants: [] }),
        expect.objectContaining({ id: PRICE_ID, amount: 800, currency_code: "eur", region_id: regionId, min_quantity: 2 }),
      ]),
    });
    expect(price_list.prices).toHaveLength(2);
  });

  it("retrieve, update (upsert prices), list and delete", async () => {
    const { price_list } = await newList({ prices: [{ variant_id: "variant_a", amount: 100, currency_code: "usd" }] });
    const retrieved = await cohort.admin.priceLists.retrieve(price_list.id);
    expect(retrieved.price_list).toEqual(price_list);

    const priceId = price_list.prices![0]!.id;
    const { price_list: updated } = await cohort.admin.priceLists.update(price_list.id, {
      name: "Renamed",
      ends_at: null,
      prices: [
        { id: priceId, variant_id: "variant_a", amount: 90 },
        { variant_id: "variant_b", amount: 50, currency_code: "usd" },
      ],
    });
    expect(updated.name).toBe("Renamed");
    expect(updated.prices!.map((p) => [p.variant_id ?? null, p.amount]).sort()).toEqual([
      [null, 50],
      [null, 90],
    ]);

    const { price_lists, count, limit, offset } = await cohort.admin.priceLists.list({ q: "Renamed", status: ["draft"] });
    expect({ count, limit, offset }).toEqual({ count: 1, limit: 10, offset: 0 });
    expect(price_lists[0]!.id).toBe(price_list.id);
    // medusa-js asks for /admin/price-lists/ (trailing slash) without a query
    const all = await cohort.admin.priceLists.list();
    expect(all.price_lists.map((p) => p.id)).toContain(price_list.id);
    const expanded = await cohort.admin.priceLists.list({ id: price_list.id, expand: "prices" });
    expect(expanded.price_lists[0]!.prices).toHaveLength(2);

    expect(await cohort.admin.priceLists.delete(price_list.id)).toEqual({ id: price_list.id, object: "price-list", deleted: true, response: RESPONSE_200 });
    const err = await failure(cohort.admin.priceLists.retrieve(price_list.id));
    expect(err).toMatchObject({ status: 404, type: "not_found", message: `Price list with id: ${price_list.id} was not found` });
  });

  it("addPrices adds, and with override replaces every other price", async () => {
    const { price_list } = await newList({ prices: [{ variant_id: "variant_a", amount: 100, currency_code: "usd" }] });
    const added = await cohort.admin.priceLists.addPrices(price_list.id, { prices: [{ variant_id: "variant_b", amount: 70, currency_code: "usd" }] });
    expect(added.price_list.prices).toHaveLength(2);
    const replaced = await cohort.admin.priceLists.addPrices(price_list.id, {
      prices: [{ variant_id: "variant_c", amount: 60, region_id: regionId }],
      override: true,
    });
    expect(replaced.price_list.prices!.map((p) => p.amount)).toEqual([60]);
  });

  it("deletePrices echoes exactly the ids sent", async () => {
    const { price_list } = await newList({
      prices: [
        { variant_id: "variant_a", amount: 1, currency_code: "usd" },
        { variant_id: "variant_b", amount: 2, currency_code: "usd" },
      ],
    });
    const ids = [price_list.prices![0]!.id, "ma_unknown"];
    expect(await cohort.admin.priceLists.deletePrices(price_list.id, { price_ids: ids })).toEqual({
      ids,
      object: "money-amount",
      deleted: true,
      response: RESPONSE_200,
    });
    expect((await cohort.admin.priceLists.retrieve(price_list.id)).price_list.prices).toHaveLength(1);
  });

  it("deleteVariantPrices, deleteProductPrices and deleteProductsPrices resolve to the deleted ids", async () => {
    const { price_list } = await newList({ prices: [{ variant_id: "variant_x", amount: 1, currency_code: "usd" }] });
    const byVariant = await cohort.admin.priceLists.deleteVariantPrices(price_list.id, "variant_x");
    expect(byVariant).toEqual({ ids: [price_list.prices![0]!.id], object: "money-amount", deleted: true, response: RESPONSE_200 });
    expect((await cohort.admin.priceLists.deleteVariantPrices(price_list.id, "variant_x")).ids).toEqual([]);
    expect((await cohort.admin.priceLists.deleteProductPrices(price_list.id, "prod_unknown")).ids).toEqual([]);
    expect((await cohort.admin.priceLists.deleteProductsPrices(price_list.id, { product_ids: ["prod_unknown"] })).ids).toEqual([]);
  });

  it("deleteProductPrices and deleteProductsPrices delete the list's prices of every variant of the products", async () => {
    const [p1, p2] = [await createProduct(t, { variants: 2 }), await createProduct(t, { variants: 2 })];
    const variantIds = [...p1.variantIds, ...p2.variantIds];
    const { price_list } = await newList({ prices: variantIds.map((variant_id) => ({ variant_id, amount: 10, currency_code: "usd" })) });
    const priceOf = (variantId: string) => price_list.prices!.find((p) => p.variant_id === variantId)!.id;
    expect(price_list.prices!.every((p) => p.variant?.id === p.variant_id)).toBe(true);

    const one = await cohort.admin.priceLists.deleteProductPrices(price_list.id, p1.id);
    expect(one.ids.sort()).toEqual(p1.variantIds.map(priceOf).sort());
    const many = await cohort.admin.priceLists.deleteProductsPrices(price_list.id, { product_ids: [p1.id, p2.id] });
    expect(many).toEqual({ ids: expect.any(Array), object: "money-amount", deleted: true, response: RESPONSE_200 });
    expect(many.ids.sort()).toEqual(p2.variantIds.map(priceOf).sort());
    expect((await cohort.admin.priceLists.retrieve(price_list.id)).price_list.prices).toEqual([]);
  });

  it("listProducts lists the products priced in the list, each variant with its plain prices and this list's", async () => {
    const { product } = await cohort.admin.products.create({
      title: uniq("Listed "),
      variants: [{ title: "A", prices: [{ amount: 1000, currency_code: "usd" }] }],
    });
    const { product: other } = await cohort.admin.products.create({ title: uniq("Unlisted "), variants: [{ title: "A", prices: [] }] });
    const variantId = product.variants![0]!.id;
    const { price_list } = await newList({ prices: [{ variant_id: variantId, amount: 800, currency_code: "usd" }] });
    await newList({ prices: [{ variant_id: variantId, amount: 700, currency_code: "usd" }] });

    const res = await cohort.admin.priceLists.listProducts(price_list.id);
    expect(res).toMatchObject({ count: 1, offset: 0, limit: 50, response: RESPONSE_200 });
    expect(res.products.map((p) => p.id)).toEqual([product.id]);
    expect(res.products.map((p) => p.id)).not.toContain(other.id);
    const prices = res.products[0]!.variants![0]!.prices!;
    expect(prices.map((p) => [p.amount, p.price_list?.id ?? null]).sort()).toEqual([
      [1000, null],
      [800, price_list.id],
    ]);
    expect((await cohort.admin.priceLists.listProducts(price_list.id, { q: "no such product", limit: 5 })).count).toBe(0);
    expect((await cohort.admin.priceLists.listProducts("pl_unknown")).products).toEqual([]);
  });

  it("surfaces v1's validation messages", async () => {
    const err = await failure(cohort.admin.priceLists.create({} as never));
    expect(err).toMatchObject({
      status: 400,
      type: "invalid_data",
      message: "name must be a string, description must be a string, type must be one of the following values: sale, override, prices must be an array",
    });
    const xor = await failure(newList({ prices: [{ variant_id: "v", amount: 1 }] }));
    expect(xor.message).toBe('Failed XOR relation between "region_id" and "currency_code"., Failed XOR relation between "currency_code" and "region_id".');
  });
});
