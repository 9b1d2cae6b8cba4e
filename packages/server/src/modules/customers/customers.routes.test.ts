import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMembers, createCustomer, createGroup, insertCustomers, memberIds, tag } from "../../../test/factories.js";
import { createTestApp, type TestApp } from "../../../test/harness.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
const invalid = (message: string) => ({ type: "invalid_data", message });
const get = (url: string) => t.app.inject({ method: "GET", url, headers: t.admin.headers });
const post = (url: string, payload: unknown) => t.app.inject({ method: "POST", url, headers: t.admin.headers, payload: payload as object });
const ids = (body: { customers: Array<{ id: string }> }) => body.customers.map((c) => c.id);

const customerShape = (overrides: Record<string, unknown> = {}) => ({
  id: expect.stringMatching(/^cus_[0-9A-Z]{26}$/),
  email: expect.any(String),
  first_name: null,
  last_name: null,
  billing_address_id: null,
  phone: null,
  has_account: true,
  metadata: null,
  created_at: ISO,
  updated_at: ISO,
  deleted_at: null,
  ...overrides,
});

describe("admin customer routes without credentials", () => {
  it("answer 401 Unauthorized", async () => {
    for (const [method, url] of [
      ["GET", "/admin/customers"],
      ["POST", "/admin/customers"],
      ["GET", "/admin/customers/cus_1"],
      ["POST", "/admin/customers/cus_1"],
    ] as const) {
      const res = await t.app.inject({ method, url, payload: method === "GET" ? undefined : {} });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      expect(res.body).toBe("Unauthorized");
    }
  });
});

describe("POST /admin/customers", () => {
  it("creates an account customer (201) with a lower-cased email and no password hash", async () => {
    const email = `${tag("Mixed.Case")}@Example.COM`;
    const res = await post("/admin/customers", { email, first_name: "Ada", last_name: "Lovelace", password: "pw", phone: "+1 555", metadata: { vip: true } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({
      customer: customerShape({ email: email.toLowerCase(), first_name: "Ada", last_name: "Lovelace", phone: "+1 555", metadata: { vip: true } }),
    });
    expect(res.body).not.toContain("password");
  });

  it("answers 422 when an account with that email exists, whatever its case", async () => {
    const { email } = await createCustomer(t);
    const res = await post("/admin/customers", { email: email.toUpperCase(), first_name: "B", last_name: "C", password: "x" });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({
      type: "duplicate_error",
      code: "invalid_request_error",
      message: "A customer with the given email already has an account. Log in instead",
    });
  });

  it("creates an account next to a guest customer with the same email", async () => {
    const email = `${tag()}@example.com`;
    await insertCustomers(t.db.db, [{ email }]);
    const res = await post("/admin/customers", { email, first_name: "G", last_name: "H", password: "x" });
    expect(res.statusCode).toBe(201);
    const rows = await t.db.db.selectFrom("customer").select("has_account").where("email", "=", email).orderBy("has_account").execute();
    expect(rows).toEqual([{ has_account: false }, { has_account: true }]);
  });

  it("answers 400 with v1 messages for missing or bad fields", async () => {
    expect((await post("/admin/customers", { email: "a@b.co" })).json()).toEqual(
      invalid("first_name must be a string, last_name must be a string, password must be a string"),
    );
    expect((await post("/admin/customers", { email: "nope", first_name: "a", last_name: "b", password: "c" })).json()).toEqual(
      invalid("email must be an email"),
    );
    expect((await post("/admin/customers", { first_name: "a", last_name: "b", password: "c", groups: [] })).json()).toEqual(
      invalid("email must be an email, property groups should not exist"),
    );
  });
});

describe("GET /admin/customers", () => {
  it("lists newest first (created_at DESC, id DESC) with customers, count, offset, limit (default limit 50), no relations", async () => {
    const name = tag("List");
    const at = new Date(Date.now() - 50_000);
    const created = await insertCustomers(t.db.db, [
      { first_name: name, created_at: new Date(at.getTime() - 1000) },
      { first_name: name, created_at: at },
      { first_name: name, created_at: at },
    ]);
    const res = await get(`/admin/customers?q=${name}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body)).toEqual(["customers", "count", "offset", "limit"]);
    expect(body).toMatchObject({ count: 3, offset: 0, limit: 50 });
    expect(ids(body)).toEqual([...[created[1]!, created[2]!].sort().reverse(), created[0]]);
    expect(body.customers[0]).toEqual(customerShape({ has_account: false, first_name: name }));
    expect((await get("/admin/customers")).json().limit).toBe(50);
  });

  it("q matches email, first_name or last_name, case-insensitively", async () => {
    const word = tag("Needle");
    const created = await insertCustomers(t.db.db, [
      { email: `${word}@example.com`.toLowerCase() },
      { first_name: `x${word}x` },
      { last_name: word.toUpperCase() },
      { first_name: "nothing" },
    ]);
    const body = (await get(`/admin/customers?q=${word.toLowerCase()}`)).json();
    expect(body.count).toBe(3);
    expect(ids(body).sort()).toEqual(created.slice(0, 3).sort());
  });

  it("filters by has_account and by created_at / updated_at", async () => {
    const name = tag("Acct");
    const [guest, account, old] = await insertCustomers(t.db.db, [
      { first_name: name },
      { first_name: name, has_account: true },
      { first_name: name, created_at: new Date("2020-01-01T00:00:00Z") },
    ]);
    expect(ids((await get(`/admin/customers?q=${name}&has_account=true`)).json())).toEqual([account]);
    expect(ids((await get(`/admin/customers?q=${name}&has_account=false`)).json()).sort()).toEqual([guest, old].sort());
    expect(ids((await get(`/admin/customers?q=${name}&created_at[lt]=2021-01-01`)).json())).toEqual([old]);
    expect(ids((await get(`/admin/customers?q=${name}&updated_at[gt]=${Math.floor(Date.now() / 1000) - 3600}`)).json()).sort()).toEqual(
      [guest, account].sort(),
    );
  });

  it("answers 400 for a date that does not exist (2020-02-30), not March 1st", async () => {
    const res = await get("/admin/customers?created_at[gt]=2020-02-30");
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual(invalid("gt must be a Date instance"));
  });

  it("honours fields (as v1): only those columns plus id and created_at, relations still expanded", async () => {
    const name = tag("Fields");
    const [a] = await insertCustomers(t.db.db, [{ first_name: name }]);
    const res = await get(`/admin/customers?q=${name}&fields=email,first_name`);
    expect(res.statusCode).toBe(200);
    const [row] = res.json().customers;
    expect(Object.keys(row).sort()).toEqual(["created_at", "email", "first_name", "id"]);
    expect(row).toMatchObject({ id: a, first_name: name });
    const withGroups = (await get(`/admin/customers?q=${name}&fields=email&expand=groups`)).json().customers[0];
    expect(Object.keys(withGroups).sort()).toEqual(["created_at", "email", "groups", "id"]);
    const unknown = await get("/admin/customers?fields=password_hash");
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toEqual(invalid("fields contains unknown columns: password_hash"));
  });

  it("filters by groups[] (also comma-separated or scalar) and shows only the matching groups", async () => {
    const g1 = await createGroup(t);
    const g2 = await createGroup(t);
    const g3 = await createGroup(t);
    const [a, b, c] = await insertCustomers(t.db.db, [{}, {}, {}]);
    await addMembers(t, g1.id, [a!, b!]);
    await addMembers(t, g2.id, [b!]);
    await addMembers(t, g3.id, [a!, b!, c!]);
    const both = (await get(`/admin/customers?groups[]=${g1.id}&groups[]=${g2.id}`)).json();
    expect(both.count).toBe(2);
    const byId = Object.fromEntries(both.customers.map((x: { id: string; groups: Array<{ id: string }> }) => [x.id, x.groups.map((g) => g.id).sort()]));
    expect(byId).toEqual({ [a!]: [g1.id], [b!]: [g1.id, g2.id].sort() });
    const comma = (await get(`/admin/customers?groups[]=${g1.id},${g2.id}`)).json();
    expect(ids(comma).sort()).toEqual([a, b].sort());
    const scalar = (await get(`/admin/customers?groups=${g2.id}`)).json();
    expect(ids(scalar)).toEqual([b]);
    expect(scalar.customers[0].groups).toEqual([g2]);
  });

  it("expands groups (all of them), shipping_addresses, billing_address and orders, one query per relation", async () => {
    const g1 = await createGroup(t);
    const g2 = await createGroup(t);
    const name = tag("Exp");
    const [c] = await insertCustomers(t.db.db, [{ first_name: name }]);
    await addMembers(t, g1.id, [c!]);
    await addMembers(t, g2.id, [c!]);
    await t.db.db.insertInto("address").values({ id: "addr_ship_" + name, customer_id: c!, city: "Paris", country_code: "fr" }).execute();
    await t.db.db.insertInto("address").values({ id: "addr_bill_" + name, city: "Lyon" }).execute();
    await t.db.db.updateTable("customer").set({ billing_address_id: "addr_bill_" + name }).where("id", "=", c!).execute();
    const [customer] = (await get(`/admin/customers?q=${name}&expand=groups,shipping_addresses,billing_address,orders`)).json().customers;
    expect(customer.groups.map((g: { id: string }) => g.id).sort()).toEqual([g1.id, g2.id].sort());
    expect(customer.shipping_addresses).toEqual([
      {
        id: "addr_ship_" + name,
        customer_id: c,
        company: null,
        first_name: null,
        last_name: null,
        address_1: null,
        address_2: null,
        city: "Paris",
        country_code: "fr",
        province: null,
        postal_code: null,
        phone: null,
        metadata: null,
        created_at: ISO,
        updated_at: ISO,
        deleted_at: null,
      },
    ]);
    expect(customer.billing_address).toMatchObject({ id: "addr_bill_" + name, city: "Lyon", customer_id: null });
    expect(customer.orders).toEqual([]);
  });

  it("pages with offset and limit and orders by another column", async () => {
    const name = tag("Page");
    await insertCustomers(t.db.db, ["c", "a", "b"].map((l) => ({ first_name: name, email: `${l}${name}@example.com`.toLowerCase() })));
    const page = (await get(`/admin/customers?q=${name}&order=email&offset=1&limit=1`)).json();
    expect(page).toMatchObject({ count: 3, offset: 1, limit: 1 });
    expect(page.customers[0].email).toBe(`b${name}@example.com`.toLowerCase());
    const desc = (await get(`/admin/customers?q=${name}&order=-email`)).json();
    expect(desc.customers.map((c: { email: string }) => c.email[0])).toEqual(["c", "b", "a"]);
  });

  it("answers 400 (not v1's 500) for unknown orders, relations and parameters", async () => {
    for (const [query, message] of [
      ["order=password_hash", /^order must be one of/],
      ["expand=addresses", /^expand contains unknown relations/],
      ["foo=bar", /^property foo should not exist$/],
      ["has_account=yes", /^has_account must be a boolean value$/],
      ["created_at[gt]=soon", /^gt must be a Date instance$/],
      ["limit=-3", /^limit must not be less than 0$/],
    ] as const) {
      const res = await get(`/admin/customers?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().message, query).toMatch(message);
    }
    expect((await get("/admin/customers?fields=email")).statusCode).toBe(200);
  });
});

describe("GET /admin/customers/:id", () => {
  it("retrieves with v1's default relations orders and shipping_addresses", async () => {
    const created = await createCustomer(t);
    const res = await get(`/admin/customers/${created.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ customer: { ...created, orders: [], shipping_addresses: [] } });
  });

  it("replaces the defaults with expand", async () => {
    const created = await createCustomer(t);
    const group = await createGroup(t);
    await addMembers(t, group.id, [created.id]);
    expect((await get(`/admin/customers/${created.id}?expand=groups`)).json()).toEqual({ customer: { ...created, groups: [group] } });
    expect((await get(`/admin/customers/${created.id}?expand=`)).json()).toEqual({ customer: created });
    expect((await get(`/admin/customers/${created.id}?fields=email`)).json().customer).toEqual({ ...created, orders: [], shipping_addresses: [] });
  });

  it("answers 404 for an unknown id and 400 for other query keys", async () => {
    const res = await get("/admin/customers/cus_nope");
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ type: "not_found", message: "Customer with id: cus_nope was not found" });
    const created = await createCustomer(t);
    expect((await get(`/admin/customers/${created.id}?limit=2`)).json()).toEqual(invalid("property limit should not exist"));
  });
});

describe("POST /admin/customers/:id", () => {
  it("updates names, phone and metadata (merged) and returns the default relations", async () => {
    const created = await createCustomer(t, { metadata: { a: 1, b: 2 } });
    const res = await post(`/admin/customers/${created.id}`, { first_name: "Grace", last_name: "Hopper", phone: "123", metadata: { b: "", c: 3 } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      customer: { ...created, first_name: "Grace", last_name: "Hopper", phone: "123", metadata: { a: 1, c: 3 }, updated_at: ISO, orders: [], shipping_addresses: [] },
    });
  });

  it("replaces every membership with groups, and [] removes them all", async () => {
    const [c] = await insertCustomers(t.db.db, [{}]);
    const [g1, g2, g3] = [await createGroup(t), await createGroup(t), await createGroup(t)];
    await addMembers(t, g1.id, [c!]);
    await addMembers(t, g2.id, [c!]);
    const res = await post(`/admin/customers/${c}?expand=groups`, { groups: [{ id: g2.id }, { id: g3.id }, { id: g3.id }] });
    expect(res.statusCode).toBe(200);
    expect(res.json().customer.groups.map((g: { id: string }) => g.id).sort()).toEqual([g2.id, g3.id].sort());
    expect(await memberIds(t.db.db, g1.id)).toEqual([]);
    expect((await post(`/admin/customers/${c}`, { groups: [] })).statusCode).toBe(200);
    for (const g of [g1, g2, g3]) expect(await memberIds(t.db.db, g.id)).toEqual([]);
  });

  it("answers 404 for an unknown group with the foreign-key wording, and changes nothing", async () => {
    const [c] = await insertCustomers(t.db.db, [{ first_name: "Before" }]);
    const group = await createGroup(t);
    await addMembers(t, group.id, [c!]);
    const res = await post(`/admin/customers/${c}`, { first_name: "After", groups: [{ id: "cgrp_fake" }] });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ type: "not_found", message: "Customer_group with customer_group_id cgrp_fake does not exist." });
    expect(await memberIds(t.db.db, group.id)).toEqual([c]);
    expect((await get(`/admin/customers/${c}`)).json().customer.first_name).toBe("Before");
  });

  it("refuses an email change on a registered customer, but not on a guest", async () => {
    const account = await createCustomer(t);
    const refused = await post(`/admin/customers/${account.id}`, { email: `${tag()}@example.com` });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toEqual(invalid("Email cannot be changed when the user has registered their account"));
    expect((await post(`/admin/customers/${account.id}`, { email: account.email.toUpperCase() })).statusCode).toBe(200);
    const [guest] = await insertCustomers(t.db.db, [{}]);
    const email = `${tag("New")}@Example.com`;
    const res = await post(`/admin/customers/${guest}`, { email });
    expect(res.statusCode).toBe(200);
    expect(res.json().customer.email).toBe(email.toLowerCase());
  });

  it("re-hashes a new password, which then logs the customer in", async () => {
    const created = await createCustomer(t, { password: "old-password" });
    expect((await post(`/admin/customers/${created.id}`, { password: "new-password" })).statusCode).toBe(200);
    const login = (password: string) => t.app.inject({ method: "POST", url: "/store/auth", payload: { email: created.email, password } });
    expect((await login("old-password")).statusCode).toBe(401);
    expect((await login("new-password")).statusCode).toBe(200);
  });

  it("honours expand, answers 404 for an unknown customer and 400 for bad properties", async () => {
    const created = await createCustomer(t);
    expect((await post(`/admin/customers/${created.id}?expand=billing_address`, {})).json().customer).toEqual({
      ...created,
      updated_at: ISO,
      billing_address: null,
    });
    const missing = await post("/admin/customers/cus_nope", { first_name: "x" });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ type: "not_found", message: "Customer with id: cus_nope was not found" });
    expect((await post(`/admin/customers/${created.id}`, { groups: ["x"] })).json()).toEqual(
      invalid("each value in nested property groups must be either object or array"),
    );
    expect((await post(`/admin/customers/${created.id}`, { has_account: false })).json()).toEqual(invalid("property has_account should not exist"));
    expect((await post(`/admin/customers/${created.id}`, { email: "not-an-email" })).json()).toEqual(invalid("email must be an email"));
  });
});

describe("password hashes", () => {
  it("are never returned by any customer route", async () => {
    const created = await createCustomer(t);
    const group = await createGroup(t);
    await addMembers(t, group.id, [created.id]);
    for (const url of [
      "/admin/customers?expand=groups,shipping_addresses,billing_address,orders",
      `/admin/customers/${created.id}`,
      `/admin/customers/${created.id}?expand=groups`,
      `/admin/customer-groups/${group.id}/customers`,
      `/admin/customer-groups/${group.id}?expand=customers`,
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toContain("password");
    }
    expect((await post(`/admin/customers/${created.id}`, { password: "x" })).body).not.toContain("password");
  });
});
