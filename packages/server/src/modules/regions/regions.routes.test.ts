import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/harness.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const post = (url: string, payload: unknown) => t.app.inject({ method: "POST", url, headers: t.admin.headers, payload: payload as object });
const get = (url: string, headers = t.admin.headers) => t.app.inject({ method: "GET", url, headers });

const regionShape = {
  id: expect.stringMatching(/^reg_[0-9A-Z]{26}$/),
  name: expect.any(String),
  currency_code: expect.any(String),
  tax_rate: expect.any(Number),
  tax_code: null,
  gift_cards_taxable: true,
  automatic_taxes: true,
  tax_provider_id: null,
  metadata: null,
  countries: [],
  payment_providers: [],
  fulfillment_providers: [],
  created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
  updated_at: expect.any(String),
  deleted_at: null,
};

describe("POST /admin/regions", () => {
  it("refuses every admin region route without credentials", async () => {
    for (const [method, url] of [
      ["GET", "/admin/regions"],
      ["GET", "/admin/regions/reg_1"],
      ["POST", "/admin/regions"],
      ["POST", "/admin/regions/reg_1"],
      ["DELETE", "/admin/regions/reg_1"],
    ] as const) {
      const res = await t.app.inject({ method, url, payload: method === "GET" ? undefined : {} });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
    }
  });

  it("creates a region with a lower-cased currency, countries and providers", async () => {
    const res = await post("/admin/regions", {
      name: "Europe",
      currency_code: "EUR",
      tax_rate: 25,
      countries: ["DK", "se"],
      payment_providers: ["manual"],
      fulfillment_providers: ["manual"],
      metadata: { a: 1 },
    });
    expect(res.statusCode).toBe(200);
    const region = res.json().region;
    expect(region).toEqual({
      ...regionShape,
      name: "Europe",
      currency_code: "eur",
      tax_rate: 25,
      metadata: { a: 1 },
      countries: [
        { iso_2: "dk", name: "DENMARK", display_name: "Denmark", region_id: region.id },
        { iso_2: "se", name: "SWEDEN", display_name: "Sweden", region_id: region.id },
      ],
      payment_providers: [{ id: "manual", is_installed: true }],
      fulfillment_providers: [{ id: "manual", is_installed: true }],
    });
  });

  it("answers 404 for an unknown currency", async () => {
    const res = await post("/admin/regions", { name: "X", currency_code: "xyz", tax_rate: 0 });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ type: "not_found", message: "Currency with currency_code xyz does not exist." });
  });

  it("rejects missing fields, includes_tax and a bad tax rate with 400", async () => {
    const missing = await post("/admin/regions", {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toEqual({
      type: "invalid_data",
      message: "name must be a string, currency_code must be a string, tax_rate must be a number conforming to the specified constraints",
    });
    const flag = await post("/admin/regions", { name: "X", currency_code: "usd", tax_rate: 0, includes_tax: true });
    expect(flag.json()).toEqual({ type: "invalid_data", message: "property includes_tax should not exist" });
    const rate = await post("/admin/regions", { name: "X", currency_code: "usd", tax_rate: 101 });
    expect(rate.statusCode).toBe(400);
    expect(rate.json().message).toBe("The tax_rate must be between 0 and 1");
  });

  it("refuses an unknown country (400) and a country of another region (422)", async () => {
    const bad = await post("/admin/regions", { name: "X", currency_code: "usd", tax_rate: 0, countries: ["xx"] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ type: "invalid_data", message: "Invalid country code" });
    const owner = (await post("/admin/regions", { name: "NA", currency_code: "usd", tax_rate: 0, countries: ["us"] })).json().region;
    const taken = await post("/admin/regions", { name: "Y", currency_code: "usd", tax_rate: 0, countries: ["US"] });
    expect(taken.statusCode).toBe(422);
    expect(taken.json()).toEqual({
      type: "duplicate_error",
      code: "invalid_request_error",
      message: `United States already exists in region ${owner.id}`,
    });
  });
});

describe("GET/POST/DELETE /admin/regions/:id", () => {
  it("keeps every key of concurrent metadata merges of one region", async () => {
    const region = (await post("/admin/regions", { name: "Meta", currency_code: "eur", tax_rate: 0, metadata: { gone: 1 } })).json().region;
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => post(`/admin/regions/${region.id}`, { metadata: { [`k${i}`]: i, gone: "" } })));
    expect(results.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
    const metadata = (await get(`/admin/regions/${region.id}`)).json().region.metadata;
    expect(metadata).toEqual(Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`k${i}`, i])));
  });

  it("retrieves, updates (merging metadata) and deletes a region", async () => {
    const created = (await post("/admin/regions", { name: "UK", currency_code: "gbp", tax_rate: 20, countries: ["gb"], metadata: { a: 1, b: 2 } })).json().region;
    expect((await get(`/admin/regions/${created.id}`)).json()).toEqual({ region: created });

    const updated = await post(`/admin/regions/${created.id}`, { name: "United Kingdom", automatic_taxes: false, metadata: { b: "", c: 3 }, currency_code: "USD" });
    expect(updated.statusCode).toBe(200);
    expect(updated.json().region).toMatchObject({ name: "United Kingdom", automatic_taxes: false, metadata: { a: 1, c: 3 }, currency_code: "usd" });

    const del = await t.app.inject({ method: "DELETE", url: `/admin/regions/${created.id}`, headers: t.admin.headers });
    expect(del.json()).toEqual({ id: created.id, object: "region", deleted: true });
    const gone = await get(`/admin/regions/${created.id}`);
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toEqual({ type: "not_found", message: `Region with ${created.id} was not found` });
    // Its country is free again.
    expect((await post("/admin/regions", { name: "UK2", currency_code: "gbp", tax_rate: 20, countries: ["gb"] })).statusCode).toBe(200);
  });

  it("answers 404 for an unknown region on update and delete", async () => {
    expect((await post("/admin/regions/reg_nope", { name: "x" })).json()).toEqual({ type: "not_found", message: "Region with reg_nope was not found" });
    const del = await t.app.inject({ method: "DELETE", url: "/admin/regions/reg_nope", headers: t.admin.headers });
    expect(del.statusCode).toBe(404);
  });
});

describe("GET /admin/regions and /store/regions", () => {
  it("lists newest first with count, offset and limit (admin default 50, store 100)", async () => {
    const a = (await post("/admin/regions", { name: "List A", currency_code: "usd", tax_rate: 0 })).json().region;
    const b = (await post("/admin/regions", { name: "List B", currency_code: "usd", tax_rate: 0 })).json().region;
    const admin = (await get("/admin/regions")).json();
    expect(admin).toMatchObject({ offset: 0, limit: 50 });
    expect(admin.count).toBe(admin.regions.length);
    expect(admin.regions.slice(0, 2).map((r: { id: string }) => r.id)).toEqual([b.id, a.id]);

    const store = await t.app.inject({ method: "GET", url: "/store/regions?limit=1&offset=1" });
    expect(store.statusCode).toBe(200);
    expect(store.json()).toEqual({ regions: [a], count: admin.count, offset: 1, limit: 1 });
    expect((await t.app.inject({ method: "GET", url: `/store/regions/${b.id}` })).json()).toEqual({ region: b });
  });

  it("filters by q and projects fields", async () => {
    await post("/admin/regions", { name: "Zanzibar Q", currency_code: "tzs", tax_rate: 0 });
    const res = (await get("/admin/regions?q=zanzibar&fields=name")).json();
    expect(res.regions).toEqual([{ id: expect.any(String), created_at: expect.any(String), name: "Zanzibar Q", countries: [], payment_providers: [], fulfillment_providers: [] }]);
    expect((await get("/admin/regions?limit=-1")).statusCode).toBe(400);
    expect((await get("/admin/regions?expand=nope")).statusCode).toBe(400);
    expect((await get("/admin/regions?created_at[gt]=nope")).statusCode).toBe(400);
  });
});
