import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Cohort from "@cohort/client";
import { startCohort, uniq, type LiveCohort } from "./cohort-server.js";
import { failure, ISO, RESPONSE_200 } from "./helpers.js";

let t: LiveCohort;
let cohort: Cohort;
beforeAll(async () => {
  t = await startCohort();
  cohort = new Cohort({ baseUrl: t.baseUrl, apiKey: t.admin.token });
});
afterAll(() => t.close());

describe("admin.regions", () => {
  it("create, retrieve, update, list and delete", async () => {
    const name = uniq("Region ");
    const { region, response } = await cohort.admin.regions.create({ name, currency_code: "EUR", tax_rate: 25, countries: ["dk"], metadata: { a: 1 } });
    expect(response.status).toBe(200);
    expect(region).toEqual({
      id: expect.stringMatching(/^reg_/),
      name,
      currency_code: "eur",
      tax_rate: 25,
      tax_code: null,
      gift_cards_taxable: true,
      automatic_taxes: true,
      tax_provider_id: null,
      metadata: { a: 1 },
      countries: [expect.objectContaining({ iso_2: "dk", region_id: region.id })],
      payment_providers: [],
      fulfillment_providers: [],
      created_at: ISO,
      updated_at: ISO,
      deleted_at: null,
    });

    expect((await cohort.admin.regions.retrieve(region.id)).region).toEqual(region);
    expect((await cohort.admin.regions.retrieve(region.id, { fields: "name" })).region.id).toBe(region.id);

    const updated = await cohort.admin.regions.update(region.id, { tax_rate: 20, automatic_taxes: false });
    expect(updated.region).toMatchObject({ id: region.id, tax_rate: 20, automatic_taxes: false });

    const list = await cohort.admin.regions.list({ q: name, limit: 5 });
    expect(list).toEqual({ regions: [expect.objectContaining({ id: region.id })], count: 1, offset: 0, limit: 5, response: RESPONSE_200 });
    const dated = await cohort.admin.regions.list({ created_at: { gt: new Date(Date.now() - 3600_000) }, limit: 100 });
    expect(dated.regions.map((r) => r.id)).toContain(region.id);
    expect((await cohort.admin.regions.list()).limit).toBe(50);

    expect(await cohort.admin.regions.delete(region.id)).toEqual({ id: region.id, object: "region", deleted: true, response: RESPONSE_200 });
    expect((await failure(cohort.admin.regions.retrieve(region.id))).status).toBe(404);
  });

  it("surfaces an unknown currency as 404 not_found with v1's message", async () => {
    const err = await failure(cohort.admin.regions.create({ name: uniq("R"), currency_code: "xyz", tax_rate: 0 }));
    expect(err).toMatchObject({ status: 404, type: "not_found", message: "Currency with currency_code xyz does not exist." });
  });
});

describe("regions (store)", () => {
  it("list and retrieve without admin credentials", async () => {
    const { region } = await cohort.admin.regions.create({ name: uniq("Store region "), currency_code: "usd", tax_rate: 0 });
    const shopper = new Cohort({ baseUrl: t.baseUrl });
    const { regions, count, response } = await shopper.regions.list();
    expect(response.status).toBe(200);
    expect(count).toBeGreaterThanOrEqual(1);
    expect(regions.map((r) => r.id)).toContain(region.id);
    expect((await shopper.regions.retrieve(region.id)).region).toEqual(region);
    expect((await failure(shopper.regions.retrieve("reg_nope"))).status).toBe(404);
  });
});

describe("admin.products", () => {
  it("create (with variants and prices), retrieve, update, list and delete", async () => {
    const { region } = await cohort.admin.regions.create({ name: uniq("Product region "), currency_code: "eur", tax_rate: 10 });
    const title = uniq("Shirt ");
    const { product, response } = await cohort.admin.products.create({
      title,
      status: "published",
      variants: [{ title: "S", sku: uniq("sku-"), prices: [{ amount: 1000, currency_code: "usd" }, { amount: 900, region_id: region.id }] }],
    });
    expect(response.status).toBe(200);
    expect(product).toMatchObject({ id: expect.stringMatching(/^prod_/), title, status: "published", created_at: ISO });
    const variant = product.variants![0]!;
    expect(variant).toMatchObject({ id: expect.stringMatching(/^variant_/), title: "S", product_id: product.id });
    expect(variant.prices!.map((p) => [p.amount, p.currency_code, p.region_id]).sort()).toEqual([
      [1000, "usd", null],
      [900, "eur", region.id],
    ]);

    expect((await cohort.admin.products.retrieve(product.id)).product.id).toBe(product.id);

    const updated = await cohort.admin.products.update(product.id, { subtitle: "Cotton", metadata: { fit: "slim" } });
    expect(updated.product).toMatchObject({ id: product.id, subtitle: "Cotton", metadata: { fit: "slim" } });

    const list = await cohort.admin.products.list({ q: title, status: ["published"], limit: 5 });
    expect(list).toMatchObject({ count: 1, offset: 0, limit: 5 });
    expect(list.products[0]!.id).toBe(product.id);
    expect((await cohort.admin.products.list({ id: [product.id] })).count).toBe(1);

    expect(await cohort.admin.products.delete(product.id)).toEqual({ id: product.id, object: "product", deleted: true, response: RESPONSE_200 });
    expect((await failure(cohort.admin.products.retrieve(product.id))).status).toBe(404);
  });

  it("createVariant, updateVariant and deleteVariant", async () => {
    const { product } = await cohort.admin.products.create({ title: uniq("Mug ") });
    const created = await cohort.admin.products.createVariant(product.id, { title: "Blue", prices: [{ amount: 500, currency_code: "usd" }] });
    const variant = created.product.variants!.find((v) => v.title === "Blue")!;
    expect(variant.prices).toEqual([expect.objectContaining({ amount: 500, currency_code: "usd" })]);

    const priceId = variant.prices![0]!.id;
    const updated = await cohort.admin.products.updateVariant(product.id, variant.id, { title: "Navy", prices: [{ id: priceId, amount: 450, currency_code: "usd" }] });
    const navy = updated.product.variants!.find((v) => v.id === variant.id)!;
    expect(navy).toMatchObject({ title: "Navy", prices: [expect.objectContaining({ id: priceId, amount: 450 })] });

    const deleted = await cohort.admin.products.deleteVariant(product.id, variant.id);
    expect(deleted).toMatchObject({ variant_id: variant.id, object: "product-variant", deleted: true, product: { id: product.id } });
    expect(deleted.product.variants!.map((v) => v.id)).not.toContain(variant.id);
  });

  it("surfaces validation errors as 400 invalid_data", async () => {
    const err = await failure(cohort.admin.products.create({ title: 5 } as never));
    expect(err).toMatchObject({ status: 400, type: "invalid_data", message: "title must be a string" });
  });
});

describe("products and products.variants (store), priced for the shopper", () => {
  /** A published product whose variant costs 1000 in the region, 800 for VIPs (a group price list). */
  async function pricedForVips() {
    const { region } = await cohort.admin.regions.create({ name: uniq("Shop region "), currency_code: "eur", tax_rate: 10 });
    const { product } = await cohort.admin.products.create({
      title: uniq("Jacket "),
      status: "published",
      variants: [{ title: "M", prices: [{ amount: 1000, region_id: region.id }] }],
    });
    const variantId = product.variants![0]!.id;
    const { customer_group } = await cohort.admin.customerGroups.create({ name: uniq("VIP ") });
    await cohort.admin.priceLists.create({
      name: uniq("VIP prices "),
      description: "for VIPs",
      type: "sale",
      status: "active",
      customer_groups: [{ id: customer_group.id }],
      prices: [{ variant_id: variantId, amount: 800, region_id: region.id }],
    });
    const email = `${uniq("vip")}@example.com`;
    const password = "pw-123456";
    const { customer } = await cohort.admin.customers.create({ email, password, first_name: "V", last_name: "IP" });
    await cohort.admin.customerGroups.addCustomers(customer_group.id, { customer_ids: [{ id: customer.id }] });
    return { region, product, variantId, email, password };
  }

  const priceOf = (products: Array<{ variants?: Array<{ calculated_price?: number | null; original_price?: number | null; calculated_price_type?: string }> }>) => {
    const v = products[0]!.variants![0]!;
    return [v.calculated_price, v.original_price, v.calculated_price_type];
  };

  it("an anonymous shopper sees the default price; list, retrieve and variants", async () => {
    const { region, product, variantId } = await pricedForVips();
    const shopper = new Cohort({ baseUrl: t.baseUrl });
    const { products, count, response } = await shopper.products.list({ id: [product.id], region_id: region.id });
    expect(response.status).toBe(200);
    expect(count).toBe(1);
    expect(priceOf(products)).toEqual([1000, 1000, "default"]);
    expect(products[0]!.variants![0]).toMatchObject({ calculated_price_incl_tax: 1100, calculated_tax: 100 });

    const { product: retrieved } = await shopper.products.retrieve(product.id);
    expect(retrieved).toMatchObject({ id: product.id, variants: [expect.objectContaining({ id: variantId })] });

    const { variants } = await shopper.products.variants.list({ ids: variantId, region_id: region.id });
    expect(variants.map((v) => [v.id, v.calculated_price])).toEqual([[variantId, 1000]]);
    const { variant } = await shopper.products.variants.retrieve(variantId);
    expect(variant).toMatchObject({ id: variantId, product_id: product.id });
    expect((await failure(shopper.products.retrieve("prod_nope"))).status).toBe(404);
  });

  it("a customer in the group sees the group price, by session, by JWT and by a per-call cookie", async () => {
    const { region, product, email, password } = await pricedForVips();
    const query = { id: [product.id], region_id: region.id };

    const bySession = new Cohort({ baseUrl: t.baseUrl });
    await bySession.auth.authenticate({ email, password });
    expect(priceOf((await bySession.products.list(query)).products)).toEqual([800, 1000, "sale"]);

    const byJwt = new Cohort({ baseUrl: t.baseUrl });
    await byJwt.auth.getToken({ email, password });
    expect(priceOf((await byJwt.products.list(query)).products)).toEqual([800, 1000, "sale"]);

    const byHand = new Cohort({ baseUrl: t.baseUrl });
    const cookie = `connect.sid=${bySession.client.getSessionCookie()}`;
    expect(priceOf((await byHand.products.list(query, { Cookie: cookie })).products)).toEqual([800, 1000, "sale"]);

    await bySession.auth.deleteSession();
    expect(priceOf((await bySession.products.list(query)).products)).toEqual([1000, 1000, "default"]);
  });
});
