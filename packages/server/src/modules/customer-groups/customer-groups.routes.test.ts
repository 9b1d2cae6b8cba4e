import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGroup, insertCustomers, insertPriceList, memberIds, addMembers, tag } from "../../../test/factories.js";
import { createTestApp, type TestApp } from "../../../test/harness.js";
import { countStatements } from "../../../test/statements.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
const groupShape = (name: string, metadata: unknown = null) => ({
  id: expect.stringMatching(/^cgrp_[0-9A-Z]{26}$/),
  name,
  metadata,
  created_at: ISO,
  updated_at: ISO,
  deleted_at: null,
});

const get = (url: string) => t.app.inject({ method: "GET", url, headers: t.admin.headers });
const post = (url: string, payload: unknown) => t.app.inject({ method: "POST", url, headers: t.admin.headers, payload: payload as object });
const del = (url: string, payload?: unknown) => t.app.inject({ method: "DELETE", url, headers: t.admin.headers, payload: payload as object });
const invalid = (message: string) => ({ type: "invalid_data", message });

/** Groups with chosen created_at values, written directly so order tests need no sleeps. */
async function insertGroups(names: string[], createdAt: (i: number) => Date) {
  const rows = names.map((name, i) => ({ id: `cgrp_${tag("T").toUpperCase()}${String(i).padStart(3, "0")}`, name, created_at: createdAt(i), updated_at: createdAt(i) }));
  await t.db.db.insertInto("customer_group").values(rows).execute();
  return rows.map((r) => r.id);
}

describe("customer-group routes without credentials", () => {
  it("answer 401 Unauthorized on all eight routes", async () => {
    for (const [method, url] of [
      ["GET", "/admin/customer-groups"],
      ["POST", "/admin/customer-groups"],
      ["GET", "/admin/customer-groups/cgrp_1"],
      ["POST", "/admin/customer-groups/cgrp_1"],
      ["DELETE", "/admin/customer-groups/cgrp_1"],
      ["GET", "/admin/customer-groups/cgrp_1/customers"],
      ["POST", "/admin/customer-groups/cgrp_1/customers/batch"],
      ["DELETE", "/admin/customer-groups/cgrp_1/customers/batch"],
    ] as const) {
      const res = await t.app.inject({ method, url, payload: method === "GET" ? undefined : {} });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      expect(res.body).toBe("Unauthorized");
    }
  });
});

describe("POST /admin/customer-groups", () => {
  it("creates a group and returns it without relations", async () => {
    const name = tag("VIP");
    const res = await post("/admin/customer-groups", { name, metadata: { tier: 1 } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ customer_group: groupShape(name, { tier: 1 }) });
  });

  it("accepts an empty name and ignores query parameters", async () => {
    const res = await post("/admin/customer-groups?foo=bar", { name: "" });
    expect(res.statusCode).toBe(200);
    expect(res.json().customer_group).toEqual(groupShape(""));
    await del(`/admin/customer-groups/${res.json().customer_group.id}`);
  });

  it("answers 422 with Postgres's key message for a duplicate name; names are case-sensitive", async () => {
    const name = tag("Dup");
    expect((await post("/admin/customer-groups", { name })).statusCode).toBe(200);
    const dup = await post("/admin/customer-groups", { name });
    expect(dup.statusCode).toBe(422);
    expect(dup.json()).toEqual({ type: "duplicate_error", code: "invalid_request_error", message: `Key (name)=(${name}) already exists.` });
    expect((await post("/admin/customer-groups", { name: name.toUpperCase() })).statusCode).toBe(200);
  });

  it("rejects bad bodies with v1 messages", async () => {
    expect((await post("/admin/customer-groups", {})).json()).toEqual(invalid("name must be a string"));
    expect((await post("/admin/customer-groups", { name: 5 })).json()).toEqual(invalid("name must be a string"));
    expect((await post("/admin/customer-groups", { name: "x", metadata: "m" })).json()).toEqual(invalid("metadata must be an object"));
    expect((await post("/admin/customer-groups", { name: "x", metadata: null })).json()).toEqual(invalid("metadata must be an object"));
    const extra = await post("/admin/customer-groups", { name: "x", foo: 1 });
    expect(extra.statusCode).toBe(400);
    expect(extra.json()).toEqual(invalid("property foo should not exist"));
  });

  it("answers 400, not 500, for a name with a NUL character", async () => {
    const res = await post("/admin/customer-groups", { name: "a\u0000b" });
    expect(res.statusCode).toBe(400);
    expect(res.json().type).toBe("invalid_data");
  });
});

describe("GET /admin/customer-groups", () => {
  it("lists newest first with count, customer_groups, offset, limit (default limit 10) in v1's key order", async () => {
    const prefix = tag("list");
    const base = Date.now() - 60_000;
    await insertGroups(Array.from({ length: 12 }, (_, i) => `${prefix}-${i}`), (i) => new Date(base + i * 1000));
    const res = await get(`/admin/customer-groups?q=${prefix}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body)).toEqual(["count", "customer_groups", "offset", "limit"]);
    expect(body.count).toBe(12);
    expect(body.offset).toBe(0);
    expect(body.limit).toBe(10);
    expect(body.customer_groups.map((g: { name: string }) => g.name)).toEqual(Array.from({ length: 10 }, (_, i) => `${prefix}-${11 - i}`));
    expect(body.customer_groups[0]).toEqual({ ...groupShape(`${prefix}-11`), id: expect.any(String) });
  });

  it("pages with offset and limit, and limit=0 means the largest page (MAX_PAGE_SIZE)", async () => {
    const prefix = tag("page");
    const base = Date.now() - 60_000;
    await insertGroups(Array.from({ length: 5 }, (_, i) => `${prefix}-${i}`), (i) => new Date(base + i * 1000));
    const page = (await get(`/admin/customer-groups?q=${prefix}&offset=1&limit=2`)).json();
    expect(page).toMatchObject({ count: 5, offset: 1, limit: 2 });
    expect(page.customer_groups.map((g: { name: string }) => g.name)).toEqual([`${prefix}-3`, `${prefix}-2`]);
    const all = (await get(`/admin/customer-groups?q=${prefix}&limit=0`)).json();
    expect(all).toMatchObject({ count: 5, limit: 1000 });
    expect(all.customer_groups).toHaveLength(5);
  });

  it("breaks created_at ties by id, in the direction of the order", async () => {
    const prefix = tag("tie");
    const at = new Date(Date.now() - 30_000);
    const ids = await insertGroups([`${prefix}-a`, `${prefix}-b`, `${prefix}-c`], () => at);
    const desc = (await get(`/admin/customer-groups?q=${prefix}`)).json().customer_groups.map((g: { id: string }) => g.id);
    expect(desc).toEqual([...ids].sort().reverse());
    const asc = (await get(`/admin/customer-groups?q=${prefix}&order=created_at`)).json().customer_groups.map((g: { id: string }) => g.id);
    expect(asc).toEqual([...ids].sort());
  });

  it("orders by another column with order=name / order=-name", async () => {
    const prefix = tag("ord");
    await insertGroups([`${prefix}-b`, `${prefix}-c`, `${prefix}-a`], (i) => new Date(Date.now() - 10_000 + i));
    const names = async (order: string) => (await get(`/admin/customer-groups?q=${prefix}&order=${order}`)).json().customer_groups.map((g: { name: string }) => g.name);
    expect(await names("name")).toEqual([`${prefix}-a`, `${prefix}-b`, `${prefix}-c`]);
    expect(await names("-name")).toEqual([`${prefix}-c`, `${prefix}-b`, `${prefix}-a`]);
  });

  it("q matches a case-insensitive substring of the name, with % and _ taken literally", async () => {
    const prefix = tag("Q");
    await createGroup(t, `${prefix} Gold_50%`);
    await createGroup(t, `${prefix} Gold-500`);
    const res = (await get(`/admin/customer-groups?q=${encodeURIComponent(`${prefix} gold_50%`.toLowerCase())}`)).json();
    expect(res.customer_groups.map((g: { name: string }) => g.name)).toEqual([`${prefix} Gold_50%`]);
    expect((await get(`/admin/customer-groups?q=${encodeURIComponent("\\")}`)).statusCode).toBe(200);
  });

  it("name[] matches exact names, also as one comma-separated element", async () => {
    const a = await createGroup(t, tag("nameA"));
    const b = await createGroup(t, tag("nameB"));
    const both = (await get(`/admin/customer-groups?name[]=${a.name}&name[]=${b.name}`)).json();
    expect(both.count).toBe(2);
    const comma = (await get(`/admin/customer-groups?name[]=${a.name},${b.name}`)).json();
    expect(comma.customer_groups.map((g: { id: string }) => g.id).sort()).toEqual([a.id, b.id].sort());
    const indexed = (await get(`/admin/customer-groups?name[0]=${a.name}`)).json();
    expect(indexed.customer_groups.map((g: { id: string }) => g.id)).toEqual([a.id]);
    expect((await get(`/admin/customer-groups?name[]=${a.name.toUpperCase()}`)).json().count).toBe(0);
  });

  it("answers 400 name must be an array for a scalar name", async () => {
    const res = await get("/admin/customer-groups?name=VIP");
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual(invalid("name must be an array"));
  });

  it.each(["q[]=x", "q[0]=x", "q[a]=x", "order[]=name", "expand[]=customers"])("answers 400 '… must be a string' for %s (as v1)", async (query) => {
    const res = await get(`/admin/customer-groups?${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual(invalid(`${query.split("[")[0]} must be a string`));
  });

  it("filters by id comparisons and refuses the string and array forms of id", async () => {
    const prefix = tag("idcmp");
    const ids = await insertGroups([`${prefix}-0`, `${prefix}-1`, `${prefix}-2`], (i) => new Date(Date.now() - 5_000 + i));
    const sorted = [...ids].sort();
    const gt = (await get(`/admin/customer-groups?q=${prefix}&id[gt]=${sorted[0]}`)).json();
    expect(gt.customer_groups.map((g: { id: string }) => g.id).sort()).toEqual(sorted.slice(1));
    const range = (await get(`/admin/customer-groups?q=${prefix}&id[gte]=${sorted[1]}&id[lt]=${sorted[2]}`)).json();
    expect(range.customer_groups.map((g: { id: string }) => g.id)).toEqual([sorted[1]]);
    for (const url of [`/admin/customer-groups?id=${ids[0]}`, `/admin/customer-groups?id[]=${ids[0]}`]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json()).toEqual(invalid("nested property id must be either object or array"));
    }
    expect((await get("/admin/customer-groups?id[foo]=x")).json()).toEqual(invalid("property foo should not exist"));
  });

  it("filters by created_at and updated_at, with ISO dates or unix seconds", async () => {
    const prefix = tag("dates");
    const jan = new Date("2021-01-15T00:00:00.000Z");
    const mar = new Date("2021-03-15T00:00:00.000Z");
    await insertGroups([`${prefix}-jan`, `${prefix}-mar`], (i) => (i === 0 ? jan : mar));
    const names = async (query: string) =>
      (await get(`/admin/customer-groups?q=${prefix}&${query}`)).json().customer_groups.map((g: { name: string }) => g.name);
    expect(await names("created_at[gt]=2021-02-01")).toEqual([`${prefix}-mar`]);
    expect(await names(`created_at[lte]=${jan.getTime() / 1000}`)).toEqual([`${prefix}-jan`]);
    expect(await names("updated_at[lt]=2021-02-01T00:00:00Z&updated_at[gte]=2021-01-01")).toEqual([`${prefix}-jan`]);
  });

  it("answers 400 for an unparseable date, and for a date given as a scalar", async () => {
    expect((await get("/admin/customer-groups?created_at[gt]=yesterday")).json()).toEqual(invalid("gt must be a Date instance"));
    expect((await get("/admin/customer-groups?updated_at[lt]=")).json()).toEqual(invalid("lt must be a Date instance"));
    const scalar = await get("/admin/customer-groups?created_at=2021-01-01");
    expect(scalar.statusCode).toBe(400);
    expect(scalar.json().type).toBe("invalid_data");
  });

  it("accepts discount_condition_id and returns no groups (Cohort has no discounts)", async () => {
    await createGroup(t);
    const res = await get("/admin/customer-groups?discount_condition_id=discon_1");
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ count: 0, customer_groups: [], offset: 0, limit: 10 });
  });

  it("expands customers and price_lists, each with one query for the page", async () => {
    const group = await createGroup(t, tag("exp"));
    const [c1, c2] = await insertCustomers(t.db.db, [{ email: `${tag()}@x.com` }, { email: `${tag()}@x.com` }]);
    await addMembers(t, group.id, [c1!, c2!]);
    const pl = await insertPriceList(t.db.db, tag("pl"), [group.id]);
    const res = (await get(`/admin/customer-groups?q=${group.name}&expand=customers,price_lists`)).json();
    const [g] = res.customer_groups;
    expect(g.customers.map((c: { id: string }) => c.id).sort()).toEqual([c1, c2].sort());
    expect(g.customers[0]).toEqual({
      id: expect.any(String),
      email: expect.any(String),
      first_name: null,
      last_name: null,
      billing_address_id: null,
      phone: null,
      has_account: false,
      metadata: null,
      created_at: ISO,
      updated_at: ISO,
      deleted_at: null,
    });
    expect(g.price_lists).toEqual([
      expect.objectContaining({ id: pl, type: "sale", status: "draft", starts_at: null, ends_at: null, deleted_at: null }),
    ]);
    const none = (await get(`/admin/customer-groups?q=${group.name}`)).json().customer_groups[0];
    expect(none).not.toHaveProperty("customers");
    expect(none).not.toHaveProperty("price_lists");
  });

  it("expand=customer_count gives each group of the page its member count, in one statement for the page", async () => {
    const prefix = tag("cnt");
    const [g1, g2, g3] = [await createGroup(t, `${prefix}a`), await createGroup(t, `${prefix}b`), await createGroup(t, `${prefix}c`)];
    const [c1, c2, c3] = await insertCustomers(t.db.db, [{}, {}, {}]);
    await addMembers(t, g1!.id, [c1!, c2!, c3!]);
    await addMembers(t, g2!.id, [c2!]);
    const { n, result: res } = await countStatements(() => get(`/admin/customer-groups?q=${prefix}&order=name&expand=customer_count`));
    expect(res.statusCode).toBe(200);
    expect(res.json().customer_groups.map((g: { name: string; customer_count: number }) => [g.name, g.customer_count])).toEqual([
      [g1!.name, 3],
      [g2!.name, 1],
      [g3!.name, 0],
    ]);
    expect(res.json().customer_groups[0]).toEqual({ ...groupShape(g1!.name), customer_count: 3 });
    expect(n).toBeLessThanOrEqual(3); // the auth lookup, the page with its count, the member counts
    const plain = (await get(`/admin/customer-groups?q=${prefix}`)).json().customer_groups[0];
    expect(plain).not.toHaveProperty("customer_count");
    const projected = (await get(`/admin/customer-groups?q=${prefix}&order=name&fields=name&expand=customer_count`)).json().customer_groups[0];
    expect(projected).toEqual({ id: g1!.id, created_at: g1!.created_at, name: g1!.name, customer_count: 3 });
  });

  it("counts only live customers while some customer is soft-deleted", async () => {
    const group = await createGroup(t, tag("softcnt"));
    const [c1, c2] = await insertCustomers(t.db.db, [{}, {}]);
    await addMembers(t, group.id, [c1!, c2!]);
    await t.db.db.updateTable("customer").set({ deleted_at: new Date() }).where("id", "=", c2!).execute();
    try {
      const g = (await get(`/admin/customer-groups?q=${group.name}&expand=customer_count`)).json().customer_groups[0];
      expect(g.customer_count).toBe(1);
      expect((await get(`/admin/customer-groups/${group.id}/customers?limit=1`)).json().count).toBe(1);
    } finally {
      await t.db.db.updateTable("customer").set({ deleted_at: null }).where("id", "=", c2!).execute();
    }
  });

  it("returns only the requested fields plus id and created_at", async () => {
    const group = await createGroup(t, tag("fields"), { a: 1 });
    const res = (await get(`/admin/customer-groups?q=${group.name}&fields=name`)).json();
    expect(res.customer_groups).toEqual([{ id: group.id, created_at: group.created_at, name: group.name }]);
    const withExpand = (await get(`/admin/customer-groups?q=${group.name}&fields=metadata&expand=customers`)).json();
    expect(withExpand.customer_groups).toEqual([{ id: group.id, created_at: group.created_at, metadata: { a: 1 }, customers: [] }]);
  });

  it("answers 400 for unknown parameters, orders, relations, fields and bad paging", async () => {
    const cases: Array<[string, string | RegExp]> = [
      ["foo=1", "property foo should not exist"],
      ["order=nope", /^order must be one of/],
      ["expand=orders", /^expand contains unknown relations: orders/],
      ["fields=password", /^fields contains unknown columns: password/],
      ["limit=-1", "limit must not be less than 0"],
      ["offset=-5", "offset must not be less than 0"],
      ["limit=abc", /^limit must be/],
      ["limit=99999999999", /^limit must not be greater than/],
    ];
    for (const [query, message] of cases) {
      const res = await get(`/admin/customer-groups?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().type, query).toBe("invalid_data");
      expect(res.json().message, query).toMatch(message);
    }
  });

  it("accepts a trailing slash", async () => {
    expect((await get("/admin/customer-groups/")).statusCode).toBe(200);
  });
});

describe("GET /admin/customer-groups/:id", () => {
  it("retrieves a group without relations", async () => {
    const group = await createGroup(t, tag("one"), { x: "y" });
    const res = await get(`/admin/customer-groups/${group.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ customer_group: group });
  });

  it("projects fields=name to id and name", async () => {
    const group = await createGroup(t, tag("proj"));
    expect((await get(`/admin/customer-groups/${group.id}?fields=name`)).json()).toEqual({ customer_group: { id: group.id, name: group.name } });
  });

  it("expands customers and price_lists", async () => {
    const group = await createGroup(t, tag("rexp"));
    const [c] = await insertCustomers(t.db.db, [{}]);
    await addMembers(t, group.id, [c!]);
    const res = (await get(`/admin/customer-groups/${group.id}?expand=customers,price_lists`)).json();
    expect(res.customer_group.customers.map((x: { id: string }) => x.id)).toEqual([c]);
    expect(res.customer_group.price_lists).toEqual([]);
  });

  it("expand=customer_count adds the member count", async () => {
    const group = await createGroup(t, tag("rcnt"));
    const [c] = await insertCustomers(t.db.db, [{}]);
    await addMembers(t, group.id, [c!]);
    const res = (await get(`/admin/customer-groups/${group.id}?expand=customer_count,price_lists`)).json();
    expect(res).toEqual({ customer_group: { ...group, customer_count: 1, price_lists: [] } });
  });

  it("answers 404 for an unknown id", async () => {
    const res = await get("/admin/customer-groups/cgrp_missing");
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ type: "not_found", message: "CustomerGroup with id cgrp_missing was not found" });
  });

  it("answers 400 for query parameters other than expand and fields", async () => {
    const group = await createGroup(t);
    expect((await get(`/admin/customer-groups/${group.id}?limit=1`)).json()).toEqual(invalid("property limit should not exist"));
  });
});

describe("POST /admin/customer-groups/:id", () => {
  it("renames a group and bumps updated_at", async () => {
    const group = await createGroup(t);
    const name = tag("renamed");
    const res = await post(`/admin/customer-groups/${group.id}`, { name });
    expect(res.statusCode).toBe(200);
    const updated = res.json().customer_group;
    expect(updated).toEqual({ ...group, name, updated_at: ISO });
    expect(updated).not.toHaveProperty("customers");
    expect(Date.parse(updated.updated_at)).toBeGreaterThanOrEqual(Date.parse(group.updated_at));
  });

  it("merges metadata: \"\" deletes a key, null is stored (v1's upstream case)", async () => {
    const group = await createGroup(t, tag("meta"), { data1: "value1", keep: true, drop: "x" });
    const res = await post(`/admin/customer-groups/${group.id}`, { metadata: { data1: null, data2: "val2", drop: "" } });
    expect(res.json().customer_group.metadata).toEqual({ data1: null, data2: "val2", keep: true });
  });

  it("sets metadata on a group that had none, and a null metadata changes nothing", async () => {
    const group = await createGroup(t);
    expect((await post(`/admin/customer-groups/${group.id}`, { metadata: { a: 1, b: "" } })).json().customer_group.metadata).toEqual({ a: 1 });
    expect((await post(`/admin/customer-groups/${group.id}`, { metadata: null })).json().customer_group.metadata).toEqual({ a: 1 });
  });

  it("keeps both keys of two concurrent metadata merges", async () => {
    const group = await createGroup(t);
    await Promise.all(Array.from({ length: 8 }, (_, i) => post(`/admin/customer-groups/${group.id}`, { metadata: { [`k${i}`]: i } })));
    const metadata = (await get(`/admin/customer-groups/${group.id}`)).json().customer_group.metadata;
    expect(metadata).toEqual(Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`k${i}`, i])));
  });

  it("answers 200 with the group unchanged for an empty body", async () => {
    const group = await createGroup(t, tag("same"), { a: 1 });
    const res = await post(`/admin/customer-groups/${group.id}`, {});
    expect(res.statusCode).toBe(200);
    expect(res.json().customer_group).toEqual({ ...group, updated_at: ISO });
  });

  it("honours expand and accepts (ignores) fields", async () => {
    const group = await createGroup(t);
    const res = await post(`/admin/customer-groups/${group.id}?expand=customers&fields=name`, { metadata: { a: 1 } });
    expect(res.statusCode).toBe(200);
    expect(res.json().customer_group).toEqual({ ...group, metadata: { a: 1 }, updated_at: ISO, customers: [] });
    expect((await post(`/admin/customer-groups/${group.id}?limit=1`, {})).json()).toEqual(invalid("property limit should not exist"));
  });

  it("answers 422 with the update wording for a duplicate name", async () => {
    const a = await createGroup(t);
    const b = await createGroup(t);
    const res = await post(`/admin/customer-groups/${b.id}`, { name: a.name });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({ type: "duplicate_error", code: "invalid_request_error", message: `Customer_group with name ${a.name} already exists.` });
  });

  it("answers 404 for an unknown group and 400 for bad properties", async () => {
    const missing = await post("/admin/customer-groups/cgrp_nope", { name: "x" });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ type: "not_found", message: "CustomerGroup with id cgrp_nope was not found" });
    const group = await createGroup(t);
    expect((await post(`/admin/customer-groups/${group.id}`, { name: 1 })).json()).toEqual(invalid("name must be a string"));
    expect((await post(`/admin/customer-groups/${group.id}`, { customers: [] })).json()).toEqual(invalid("property customers should not exist"));
  });
});

describe("DELETE /admin/customer-groups/:id", () => {
  it("hard-deletes the group and its memberships, leaving customers alone", async () => {
    const group = await createGroup(t);
    const [c] = await insertCustomers(t.db.db, [{}]);
    await addMembers(t, group.id, [c!]);
    const res = await del(`/admin/customer-groups/${group.id}`, {});
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: group.id, object: "customer_group", deleted: true });
    expect(await t.db.db.selectFrom("customer_group").select("id").where("id", "=", group.id).execute()).toEqual([]);
    expect(await memberIds(t.db.db, group.id)).toEqual([]);
    expect(await t.db.db.selectFrom("customer").select("id").where("id", "=", c!).execute()).toEqual([{ id: c }]);
    expect((await get(`/admin/customer-groups/${group.id}`)).statusCode).toBe(404);
  });

  it("is idempotent: an unknown id answers 200 with the same body", async () => {
    const res = await del("/admin/customer-groups/cgrp_never");
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: "cgrp_never", object: "customer_group", deleted: true });
  });

  it("refuses (409) to delete the only group of price lists, naming them, and changes nothing", async () => {
    const group = await createGroup(t);
    const other = await createGroup(t);
    const onlyA = await insertPriceList(t.db.db, "Wholesale A", [group.id]);
    const onlyB = await insertPriceList(t.db.db, "Wholesale B", [group.id]);
    await insertPriceList(t.db.db, "Shared", [group.id, other.id]);
    const res = await del(`/admin/customer-groups/${group.id}`);
    expect(res.statusCode).toBe(409);
    const body = res.json();
    expect(body).toEqual({ type: "conflict", code: "invalid_state_error", message: expect.any(String) });
    expect(body.message).toContain(`"Wholesale A" (${onlyA})`);
    expect(body.message).toContain(`"Wholesale B" (${onlyB})`);
    expect(body.message).not.toContain("Shared");
    expect((await get(`/admin/customer-groups/${group.id}`)).statusCode).toBe(200);
    const links = await t.db.db.selectFrom("price_list_customer_groups").select("price_list_id").where("customer_group_id", "=", group.id).execute();
    expect(links).toHaveLength(3);
  });

  it("deletes a group that is one of several groups of a price list", async () => {
    const group = await createGroup(t);
    const other = await createGroup(t);
    const pl = await insertPriceList(t.db.db, "Two groups", [group.id, other.id]);
    expect((await del(`/admin/customer-groups/${group.id}`)).statusCode).toBe(200);
    const links = await t.db.db.selectFrom("price_list_customer_groups").select("customer_group_id").where("price_list_id", "=", pl).execute();
    expect(links).toEqual([{ customer_group_id: other.id }]);
  });

  it("refuses every delete of two groups racing to leave a list with none", async () => {
    const a = await createGroup(t);
    const b = await createGroup(t);
    const pl = await insertPriceList(t.db.db, "Race", [a.id, b.id]);
    const [ra, rb] = await Promise.all([del(`/admin/customer-groups/${a.id}`), del(`/admin/customer-groups/${b.id}`)]);
    expect([ra.statusCode, rb.statusCode].sort()).toEqual([200, 409]);
    const links = await t.db.db.selectFrom("price_list_customer_groups").select("customer_group_id").where("price_list_id", "=", pl).execute();
    expect(links).toHaveLength(1);
  });
});
