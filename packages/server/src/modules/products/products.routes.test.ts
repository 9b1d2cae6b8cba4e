import { DEFAULT_VARIANT_COLUMNS } from "../../../test/shapes.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/harness.js";

let t: TestApp;
let region: { id: string; currency_code: string };
beforeAll(async () => {
  t = await createTestApp();
  region = (await post("/admin/regions", { name: "EU", currency_code: "eur", tax_rate: 10 })).json().region;
});
afterAll(() => t.close());

const post = (url: string, payload: unknown) => t.app.inject({ method: "POST", url, headers: t.admin.headers, payload: payload as object });
const get = (url: string) => t.app.inject({ method: "GET", url, headers: t.admin.headers });
const del = (url: string) => t.app.inject({ method: "DELETE", url, headers: t.admin.headers });

let seq = 0;
const uniqueTitle = (base = "Shirt") => `${base} ${++seq}`;

const date = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

const priceShape = (variantId: string, amount: number, currency: string, regionId: string | null = null) => ({
  id: expect.stringMatching(/^ma_[0-9A-Z]{26}$/),
  currency_code: currency,
  amount,
  min_quantity: null,
  max_quantity: null,
  price_list_id: null,
  region_id: regionId,
  variant_id: variantId,
  created_at: date,
  updated_at: date,
  deleted_at: null,
});

describe("POST /admin/products", () => {
  it("refuses every admin product route without credentials", async () => {
    for (const [method, url] of [
      ["GET", "/admin/products"],
      ["GET", "/admin/products/prod_1"],
      ["POST", "/admin/products"],
      ["POST", "/admin/products/prod_1"],
      ["DELETE", "/admin/products/prod_1"],
      ["POST", "/admin/products/prod_1/variants"],
      ["POST", "/admin/products/prod_1/variants/variant_1"],
      ["DELETE", "/admin/products/prod_1/variants/variant_1"],
    ] as const) {
      const res = await t.app.inject({ method, url, payload: method === "GET" ? undefined : {} });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
    }
  });

  it("creates a product with variants and prices; a region price takes the region's currency", async () => {
    const res = await post("/admin/products", {
      title: "Crème Shirt",
      status: "published",
      variants: [
        { title: "S", sku: "CS-S", prices: [{ amount: 1000, currency_code: "USD" }, { amount: 900, region_id: region.id }] },
        { title: "M", prices: [{ amount: 1100, currency_code: "usd", min_quantity: 2, max_quantity: 10 }] },
      ],
    });
    expect(res.statusCode).toBe(200);
    const product = res.json().product;
    expect(product).toEqual({
      id: expect.stringMatching(/^prod_[0-9A-Z]{26}$/),
      title: "Crème Shirt",
      subtitle: null,
      description: null,
      handle: "creme-shirt",
      is_giftcard: false,
      status: "published",
      thumbnail: null,
      weight: null,
      length: null,
      height: null,
      width: null,
      hs_code: null,
      origin_country: null,
      mid_code: null,
      material: null,
      collection_id: null,
      type_id: null,
      discountable: true,
      external_id: null,
      metadata: null,
      created_at: date,
      updated_at: date,
      deleted_at: null,
      collection: null,
      images: [],
      options: [],
      profiles: [],
      tags: [],
      type: null,
      variants: [expect.any(Object), expect.any(Object)],
    });
    const [s, m] = product.variants;
    expect(s).toEqual({
      id: expect.stringMatching(/^variant_[0-9A-Z]{26}$/),
      title: "S",
      product_id: product.id,
      sku: "CS-S",
      ...DEFAULT_VARIANT_COLUMNS,
      created_at: date,
      updated_at: date,
      deleted_at: null,
      options: [],
      prices: [priceShape(s.id, 1000, "usd"), priceShape(s.id, 900, "eur", region.id)],
    });
    expect(m.variant_rank).toBe(1);
    expect(m.prices).toEqual([{ ...priceShape(m.id, 1100, "usd"), min_quantity: 2, max_quantity: 10 }]);
    expect((await get(`/admin/products/${product.id}`)).json()).toEqual({ product });
  });

  it("answers 404 for an unknown region or currency and creates nothing", async () => {
    const title = uniqueTitle("Nothing");
    const badRegion = await post("/admin/products", { title, variants: [{ title: "A", prices: [{ amount: 1, region_id: "reg_nope" }] }] });
    expect(badRegion.statusCode).toBe(404);
    expect(badRegion.json()).toEqual({ type: "not_found", message: "Region with reg_nope was not found" });
    const badCurrency = await post("/admin/products", { title, variants: [{ title: "A", prices: [{ amount: 1, currency_code: "xyz" }] }] });
    expect(badCurrency.json()).toEqual({ type: "not_found", message: "Currency with currency_code xyz does not exist." });
    expect((await get(`/admin/products?title=${encodeURIComponent(title)}`)).json().count).toBe(0);
  });

  it("rejects bad input with 400: missing title, fractional or huge amount, unknown property, client id", async () => {
    expect((await post("/admin/products", {})).json()).toEqual({ type: "invalid_data", message: "title must be a string" });
    const frac = await post("/admin/products", { title: uniqueTitle(), variants: [{ title: "A", prices: [{ amount: 1.5, currency_code: "usd" }] }] });
    expect(frac.statusCode).toBe(400);
    expect(frac.json().message).toBe("amount must be an integer number");
    const huge = await post("/admin/products", { title: uniqueTitle(), variants: [{ title: "A", prices: [{ amount: 2 ** 40, currency_code: "usd" }] }] });
    expect(huge.statusCode).toBe(400);
    const neither = await post("/admin/products", { title: uniqueTitle(), variants: [{ title: "A", prices: [{ amount: 1 }] }] });
    expect(neither.statusCode).toBe(400);
    const extra = await post("/admin/products", { title: uniqueTitle(), id: "prod_mine" });
    expect(extra.json()).toEqual({ type: "invalid_data", message: "property id should not exist" });
    const status = await post("/admin/products", { title: uniqueTitle(), status: "live" });
    expect(status.json().message).toBe("status must be one of the following values: draft, proposed, published, rejected");
  });

  it("answers 400, not 500, for NUL characters and numbers out of range, and writes nothing", async () => {
    const title = uniqueTitle("Nul");
    for (const payload of [
      { title: "a\u0000b" },
      { title, variants: [{ title: "v", prices: [{ amount: 1, currency_code: "e\u0000" }] }] },
      { title, metadata: { "a\u0000": 1 } },
      { title, weight: 1e12 },
      { title, variants: [{ title: "v", prices: [{ amount: 1, currency_code: "usd", min_quantity: 5, max_quantity: 1 }] }] },
    ]) {
      const res = await post("/admin/products", payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().type).toBe("invalid_data");
    }
    expect((await get(`/admin/products?title=${encodeURIComponent(title)}`)).json().count).toBe(0);
  });

  it("answers 422 for a handle or sku already taken", async () => {
    const title = uniqueTitle("Dup");
    await post("/admin/products", { title, variants: [{ title: "A", sku: `SKU-${title}`, prices: [] }] });
    const again = await post("/admin/products", { title });
    expect(again.statusCode).toBe(422);
    expect(again.json().type).toBe("duplicate_error");
    const sku = await post("/admin/products", { title: uniqueTitle("Other"), variants: [{ title: "A", sku: `SKU-${title}`, prices: [] }] });
    expect(sku.statusCode).toBe(422);
  });
});

describe("GET /admin/products", () => {
  it("lists newest first with count/offset/limit (default 50), filters and searches", async () => {
    const a = (await post("/admin/products", { title: uniqueTitle("Listable"), description: "cosy wool" })).json().product;
    const b = (await post("/admin/products", { title: uniqueTitle("Listable"), status: "published", variants: [{ title: "V", sku: "FINDME-1", prices: [] }] })).json().product;
    const all = (await get("/admin/products")).json();
    expect(all).toMatchObject({ offset: 0, limit: 50 });
    expect(all.products.slice(0, 2).map((p: { id: string }) => p.id)).toEqual([b.id, a.id]);
    expect((await get("/admin/products?q=WOOL")).json().products.map((p: { id: string }) => p.id)).toEqual([a.id]);
    expect((await get("/admin/products?q=findme")).json().products.map((p: { id: string }) => p.id)).toEqual([b.id]);
    expect((await get(`/admin/products?id[]=${a.id}&id[]=${b.id}&status[]=published`)).json().products.map((p: { id: string }) => p.id)).toEqual([b.id]);
    expect((await get(`/admin/products?id=${a.id}`)).json().count).toBe(1);
    const page = (await get(`/admin/products?id[]=${a.id},${b.id}&order=created_at&limit=1&offset=1`)).json();
    expect(page).toMatchObject({ count: 2, limit: 1, offset: 1 });
    expect(page.products.map((p: { id: string }) => p.id)).toEqual([b.id]);
  });

  it("projects fields and expands only the requested relations", async () => {
    const p = (await post("/admin/products", { title: uniqueTitle("Proj"), variants: [{ title: "V", prices: [{ amount: 5, currency_code: "usd" }] }] })).json().product;
    const res = (await get(`/admin/products?id=${p.id}&fields=title&expand=variants`)).json();
    expect(res.products).toEqual([{ id: p.id, created_at: p.created_at, title: p.title, variants: [expect.not.objectContaining({ prices: expect.anything() })] }]);
    const one = (await get(`/admin/products/${p.id}?expand=`)).json().product;
    expect(one.variants).toBeUndefined();
    expect(one.title).toBe(p.title);
  });

  it("answers 400, never 500, for bad list parameters", async () => {
    for (const query of ["limit=-1", "offset=x", "order=nope", "expand=nope", "fields=nope", "created_at[gt]=x", "status[]=live", "foo=1"]) {
      const res = await get(`/admin/products?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().type).toBe("invalid_data");
    }
  });
});

describe("POST /admin/products/:id", () => {
  it("updates columns and merges metadata", async () => {
    const p = (await post("/admin/products", { title: uniqueTitle("Upd"), metadata: { a: 1, b: 2 } })).json().product;
    const res = await post(`/admin/products/${p.id}`, { subtitle: "sub", status: "published", metadata: { a: "", c: 3 } });
    expect(res.statusCode).toBe(200);
    expect(res.json().product).toMatchObject({ title: p.title, subtitle: "sub", status: "published", metadata: { b: 2, c: 3 } });
    expect((await post("/admin/products/prod_nope", { title: "x" })).json()).toEqual({ type: "not_found", message: "Product with id: prod_nope was not found" });
  });

  it("keeps every key of concurrent metadata merges of one product", async () => {
    const p = (await post("/admin/products", { title: uniqueTitle("Meta"), metadata: { gone: 1 } })).json().product;
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => post(`/admin/products/${p.id}`, { metadata: { [`k${i}`]: i, gone: "" } })));
    expect(results.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
    const metadata = (await get(`/admin/products/${p.id}`)).json().product.metadata;
    expect(metadata).toEqual(Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`k${i}`, i])));
  });

  it("replaces the variant list: updates by id, creates without id, deletes the rest with their prices", async () => {
    const p = (
      await post("/admin/products", {
        title: uniqueTitle("Variants"),
        variants: [
          { title: "keep", prices: [{ amount: 100, currency_code: "usd" }] },
          { title: "drop", prices: [{ amount: 200, currency_code: "usd" }] },
        ],
      })
    ).json().product;
    const [keep, drop] = p.variants;
    const res = await post(`/admin/products/${p.id}`, {
      variants: [
        { title: "new", prices: [{ amount: 300, currency_code: "eur" }] },
        { id: keep.id, title: "kept", prices: [{ id: keep.prices[0].id, amount: 150, currency_code: "usd" }] },
      ],
    });
    expect(res.statusCode).toBe(200);
    const variants = res.json().product.variants;
    expect(variants.map((v: { title: string; variant_rank: number }) => [v.title, v.variant_rank])).toEqual([
      ["new", 0],
      ["kept", 1],
    ]);
    expect(variants[1].prices).toEqual([{ ...priceShape(keep.id, 150, "usd"), id: keep.prices[0].id }]);
    const orphans = await t.db.db.selectFrom("money_amount").select("id").where("variant_id", "=", drop.id).execute();
    expect(orphans).toEqual([]);
    const unknown = await post(`/admin/products/${p.id}`, { variants: [{ id: "variant_nope", title: "x" }] });
    expect(unknown.json()).toEqual({ type: "not_found", message: "Variant with id: variant_nope was not found" });
  });
});

describe("variants of a product", () => {
  it("adds a variant (rank after the others) and returns the product", async () => {
    const p = (await post("/admin/products", { title: uniqueTitle("AddV"), variants: [{ title: "A", prices: [] }] })).json().product;
    const res = await post(`/admin/products/${p.id}/variants`, { title: "B", inventory_quantity: 5, prices: [{ amount: 700, region_id: region.id }] });
    expect(res.statusCode).toBe(200);
    const b = res.json().product.variants[1];
    expect(b).toMatchObject({ title: "B", variant_rank: 1, inventory_quantity: 5, prices: [priceShape(b.id, 700, "eur", region.id)] });
    expect((await post("/admin/products/prod_nope/variants", { title: "x", prices: [] })).statusCode).toBe(404);
    expect((await post(`/admin/products/${p.id}/variants`, { title: "x" })).json()).toEqual({ type: "invalid_data", message: "prices must be an array" });
  });

  it("updates a variant: columns, and its plain prices replaced (ids kept when given); price-list prices stay", async () => {
    const p = (
      await post("/admin/products", { title: uniqueTitle("UpdV"), variants: [{ title: "A", prices: [{ amount: 100, currency_code: "usd" }, { amount: 90, currency_code: "eur" }] }] })
    ).json().product;
    const v = p.variants[0];
    await t.db.db.insertInto("price_list").values({ id: `pl_${v.id}`, name: "x", description: "x", type: "sale", status: "active" }).execute();
    await t.db.db.insertInto("money_amount").values({ id: `ma_list_${v.id}`, variant_id: v.id, currency_code: "usd", amount: 50, price_list_id: `pl_${v.id}` }).execute();

    const res = await post(`/admin/products/${p.id}/variants/${v.id}`, {
      title: "A2",
      metadata: { x: 1 },
      prices: [{ id: v.prices[0].id, amount: 120, currency_code: "usd" }, { amount: 80, region_id: region.id }],
    });
    expect(res.statusCode).toBe(200);
    const updated = res.json().product.variants[0];
    expect(updated).toMatchObject({ title: "A2", metadata: { x: 1 } });
    expect(updated.prices.map((x: { id: string; amount: number; price_list_id: string | null }) => [x.amount, x.price_list_id])).toEqual(
      expect.arrayContaining([
        [120, null],
        [80, null],
        [50, `pl_${v.id}`],
      ]),
    );
    expect(updated.prices).toHaveLength(3);
    expect(updated.prices.find((x: { amount: number }) => x.amount === 120).id).toBe(v.prices[0].id);

    const other = (await post("/admin/products", { title: uniqueTitle("OtherP") })).json().product;
    expect((await post(`/admin/products/${other.id}/variants/${v.id}`, { title: "x" })).json()).toEqual({
      type: "not_found",
      message: `Variant with id: ${v.id} was not found`,
    });
  });

  it("keeps every key of concurrent metadata merges of one variant; an update without metadata keeps it", async () => {
    const p = (await post("/admin/products", { title: uniqueTitle("MetaV"), variants: [{ title: "A", metadata: { gone: 1, kept: true }, prices: [] }] })).json().product;
    const v = p.variants[0];
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => post(`/admin/products/${p.id}/variants/${v.id}`, { metadata: { [`k${i}`]: i, gone: "" } })),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
    await post(`/admin/products/${p.id}/variants/${v.id}`, { title: "A2" });
    const variant = (await get(`/admin/products/${p.id}`)).json().product.variants[0];
    expect(variant.title).toBe("A2");
    expect(variant.metadata).toEqual({ kept: true, ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`k${i}`, i])) });
  });

  it("deletes a variant with all its prices, price-list prices included", async () => {
    const p = (await post("/admin/products", { title: uniqueTitle("DelV"), variants: [{ title: "A", prices: [{ amount: 1, currency_code: "usd" }] }, { title: "B", prices: [] }] })).json().product;
    const v = p.variants[0];
    await t.db.db.insertInto("price_list").values({ id: `pl_${v.id}`, name: "x", description: "x" }).execute();
    await t.db.db.insertInto("money_amount").values({ id: `ma_list_${v.id}`, variant_id: v.id, currency_code: "usd", amount: 50, price_list_id: `pl_${v.id}` }).execute();
    const res = await del(`/admin/products/${p.id}/variants/${v.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ variant_id: v.id, object: "product-variant", deleted: true, product: expect.objectContaining({ id: p.id }) });
    expect(res.json().product.variants.map((x: { id: string }) => x.id)).toEqual([p.variants[1].id]);
    expect(await t.db.db.selectFrom("money_amount").select("id").where("variant_id", "=", v.id).execute()).toEqual([]);
  });
});

describe("DELETE /admin/products/:id", () => {
  it("deletes the product, its variants and all their prices; idempotent", async () => {
    const p = (await post("/admin/products", { title: uniqueTitle("DelP"), variants: [{ title: "A", prices: [{ amount: 1, currency_code: "usd" }] }] })).json().product;
    const v = p.variants[0];
    await t.db.db.insertInto("price_list").values({ id: `pl_${v.id}`, name: "x", description: "x" }).execute();
    await t.db.db.insertInto("money_amount").values({ id: `ma_list_${v.id}`, variant_id: v.id, currency_code: "usd", amount: 50, price_list_id: `pl_${v.id}` }).execute();
    const res = await del(`/admin/products/${p.id}`);
    expect(res.json()).toEqual({ id: p.id, object: "product", deleted: true });
    expect((await get(`/admin/products/${p.id}`)).json()).toEqual({ type: "not_found", message: `Product with id: ${p.id} was not found` });
    expect(await t.db.db.selectFrom("money_amount").select("id").where("variant_id", "=", v.id).execute()).toEqual([]);
    expect(await t.db.db.selectFrom("product_variant").select("id").where("id", "=", v.id).execute()).toEqual([]);
    expect((await del(`/admin/products/${p.id}`)).statusCode).toBe(200);
  });
});
