import { DEFAULT_VARIANT_COLUMNS } from "../../../test/shapes.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGroup, createPriceList, createProduct, createRegion, insertVariantPrice } from "../../../test/factories.js";
import { createTestApp, type TestApp } from "../../../test/harness.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type Method = "GET" | "POST" | "DELETE";
const api = (method: Method, url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: t.admin.headers, payload: payload as never });

const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
const PL_ID = expect.stringMatching(/^pl_[0-9A-Z]{26}$/);
const MA_ID = expect.stringMatching(/^ma_[0-9A-Z]{26}$/);

let seq = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++seq}`;

const baseBody = (overrides: Record<string, unknown> = {}) => ({ name: unique("List"), description: "desc", type: "sale", prices: [], ...overrides });

const countLists = async () => Number((await t.db.db.selectFrom("price_list").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
const countPrices = async () => Number((await t.db.db.selectFrom("money_amount").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);

const XOR = 'Failed XOR relation between "region_id" and "currency_code"., Failed XOR relation between "currency_code" and "region_id".';

const variantShape = (id: string, productId: string) => ({
  id,
  product_id: productId,
  title: expect.any(String),
  sku: expect.any(String),
  ...DEFAULT_VARIANT_COLUMNS,
  created_at: ISO,
  updated_at: ISO,
  deleted_at: null,
});

describe("price-list routes without credentials", () => {
  it("answers 401 on every route", async () => {
    for (const [method, url] of [
      ["POST", "/admin/price-lists"],
      ["GET", "/admin/price-lists"],
      ["GET", "/admin/price-lists/pl_1"],
      ["POST", "/admin/price-lists/pl_1"],
      ["DELETE", "/admin/price-lists/pl_1"],
      ["POST", "/admin/price-lists/pl_1/prices/batch"],
      ["DELETE", "/admin/price-lists/pl_1/prices/batch"],
      ["DELETE", "/admin/price-lists/pl_1/products/prod_1/prices"],
      ["DELETE", "/admin/price-lists/pl_1/products/prices/batch"],
      ["DELETE", "/admin/price-lists/pl_1/variants/variant_1/prices"],
      ["GET", "/admin/price-lists/pl_1/products"],
    ] as const) {
      const res = await t.app.inject({ method, url, payload: method === "GET" ? undefined : {} });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      expect(res.body).toBe("Unauthorized");
    }
  });
});

describe("POST /admin/price-lists", () => {
  it("creates a list and answers 200 with the default projection", async () => {
    const { id: productId, variantIds } = await createProduct(t);
    const group = await createGroup(t);
    const res = await api("POST", "/admin/price-lists", {
      name: "Summer",
      description: "Summer sale",
      type: "sale",
      prices: [{ variant_id: variantIds[0], amount: 900, currency_code: "usd", min_quantity: 2, max_quantity: 10 }],
      customer_groups: [{ id: group.id }],
    });
    expect(res.statusCode).toBe(200);
    const variant = variantShape(variantIds[0]!, productId);
    expect(res.json()).toEqual({
      price_list: {
        id: PL_ID,
        name: "Summer",
        description: "Summer sale",
        type: "sale",
        status: "draft",
        starts_at: null,
        ends_at: null,
        created_at: ISO,
        updated_at: ISO,
        deleted_at: null,
        prices: [
          {
            id: MA_ID,
            currency_code: "usd",
            amount: 900,
            min_quantity: 2,
            max_quantity: 10,
            price_list_id: res.json().price_list.id,
            region_id: null,
            created_at: ISO,
            updated_at: ISO,
            deleted_at: null,
            variants: [variant],
            variant,
            variant_id: variantIds[0],
          },
        ],
        customer_groups: [{ id: group.id, name: group.name, metadata: null, created_at: ISO, updated_at: ISO, deleted_at: null }],
      },
    });
  });

  it("stores the region's currency on a region price", async () => {
    const regionId = (await createRegion(t, { currency_code: "eur" })).id;
    const { variantIds } = await createProduct(t);
    const list = await createPriceList(t, { prices: [{ variant_id: variantIds[0], amount: 100, region_id: regionId }] });
    expect(list.prices[0]).toMatchObject({ region_id: regionId, currency_code: "eur", min_quantity: null, max_quantity: null });
  });

  it("accepts an unknown variant id and leaves out variant and variant_id", async () => {
    const list = await createPriceList(t, { prices: [{ variant_id: "variant_nope", amount: 100, currency_code: "usd" }] });
    expect(list.prices).toHaveLength(1);
    expect(list.prices[0].variants).toEqual([]);
    expect(list.prices[0]).not.toHaveProperty("variant");
    expect(list.prices[0]).not.toHaveProperty("variant_id");
  });

  it("keeps the given status and reads dates from strings and epoch milliseconds", async () => {
    const list = await createPriceList(t, { status: "active", type: "override", starts_at: "2030-01-02T03:04:05.678+02:00", ends_at: Date.UTC(2031, 0, 1) });
    expect(list).toMatchObject({ status: "active", type: "override", starts_at: "2030-01-02T01:04:05.678Z", ends_at: "2031-01-01T00:00:00.000Z" });
    const loose = await createPriceList(t, { starts_at: "Jan 5 2030 UTC", ends_at: null });
    expect(loose).toMatchObject({ starts_at: "2030-01-05T00:00:00.000Z", ends_at: null });
  });

  it("inserts many prices in one request", async () => {
    const prices = Array.from({ length: 500 }, (_, i) => ({ variant_id: `variant_bulk_${i}`, amount: i, currency_code: "usd" }));
    const list = await createPriceList(t, { prices });
    expect(list.prices).toHaveLength(500);
    expect(list.prices.map((p: { amount: number }) => p.amount)).toEqual(prices.map((p) => p.amount));
  });

  it("answers 400 with v1's message when required fields are missing", async () => {
    const res = await api("POST", "/admin/price-lists", {});
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      type: "invalid_data",
      message: "name must be a string, description must be a string, type must be one of the following values: sale, override, prices must be an array",
    });
  });

  it("answers 400 for bad enums, status first", async () => {
    const res = await api("POST", "/admin/price-lists", baseBody({ type: "big", status: "live" }));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      type: "invalid_data",
      message: "status must be one of the following values: active, draft, type must be one of the following values: sale, override",
    });
  });

  it("answers 400 with the XOR message for a price with both or neither of region and currency", async () => {
    const regionId = (await createRegion(t)).id;
    for (const price of [
      { variant_id: "v", amount: 1 },
      { variant_id: "v", amount: 1, currency_code: "usd", region_id: regionId },
      { variant_id: "v", amount: 1, currency_code: "", region_id: null },
    ]) {
      const res = await api("POST", "/admin/price-lists", baseBody({ prices: [price] }));
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ type: "invalid_data", message: XOR });
    }
  });

  it("answers 400 for a non-integer or out-of-range amount and a missing variant_id", async () => {
    const frac = await api("POST", "/admin/price-lists", baseBody({ prices: [{ variant_id: "v", amount: 1.5, currency_code: "usd" }] }));
    expect(frac.json()).toEqual({ type: "invalid_data", message: "amount must be an integer number" });
    const big = await api("POST", "/admin/price-lists", baseBody({ prices: [{ variant_id: "v", amount: 2 ** 31, currency_code: "usd" }] }));
    expect(big.statusCode).toBe(400);
    expect(big.json()).toEqual({ type: "invalid_data", message: "amount must not be greater than 2147483647" });
    const noVariant = await api("POST", "/admin/price-lists", baseBody({ prices: [{ amount: 1, currency_code: "usd" }] }));
    expect(noVariant.json()).toEqual({ type: "invalid_data", message: "variant_id must be a string" });
    const all = await api("POST", "/admin/price-lists", baseBody({ prices: [{ amount: "x", foo: 1 }] }));
    expect(all.json()).toEqual({
      type: "invalid_data",
      message: `property foo should not exist, ${XOR}, amount must be an integer number, variant_id must be a string`,
    });
  });

  it("answers 400 for unknown properties, and v1's 'includes_tax should not exist' for includes_tax", async () => {
    const res = await api("POST", "/admin/price-lists", baseBody({ includes_tax: true }));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ type: "invalid_data", message: "includes_tax should not exist" });
    const both = await api("POST", "/admin/price-lists", baseBody({ includes_tax: false, foo: 1, name: 5 }));
    expect(both.json()).toEqual({ type: "invalid_data", message: "property foo should not exist, name must be a string, includes_tax should not exist" });
    const list = (await api("POST", "/admin/price-lists", baseBody())).json().price_list;
    const update = await api("POST", `/admin/price-lists/${list.id}`, { includes_tax: true });
    expect(update.statusCode).toBe(400);
    expect(update.json()).toEqual({ type: "invalid_data", message: "includes_tax should not exist" });
    const nested = await api("POST", "/admin/price-lists", baseBody({ prices: [{ id: "ma_1", variant_id: "v", amount: 1, currency_code: "usd" }] }));
    expect(nested.json()).toEqual({ type: "invalid_data", message: "property id should not exist" });
  });

  it("answers 400 for an unparseable date or a date given as an object, and writes nothing", async () => {
    const before = await countLists();
    for (const [value, message] of [
      ["not a date", "starts_at must be a valid date"],
      [{ at: 1 }, "starts_at must be a valid date"],
      ["", "starts_at must be a valid date"],
      ["12000-01-01", "starts_at must be a valid date"],
      ["2020-02-30", "starts_at must be a valid date"],
    ] as const) {
      const res = await api("POST", "/admin/price-lists", baseBody({ starts_at: value }));
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ type: "invalid_data", message });
    }
    expect(await countLists()).toBe(before);
  });

  it("answers 404 for an unknown region (v1 answers 500) and creates nothing", async () => {
    const before = [await countLists(), await countPrices()];
    const res = await api("POST", "/admin/price-lists", baseBody({ prices: [{ variant_id: "v", amount: 1, region_id: "reg_missing" }] }));
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ type: "not_found", message: "Region with reg_missing was not found" });
    expect([await countLists(), await countPrices()]).toEqual(before);
  });

  it("answers 404 for an unknown currency", async () => {
    const res = await api("POST", "/admin/price-lists", baseBody({ prices: [{ variant_id: "v", amount: 1, currency_code: "zzz" }] }));
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ type: "not_found", message: "Currency with currency_code zzz does not exist." });
  });

  it("answers 404 for an unknown customer group and rolls the whole create back", async () => {
    const group = await createGroup(t);
    const before = [await countLists(), await countPrices()];
    const res = await api(
      "POST",
      "/admin/price-lists",
      baseBody({ prices: [{ variant_id: "v", amount: 1, currency_code: "usd" }], customer_groups: [{ id: group.id }, { id: "cgrp_missing" }] }),
    );
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ type: "not_found", message: "CustomerGroup with id cgrp_missing was not found" });
    expect([await countLists(), await countPrices()]).toEqual(before);
  });

  it("answers 400 for a malformed customer_groups entry", async () => {
    const res = await api("POST", "/admin/price-lists", baseBody({ customer_groups: ["cgrp_1"] }));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ type: "invalid_data", message: "each value in nested property customer_groups must be either object or array" });
  });
});

describe("GET /admin/price-lists/:id", () => {
  it("retrieves a list with the default projection, ignoring the query", async () => {
    const created = await createPriceList(t, { prices: [{ variant_id: "variant_x", amount: 5, currency_code: "usd" }] });
    const res = await api("GET", `/admin/price-lists/${created.id}?expand=nothing&foo=bar`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ price_list: created });
  });

  it("answers 404 for an unknown id", async () => {
    const res = await api("GET", "/admin/price-lists/pl_missing");
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ type: "not_found", message: "Price list with id: pl_missing was not found" });
  });
});

describe("GET /admin/price-lists", () => {
  it("pages with limit 10 by default, newest first, without relations", async () => {
    const name = unique("Paged");
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await createPriceList(t, { name, prices: [{ variant_id: "v", amount: i, currency_code: "usd" }] })).id);
    const res = await api("GET", `/admin/price-lists?name=${name}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body)).toEqual(["price_lists", "count", "offset", "limit"]);
    expect(body).toMatchObject({ count: 12, offset: 0, limit: 10 });
    expect(body.price_lists.map((l: { id: string }) => l.id)).toEqual([...ids].reverse().slice(0, 10));
    expect(body.price_lists[0]).toEqual({
      id: ids[11],
      name,
      description: "desc",
      type: "sale",
      status: "draft",
      starts_at: null,
      ends_at: null,
      created_at: ISO,
      updated_at: ISO,
      deleted_at: null,
    });
    const next = await api("GET", `/admin/price-lists?name=${name}&offset=10&limit=5&order=created_at`);
    expect(next.json()).toMatchObject({ count: 12, offset: 10, limit: 5 });
    expect(next.json().price_lists.map((l: { id: string }) => l.id)).toEqual(ids.slice(10));
    const all = await api("GET", `/admin/price-lists?name=${name}&limit=0`);
    expect(all.json().price_lists).toHaveLength(12);
  });

  it("answers with a trailing slash too", async () => {
    const res = await api("GET", "/admin/price-lists/");
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ offset: 0, limit: 10 });
  });

  it("searches q in name, description and group names and then returns all of each list's groups", async () => {
    const tag = unique("needle");
    const vip = await createGroup(t, `VIP ${tag}`);
    const other = await createGroup(t);
    const byName = await createPriceList(t, { name: `A ${tag}` });
    const byDescription = await createPriceList(t, { description: `about ${tag.toUpperCase()}` });
    const byGroup = await createPriceList(t, { customer_groups: [{ id: vip.id }, { id: other.id }] });
    await createPriceList(t);
    const res = await api("GET", `/admin/price-lists?q=${tag}&order=created_at`);
    expect(res.statusCode).toBe(200);
    const lists = res.json().price_lists;
    expect(lists.map((l: { id: string }) => l.id)).toEqual([byName.id, byDescription.id, byGroup.id]);
    expect(lists[0].customer_groups).toEqual([]);
    expect(lists[2].customer_groups.map((g: { id: string }) => g.id).sort()).toEqual([vip.id, other.id].sort());
    expect(lists[2]).not.toHaveProperty("prices");
  });

  it("filters by customer groups (any of them), with the comma form too", async () => {
    const a = await createGroup(t);
    const b = await createGroup(t);
    const c = await createGroup(t);
    const la = await createPriceList(t, { customer_groups: [{ id: a.id }, { id: c.id }] });
    const lb = await createPriceList(t, { customer_groups: [{ id: b.id }] });
    await createPriceList(t, { customer_groups: [{ id: c.id }] });
    for (const query of [`customer_groups[]=${a.id}&customer_groups[]=${b.id}`, `customer_groups[]=${a.id},${b.id}`, `customer_groups[0]=${a.id}&customer_groups[1]=${b.id}`]) {
      const res = await api("GET", `/admin/price-lists?${query}`);
      expect(res.statusCode, query).toBe(200);
      expect(res.json().count).toBe(2);
      const lists = res.json().price_lists;
      expect(lists.map((l: { id: string }) => l.id)).toEqual([lb.id, la.id]);
      expect(lists[1].customer_groups.map((g: { id: string }) => g.id).sort()).toEqual([a.id, c.id].sort());
    }
    const scalar = await api("GET", `/admin/price-lists?customer_groups=${b.id}`);
    expect(scalar.statusCode).toBe(200);
    expect(scalar.json().price_lists.map((l: { id: string }) => l.id)).toEqual([lb.id]);
  });

  it("filters by status, type, id, name, description and dates", async () => {
    const name = unique("Filter");
    const active = await createPriceList(t, { name, status: "active", type: "override" });
    const draft = await createPriceList(t, { name, description: "special" });
    const get = async (query: string) => {
      const res = await api("GET", `/admin/price-lists?name=${name}&${query}`);
      expect(res.statusCode, query).toBe(200);
      return res.json().price_lists.map((l: { id: string }) => l.id);
    };
    expect(await get("status[]=active")).toEqual([active.id]);
    expect(await get("status=draft")).toEqual([draft.id]);
    expect(await get("status[]=active,draft")).toEqual([draft.id, active.id]);
    expect(await get("type[]=override")).toEqual([active.id]);
    expect(await get(`id=${draft.id}`)).toEqual([draft.id]);
    expect(await get("description=special")).toEqual([draft.id]);
    expect(await get(`created_at[gte]=${active.created_at}`)).toEqual([draft.id, active.id]);
    expect(await get("created_at[lt]=2000-01-01")).toEqual([]);
    expect(await get("updated_at[gt]=2000-01-01")).toEqual([draft.id, active.id]);
    expect(await get("deleted_at[gt]=2000-01-01")).toEqual([]);
  });

  it("expands prices (without variant_id) and customer groups", async () => {
    const group = await createGroup(t);
    const { variantIds } = await createProduct(t);
    const list = await createPriceList(t, { customer_groups: [{ id: group.id }], prices: [{ variant_id: variantIds[0], amount: 7, currency_code: "usd" }] });
    const res = await api("GET", `/admin/price-lists?id=${list.id}&expand=prices,customer_groups`);
    expect(res.statusCode).toBe(200);
    const [found] = res.json().price_lists;
    expect(found.customer_groups).toEqual(list.customer_groups);
    expect(found.prices).toEqual([
      {
        id: list.prices[0].id,
        currency_code: "usd",
        amount: 7,
        min_quantity: null,
        max_quantity: null,
        price_list_id: list.id,
        region_id: null,
        created_at: ISO,
        updated_at: ISO,
        deleted_at: null,
      },
    ]);
    const withVariants = await api("GET", `/admin/price-lists?id=${list.id}&expand=prices.variants`);
    expect(withVariants.json().price_lists[0].prices).toEqual(list.prices);
    expect(withVariants.json().price_lists[0]).not.toHaveProperty("customer_groups");
    const onlyGroups = await api("GET", `/admin/price-lists?id=${list.id}&expand=customer_groups`);
    expect(onlyGroups.json().price_lists[0]).not.toHaveProperty("prices");
  });

  it("answers 400 for fields, unknown parameters, bad enums, bad dates, a bad order or expand", async () => {
    for (const [query, message] of [
      ["fields=name", "property fields should not exist"],
      ["foo=1", "property foo should not exist"],
      ["status[]=live", "each value in status must be one of the following values: active, draft"],
      ["type=big", "each value in type must be one of the following values: sale, override"],
      ["created_at[gt]=yesterday", "gt must be a Date instance"],
      ["limit=abc", "limit must be a number conforming to the specified constraints"],
      ["offset=-1", "offset must not be less than 0"],
      ["expand=variants", "expand contains unknown relations: variants. Allowed: prices, prices.variants, customer_groups"],
    ] as const) {
      const res = await api("GET", `/admin/price-lists?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json(), query).toEqual({ type: "invalid_data", message });
    }
    const order = await api("GET", "/admin/price-lists?order=nope");
    expect(order.statusCode).toBe(400);
    expect(order.json().type).toBe("invalid_data");
  });
});

describe("POST /admin/price-lists/:id", () => {
  it("updates columns, clears dates with null and reads epoch milliseconds", async () => {
    const list = await createPriceList(t, { starts_at: "2030-01-01T00:00:00Z", ends_at: "2031-01-01T00:00:00Z" });
    const res = await api("POST", `/admin/price-lists/${list.id}`, {
      name: "Renamed",
      description: "new",
      status: "active",
      type: "override",
      starts_at: null,
      ends_at: Date.UTC(2040, 5, 1),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().price_list).toEqual({
      ...list,
      name: "Renamed",
      description: "new",
      status: "active",
      type: "override",
      starts_at: null,
      ends_at: "2040-06-01T00:00:00.000Z",
      updated_at: ISO,
    });
  });

  it("upserts prices: an id updates that price, no id inserts, and unmentioned prices stay", async () => {
    const regionId = (await createRegion(t, { currency_code: "eur" })).id;
    const { variantIds } = await createProduct(t, { variants: 2 });
    const list = await createPriceList(t, {
      prices: [
        { variant_id: variantIds[0], amount: 100, currency_code: "usd", min_quantity: 1 },
        { variant_id: variantIds[1], amount: 200, currency_code: "usd" },
        { variant_id: variantIds[1], amount: 300, currency_code: "usd" },
      ],
    });
    const [p1, p2] = list.prices;
    const res = await api("POST", `/admin/price-lists/${list.id}`, {
      prices: [
        { id: p1.id, variant_id: variantIds[0], amount: 150, min_quantity: null, max_quantity: 9 },
        { id: p2.id, variant_id: variantIds[1], amount: 250, region_id: regionId },
        { variant_id: variantIds[0], amount: 50, currency_code: "usd" },
        { variant_id: variantIds[1], amount: 60, region_id: regionId },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const prices = res.json().price_list.prices;
    expect(prices).toHaveLength(5);
    const byId = new Map(prices.map((p: { id: string }) => [p.id, p]));
    expect(byId.get(p1.id)).toMatchObject({ amount: 150, currency_code: "usd", region_id: null, min_quantity: null, max_quantity: 9, variant_id: variantIds[0] });
    expect(byId.get(p2.id)).toMatchObject({ amount: 250, currency_code: "eur", region_id: regionId });
    expect(byId.get(list.prices[2].id)).toMatchObject({ amount: 300 });
    expect(prices.filter((p: { amount: number }) => p.amount === 50 || p.amount === 60).map((p: { currency_code: string }) => p.currency_code).sort()).toEqual(["eur", "usd"]);
  });

  it("still requires variant_id on a price with an id, and the XOR rule on one without", async () => {
    const list = await createPriceList(t, { prices: [{ variant_id: "v", amount: 1, currency_code: "usd" }] });
    const noVariant = await api("POST", `/admin/price-lists/${list.id}`, { prices: [{ id: list.prices[0].id, amount: 2 }] });
    expect(noVariant.statusCode).toBe(400);
    expect(noVariant.json()).toEqual({ type: "invalid_data", message: "variant_id must be a string" });
    const xor = await api("POST", `/admin/price-lists/${list.id}`, { prices: [{ variant_id: "v", amount: 2 }] });
    expect(xor.json()).toEqual({ type: "invalid_data", message: XOR });
  });

  it("answers 404 for a price id that is not in this list and changes nothing", async () => {
    const other = await createPriceList(t, { prices: [{ variant_id: "v", amount: 1, currency_code: "usd" }] });
    const list = await createPriceList(t, { prices: [{ variant_id: "v", amount: 1, currency_code: "usd" }] });
    const res = await api("POST", `/admin/price-lists/${list.id}`, {
      name: "changed",
      prices: [{ id: other.prices[0].id, variant_id: "v", amount: 99 }],
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ type: "not_found", message: `Money amount with id: ${other.prices[0].id} was not found in price list ${list.id}` });
    expect((await api("GET", `/admin/price-lists/${list.id}`)).json().price_list.name).toBe(list.name);
    expect((await api("GET", `/admin/price-lists/${other.id}`)).json().price_list.prices[0].amount).toBe(1);
  });

  it("replaces the customer groups, and [] clears them", async () => {
    const [a, b, c] = [await createGroup(t), await createGroup(t), await createGroup(t)];
    const list = await createPriceList(t, { customer_groups: [{ id: a.id }, { id: b.id }] });
    const replaced = await api("POST", `/admin/price-lists/${list.id}`, { customer_groups: [{ id: b.id }, { id: c.id }] });
    expect(replaced.json().price_list.customer_groups.map((g: { id: string }) => g.id).sort()).toEqual([b.id, c.id].sort());
    const cleared = await api("POST", `/admin/price-lists/${list.id}`, { customer_groups: [] });
    expect(cleared.json().price_list.customer_groups).toEqual([]);
  });

  it("answers 404 for an unknown group and keeps everything as it was", async () => {
    const a = await createGroup(t);
    const list = await createPriceList(t, { customer_groups: [{ id: a.id }] });
    const res = await api("POST", `/admin/price-lists/${list.id}`, {
      name: "changed",
      prices: [{ variant_id: "v", amount: 1, currency_code: "usd" }],
      customer_groups: [{ id: "cgrp_missing" }],
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ type: "not_found", message: "CustomerGroup with id cgrp_missing was not found" });
    expect((await api("GET", `/admin/price-lists/${list.id}`)).json()).toEqual({ price_list: list });
  });

  it("answers 404 for an unknown list and 400 for unknown properties", async () => {
    const missing = await api("POST", "/admin/price-lists/pl_missing", { name: "x" });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ type: "not_found", message: "Price list with id: pl_missing was not found" });
    const list = await createPriceList(t);
    const bad = await api("POST", `/admin/price-lists/${list.id}`, { foo: 1, name: 5, ends_at: "soon" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ type: "invalid_data", message: "property foo should not exist, name must be a string, ends_at must be a valid date" });
  });

  it("answers 200 to an empty body or none", async () => {
    const list = await createPriceList(t);
    const res = await api("POST", `/admin/price-lists/${list.id}`, {});
    expect(res.statusCode).toBe(200);
    expect(res.json().price_list).toEqual({ ...list, updated_at: ISO });
    const none = await api("POST", `/admin/price-lists/${list.id}`);
    expect(none.statusCode).toBe(200);
    expect(none.json().price_list).toEqual({ ...list, updated_at: ISO });
  });
});

describe("DELETE /admin/price-lists/:id", () => {
  it("hard-deletes the list and its prices, and is idempotent", async () => {
    const list = await createPriceList(t, { prices: [{ variant_id: "v", amount: 1, currency_code: "usd" }] });
    const res = await api("DELETE", `/admin/price-lists/${list.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: list.id, object: "price-list", deleted: true });
    expect((await api("GET", `/admin/price-lists/${list.id}`)).statusCode).toBe(404);
    const prices = await t.db.db.selectFrom("money_amount").select("id").where("price_list_id", "=", list.id).execute();
    expect(prices).toEqual([]);
    const again = await api("DELETE", `/admin/price-lists/${list.id}`);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ id: list.id, object: "price-list", deleted: true });
  });
});

describe("POST /admin/price-lists/:id/prices/batch", () => {
  it("adds prices and answers with the default projection", async () => {
    const regionId = (await createRegion(t, { currency_code: "gbp" })).id;
    const list = await createPriceList(t, { prices: [{ variant_id: "v", amount: 1, currency_code: "usd" }] });
    const res = await api("POST", `/admin/price-lists/${list.id}/prices/batch`, {
      prices: [
        { variant_id: "v", amount: 2, region_id: regionId },
        { variant_id: "v", amount: 3, currency_code: "usd", min_quantity: 5 },
      ],
    });
    expect(res.statusCode).toBe(200);
    const body = res.json().price_list;
    expect(body.prices.map((p: { amount: number }) => p.amount)).toEqual([1, 2, 3]);
    expect(body.prices[1]).toMatchObject({ currency_code: "gbp", region_id: regionId });
    expect(body).toHaveProperty("customer_groups", []);
  });

  it("with override, keeps only the prices just added", async () => {
    const list = await createPriceList(t, { prices: [{ variant_id: "v", amount: 1, currency_code: "usd" }, { variant_id: "w", amount: 2, currency_code: "usd" }] });
    const res = await api("POST", `/admin/price-lists/${list.id}/prices/batch`, { prices: [{ variant_id: "v", amount: 9, currency_code: "eur" }], override: true });
    expect(res.statusCode).toBe(200);
    expect(res.json().price_list.prices).toEqual([expect.objectContaining({ amount: 9, currency_code: "eur" })]);
  });

  it("answers 400 without prices, 404 for an unknown list or region, and adds nothing then", async () => {
    const list = await createPriceList(t, { prices: [{ variant_id: "v", amount: 1, currency_code: "usd" }] });
    const missing = await api("POST", `/admin/price-lists/${list.id}/prices/batch`, { override: true });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toEqual({ type: "invalid_data", message: "prices must be an array" });
    const xor = await api("POST", `/admin/price-lists/${list.id}/prices/batch`, { prices: [{ variant_id: "v", amount: 1 }] });
    expect(xor.json()).toEqual({ type: "invalid_data", message: XOR });
    // An entry with an id skips the XOR rule in validation, yet a new price needs a currency.
    const withId = await api("POST", `/admin/price-lists/${list.id}/prices/batch`, { prices: [{ id: list.prices[0].id, variant_id: "v", amount: 1 }] });
    expect(withId.statusCode).toBe(400);
    expect(withId.json()).toEqual({ type: "invalid_data", message: XOR });
    const unknownList = await api("POST", "/admin/price-lists/pl_missing/prices/batch", { prices: [] });
    expect(unknownList.statusCode).toBe(404);
    expect(unknownList.json()).toEqual({ type: "not_found", message: "Price list with id: pl_missing was not found" });
    const region = await api("POST", `/admin/price-lists/${list.id}/prices/batch`, {
      prices: [{ variant_id: "v", amount: 5, currency_code: "usd" }, { variant_id: "v", amount: 6, region_id: "reg_nope" }],
      override: true,
    });
    expect(region.statusCode).toBe(404);
    expect((await api("GET", `/admin/price-lists/${list.id}`)).json()).toEqual({ price_list: list });
  });
});

describe("DELETE /admin/price-lists/:id/prices/batch", () => {
  it("deletes the list's prices among the ids and echoes exactly the ids sent", async () => {
    const list = await createPriceList(t, { prices: [{ variant_id: "v", amount: 1, currency_code: "usd" }, { variant_id: "v", amount: 2, currency_code: "usd" }] });
    const other = await createPriceList(t, { prices: [{ variant_id: "v", amount: 3, currency_code: "usd" }] });
    const ids = [list.prices[0].id, other.prices[0].id, "ma_missing"];
    const res = await api("DELETE", `/admin/price-lists/${list.id}/prices/batch`, { price_ids: ids });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ids, object: "money-amount", deleted: true });
    expect((await api("GET", `/admin/price-lists/${list.id}`)).json().price_list.prices.map((p: { id: string }) => p.id)).toEqual([list.prices[1].id]);
    expect((await api("GET", `/admin/price-lists/${other.id}`)).json().price_list.prices).toHaveLength(1);
  });

  it("answers 400 for missing or empty price_ids and 404 for an unknown list", async () => {
    const list = await createPriceList(t);
    const missing = await api("DELETE", `/admin/price-lists/${list.id}/prices/batch`, {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toEqual({ type: "invalid_data", message: "each value in price_ids must be a string, price_ids should not be empty" });
    const noBody = await api("DELETE", `/admin/price-lists/${list.id}/prices/batch`);
    expect(noBody.statusCode).toBe(400);
    expect(noBody.json()).toEqual(missing.json());
    const empty = await api("DELETE", `/admin/price-lists/${list.id}/prices/batch`, { price_ids: [] });
    expect(empty.json()).toEqual({ type: "invalid_data", message: "price_ids should not be empty" });
    const notStrings = await api("DELETE", `/admin/price-lists/${list.id}/prices/batch`, { price_ids: [1] });
    expect(notStrings.json()).toEqual({ type: "invalid_data", message: "each value in price_ids must be a string" });
    const unknown = await api("DELETE", "/admin/price-lists/pl_missing/prices/batch", { price_ids: ["ma_1"] });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ type: "not_found", message: "Price list with id: pl_missing was not found" });
  });
});

describe("DELETE /admin/price-lists/:id/products/:product_id/prices", () => {
  it("deletes this list's prices of every variant of the product and returns their ids", async () => {
    const { id: productId, variantIds } = await createProduct(t, { variants: 2 });
    const otherProduct = await createProduct(t);
    const base = await insertVariantPrice(t.db.db, variantIds[0]!, 1000);
    const list = await createPriceList(t, {
      prices: [
        { variant_id: variantIds[0], amount: 1, currency_code: "usd" },
        { variant_id: variantIds[1], amount: 2, currency_code: "usd" },
        { variant_id: otherProduct.variantIds[0], amount: 3, currency_code: "usd" },
      ],
    });
    const other = await createPriceList(t, { prices: [{ variant_id: variantIds[0], amount: 4, currency_code: "usd" }] });
    const res = await api("DELETE", `/admin/price-lists/${list.id}/products/${productId}/prices`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toEqual({ ids: expect.any(Array), object: "money-amount", deleted: true });
    expect(body.ids.sort()).toEqual([list.prices[0].id, list.prices[1].id].sort());
    expect((await api("GET", `/admin/price-lists/${list.id}`)).json().price_list.prices.map((p: { id: string }) => p.id)).toEqual([list.prices[2].id]);
    expect((await api("GET", `/admin/price-lists/${other.id}`)).json().price_list.prices).toHaveLength(1);
    expect(await t.db.db.selectFrom("money_amount").select("id").where("id", "=", base).executeTakeFirst()).toEqual({ id: base });
    const again = await api("DELETE", `/admin/price-lists/${list.id}/products/${productId}/prices`);
    expect(again.json()).toEqual({ ids: [], object: "money-amount", deleted: true });
  });

  it("answers 200 with no ids for an unknown list or product", async () => {
    const { productId } = await createProduct(t);
    for (const url of [`/admin/price-lists/pl_missing/products/${productId}/prices`, "/admin/price-lists/pl_missing/products/prod_missing/prices"]) {
      const res = await api("DELETE", url);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ ids: [], object: "money-amount", deleted: true });
    }
  });
});

describe("DELETE /admin/price-lists/:id/products/prices/batch", () => {
  it("deletes this list's prices across the products", async () => {
    const p1 = await createProduct(t);
    const p2 = await createProduct(t);
    const p3 = await createProduct(t);
    const list = await createPriceList(t, {
      prices: [p1, p2, p3].map((p, i) => ({ variant_id: p.variantIds[0], amount: i, currency_code: "usd" })),
    });
    const res = await api("DELETE", `/admin/price-lists/${list.id}/products/prices/batch`, { product_ids: [p1.id, p2.id, "prod_missing"] });
    expect(res.statusCode).toBe(200);
    expect(res.json().ids.sort()).toEqual([list.prices[0].id, list.prices[1].id].sort());
    expect(res.json()).toMatchObject({ object: "money-amount", deleted: true });
  });

  it("answers 400 for missing or empty product_ids and 200 with no ids for an unknown list", async () => {
    const missing = await api("DELETE", "/admin/price-lists/pl_1/products/prices/batch", {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toEqual({ type: "invalid_data", message: "each value in product_ids must be a string, product_ids should not be empty" });
    const empty = await api("DELETE", "/admin/price-lists/pl_1/products/prices/batch", { product_ids: [] });
    expect(empty.json()).toEqual({ type: "invalid_data", message: "product_ids should not be empty" });
    const unknown = await api("DELETE", "/admin/price-lists/pl_missing/products/prices/batch", { product_ids: ["prod_1"] });
    expect(unknown.statusCode).toBe(200);
    expect(unknown.json()).toEqual({ ids: [], object: "money-amount", deleted: true });
  });
});

describe("DELETE /admin/price-lists/:id/variants/:variant_id/prices", () => {
  it("deletes this list's prices of the variant; a repeat deletes nothing", async () => {
    const { variantIds } = await createProduct(t, { variants: 2 });
    const list = await createPriceList(t, {
      prices: [
        { variant_id: variantIds[0], amount: 1, currency_code: "usd" },
        { variant_id: variantIds[0], amount: 2, currency_code: "eur" },
        { variant_id: variantIds[1], amount: 3, currency_code: "usd" },
      ],
    });
    const res = await api("DELETE", `/admin/price-lists/${list.id}/variants/${variantIds[0]}/prices`);
    expect(res.statusCode).toBe(200);
    expect(res.json().ids.sort()).toEqual([list.prices[0].id, list.prices[1].id].sort());
    const again = await api("DELETE", `/admin/price-lists/${list.id}/variants/${variantIds[0]}/prices`);
    expect(again.json()).toEqual({ ids: [], object: "money-amount", deleted: true });
    const unknown = await api("DELETE", `/admin/price-lists/pl_missing/variants/${variantIds[1]}/prices`);
    expect(unknown.json()).toEqual({ ids: [], object: "money-amount", deleted: true });
  });
});

describe("GET /admin/price-lists/:id/products", () => {
  it("lists the products with a price in the list; each variant shows its plain prices and this list's", async () => {
    const { id: productId, variantIds } = await createProduct(t, { variants: 2 });
    const unrelated = await createProduct(t);
    const plain = await insertVariantPrice(t.db.db, variantIds[0]!, 1000);
    const list = await createPriceList(t, { prices: [{ variant_id: variantIds[0], amount: 800, currency_code: "usd" }] });
    await createPriceList(t, { prices: [{ variant_id: variantIds[1], amount: 700, currency_code: "usd" }, { variant_id: unrelated.variantIds[0], amount: 1, currency_code: "usd" }] });

    const res = await api("GET", `/admin/price-lists/${list.id}/products`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ count: 1, offset: 0, limit: 50 });
    expect(body.products).toHaveLength(1);
    const [product] = body.products;
    expect(product).toMatchObject({ id: productId, options: [], images: [], tags: [], collection: null, type: null, profiles: [] });
    expect(product.variants.map((v: { id: string }) => v.id)).toEqual(variantIds);
    const { prices: _p, ...listColumns } = list;
    const { customer_groups: _g, ...listOnly } = listColumns;
    expect(product.variants[0].prices).toEqual([
      {
        id: plain,
        currency_code: "usd",
        amount: 1000,
        min_quantity: null,
        max_quantity: null,
        price_list_id: null,
        region_id: null,
        created_at: ISO,
        updated_at: ISO,
        deleted_at: null,
        price_list: null,
      },
      {
        id: list.prices[0].id,
        currency_code: "usd",
        amount: 800,
        min_quantity: null,
        max_quantity: null,
        price_list_id: list.id,
        region_id: null,
        created_at: ISO,
        updated_at: ISO,
        deleted_at: null,
        price_list: listOnly,
      },
    ]);
    expect(product.variants[1].prices).toEqual([]);
  });

  it("filters, pages, picks fields and answers 200 with nothing for an unknown list", async () => {
    const a = await createProduct(t);
    const b = await createProduct(t);
    const list = await createPriceList(t, {
      prices: [a, b].map((p) => ({ variant_id: p.variantIds[0], amount: 5, currency_code: "usd" })),
    });
    const all = await api("GET", `/admin/price-lists/${list.id}/products?order=created_at`);
    expect(all.json().products.map((p: { id: string }) => p.id)).toEqual([a.id, b.id]);
    const byId = await api("GET", `/admin/price-lists/${list.id}/products?id=${b.id}`);
    expect(byId.json()).toMatchObject({ count: 1, products: [{ id: b.id }] });
    const paged = await api("GET", `/admin/price-lists/${list.id}/products?limit=1&offset=1`);
    expect(paged.json()).toMatchObject({ count: 2, offset: 1, limit: 1, products: [{ id: a.id }] });
    const fields = await api("GET", `/admin/price-lists/${list.id}/products?fields=title&expand=variants`);
    expect(fields.statusCode).toBe(200);
    expect(Object.keys(fields.json().products[0]).sort()).toEqual(["created_at", "id", "title", "variants"]);
    expect(fields.json().products[0].variants[0].prices).toHaveLength(1);
    const unknown = await api("GET", "/admin/price-lists/pl_missing/products");
    expect(unknown.statusCode).toBe(200);
    expect(unknown.json()).toEqual({ products: [], count: 0, offset: 0, limit: 50 });
  });

  it("answers 400 for unknown parameters and bad values", async () => {
    for (const [query, message] of [
      ["foo=1", "property foo should not exist"],
      ["limit=x", "limit must be a number conforming to the specified constraints"],
    ] as const) {
      const res = await api("GET", `/admin/price-lists/pl_1/products?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json()).toEqual({ type: "invalid_data", message });
    }
    const status = await api("GET", "/admin/price-lists/pl_1/products?status[]=gone");
    expect(status.statusCode).toBe(400);
  });
});
