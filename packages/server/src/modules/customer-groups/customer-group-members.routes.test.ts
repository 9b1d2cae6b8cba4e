import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMembers, createGroup, insertCustomers, insertManyCustomers, memberIds, tag } from "../../../test/factories.js";
import { createTestApp, type TestApp } from "../../../test/harness.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
const invalid = (message: string) => ({ type: "invalid_data", message });
const get = (url: string) => t.app.inject({ method: "GET", url, headers: t.admin.headers });
const batch = (method: "POST" | "DELETE", groupId: string, payload: unknown) =>
  t.app.inject({ method, url: `/admin/customer-groups/${groupId}/customers/batch`, headers: t.admin.headers, payload: payload as object });
const refs = (ids: string[]) => ({ customer_ids: ids.map((id) => ({ id })) });
const sorted = (ids: Array<string | undefined>) => [...ids].map(String).sort();

describe("POST /admin/customer-groups/:id/customers/batch", () => {
  it("adds customers and answers with the group as it was before, without relations", async () => {
    const group = await createGroup(t, tag("add"), { a: 1 });
    const ids = await insertCustomers(t.db.db, [{}, {}, {}]);
    const res = await batch("POST", group.id, refs(ids));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ customer_group: group });
    expect(await memberIds(t.db.db, group.id)).toEqual(sorted(ids));
  });

  it("is idempotent: adding members again (or twice in one call) changes nothing", async () => {
    const group = await createGroup(t);
    const ids = await insertCustomers(t.db.db, [{}, {}]);
    await addMembers(t, group.id, ids);
    const again = await batch("POST", group.id, refs([...ids, ids[0]!]));
    expect(again.statusCode).toBe(200);
    expect(await memberIds(t.db.db, group.id)).toEqual(sorted(ids));
  });

  it("adds nobody when one id is unknown, and names the unknown ids", async () => {
    const group = await createGroup(t);
    const [known] = await insertCustomers(t.db.db, [{}]);
    const res = await batch("POST", group.id, refs([known!, "cus_a", "cus_b", "cus_a"]));
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ type: "not_found", message: 'The following customer ids do not exist: "cus_a, cus_b"' });
    expect(await memberIds(t.db.db, group.id)).toEqual([]);
  });

  it("answers 404 for an unknown group", async () => {
    const [c] = await insertCustomers(t.db.db, [{}]);
    const res = await batch("POST", "cgrp_nope", refs([c!]));
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ type: "not_found", message: "CustomerGroup with id cgrp_nope was not found" });
  });

  it("answers 200 and does nothing for an empty list", async () => {
    const group = await createGroup(t);
    const res = await batch("POST", group.id, { customer_ids: [] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ customer_group: group });
  });

  it("answers 400 (not v1's 500) for a missing or malformed customer_ids", async () => {
    const group = await createGroup(t);
    const cases: Array<[unknown, string]> = [
      [{}, "customer_ids must be an array"],
      [{ customer_ids: "cus_1" }, "customer_ids must be an array"],
      [{ customer_ids: ["cus_1"] }, "each value in nested property customer_ids must be either object or array"],
      [{ customer_ids: [{}] }, "id must be a string"],
      [{ customer_ids: [{ id: 5 }] }, "id must be a string"],
      [{ customer_ids: [{ id: "x", foo: 1 }] }, "property foo should not exist"],
      [{ customer_ids: [], foo: 1 }, "property foo should not exist"],
    ];
    for (const [payload, message] of cases) {
      for (const method of ["POST", "DELETE"] as const) {
        const res = await batch(method, group.id, payload);
        expect(res.statusCode, `${method} ${JSON.stringify(payload)}`).toBe(400);
        expect(res.json(), `${method} ${JSON.stringify(payload)}`).toEqual(invalid(message));
      }
    }
  });

  it("answers 400 for a JSON null body and for malformed JSON", async () => {
    const group = await createGroup(t);
    for (const payload of ["null", "{"]) {
      const res = await t.app.inject({
        method: "POST",
        url: `/admin/customer-groups/${group.id}/customers/batch`,
        headers: { ...t.admin.headers, "content-type": "application/json" },
        payload,
      });
      expect(res.statusCode, payload).toBe(400);
      expect(res.json().type).toBe("invalid_data");
    }
  });

  it("adds 100,000 customers in one call, and adds none of them when one id is unknown", async () => {
    const group = await createGroup(t);
    const ids = await insertManyCustomers(t.db.db, 100_000);
    // 100,000 ids (BATCH_MAX_IDS): the unknown one sits in the middle, after parts that went in.
    const refused = await batch("POST", group.id, refs([...ids.slice(0, 50_000), "cus_missing", ...ids.slice(50_000, 99_999)]));
    expect(refused.statusCode).toBe(404);
    expect(refused.json().message).toBe('The following customer ids do not exist: "cus_missing"');
    expect(await memberIds(t.db.db, group.id)).toEqual([]);

    const res = await batch("POST", group.id, refs(ids));
    expect(res.statusCode).toBe(200);
    const count = (await get(`/admin/customer-groups/${group.id}/customers?limit=1`)).json().count;
    expect(count).toBe(100_000);

    const removed = await batch("DELETE", group.id, refs(ids.slice(0, 99_990)));
    expect(removed.statusCode).toBe(200);
    expect(await memberIds(t.db.db, group.id)).toEqual(ids.slice(99_990));
  }, 180_000);
});

describe("DELETE /admin/customer-groups/:id/customers/batch", () => {
  it("removes members and answers exactly { customer_group } without relations", async () => {
    const group = await createGroup(t);
    const ids = await insertCustomers(t.db.db, [{}, {}, {}]);
    await addMembers(t, group.id, ids);
    const res = await batch("DELETE", group.id, refs([ids[0]!, ids[2]!]));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ customer_group: group });
    expect(await memberIds(t.db.db, group.id)).toEqual([ids[1]]);
  });

  it("ignores non-members and unknown ids, and is idempotent", async () => {
    const group = await createGroup(t);
    const [member, outsider] = await insertCustomers(t.db.db, [{}, {}]);
    await addMembers(t, group.id, [member!]);
    for (let i = 0; i < 2; i++) {
      const res = await batch("DELETE", group.id, refs([member!, outsider!, "cus_unknown"]));
      expect(res.statusCode).toBe(200);
    }
    expect(await memberIds(t.db.db, group.id)).toEqual([]);
    expect(await t.db.db.selectFrom("customer").select("id").where("id", "in", [member!, outsider!]).execute()).toHaveLength(2);
  });

  it("answers 404 for an unknown group, before looking at the ids", async () => {
    const res = await batch("DELETE", "cgrp_nope", refs(["cus_whatever"]));
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ type: "not_found", message: "CustomerGroup with id cgrp_nope was not found" });
  });
});

describe("concurrent membership batches on one group", () => {
  it("end in the state of the batches applied one at a time", async () => {
    const group = await createGroup(t);
    const toAdd = await insertManyCustomers(t.db.db, 400);
    const toRemove = await insertManyCustomers(t.db.db, 400);
    await addMembers(t, group.id, toRemove);
    // Overlapping slices in different orders: the same rows are inserted (and deleted) by
    // several requests at once.
    const slices = (ids: string[]) =>
      Array.from({ length: 12 }, (_, i) => {
        const slice = ids.slice((i * 30) % 300, ((i * 30) % 300) + 100);
        return i % 2 ? slice.reverse() : slice;
      });
    const requests = [
      ...slices(toAdd).map((s) => batch("POST", group.id, refs(s))),
      ...slices(toRemove).map((s) => batch("DELETE", group.id, refs(s))),
      batch("POST", group.id, refs(toAdd)),
      batch("DELETE", group.id, refs(toRemove)),
    ];
    const responses = await Promise.all(requests);
    expect(responses.map((r) => r.statusCode)).toEqual(requests.map(() => 200));
    expect(await memberIds(t.db.db, group.id)).toEqual(sorted(toAdd));
  });

  it("answer 200 for adds and removes of the same customers racing each other, leaving each customer in or out", async () => {
    const group = await createGroup(t);
    const ids = await insertManyCustomers(t.db.db, 50);
    const requests = Array.from({ length: 20 }, (_, i) => batch(i % 2 ? "DELETE" : "POST", group.id, refs(i % 4 < 2 ? ids : [...ids].reverse())));
    const responses = await Promise.all(requests);
    expect(responses.every((r) => r.statusCode === 200)).toBe(true);
    const members = await memberIds(t.db.db, group.id);
    expect(members.every((m) => ids.includes(m))).toBe(true);
    const count = (await get(`/admin/customer-groups/${group.id}/customers?limit=0`)).json();
    expect(count.count).toBe(members.length);
    expect(count.customers).toHaveLength(members.length);
  });
});

describe("GET /admin/customer-groups/:id/customers", () => {
  it("lists members, each with groups holding only this group (default limit 50)", async () => {
    const group = await createGroup(t, tag("members"));
    const other = await createGroup(t);
    const ids = await insertCustomers(t.db.db, [{ email: `${tag()}@x.com`, first_name: "Ada" }, {}]);
    await addMembers(t, group.id, ids);
    await addMembers(t, other.id, ids);
    const res = await get(`/admin/customer-groups/${group.id}/customers`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body)).toEqual(["customers", "count", "offset", "limit"]);
    expect(body).toMatchObject({ count: 2, offset: 0, limit: 50 });
    for (const customer of body.customers) expect(customer.groups).toEqual([group]);
    expect(body.customers.find((c: { first_name: string | null }) => c.first_name === "Ada")).toEqual({
      id: expect.stringMatching(/^cus_/),
      email: expect.any(String),
      first_name: "Ada",
      last_name: null,
      billing_address_id: null,
      phone: null,
      has_account: false,
      metadata: null,
      created_at: ISO,
      updated_at: ISO,
      deleted_at: null,
      groups: [group],
    });
  });

  it("orders members newest first, breaking created_at ties by id (descending)", async () => {
    const group = await createGroup(t);
    const at = new Date(Date.now() - 100_000);
    const tied = await insertCustomers(t.db.db, [{ created_at: at }, { created_at: at }, { created_at: at }]);
    const [older] = await insertCustomers(t.db.db, [{ created_at: new Date(at.getTime() - 1000) }]);
    const [newer] = await insertCustomers(t.db.db, [{ created_at: new Date(at.getTime() + 1000) }]);
    await addMembers(t, group.id, [older!, ...tied, newer!]);
    const order = (await get(`/admin/customer-groups/${group.id}/customers`)).json().customers.map((c: { id: string }) => c.id);
    expect(order).toEqual([newer, ...[...tied].sort().reverse(), older]);
    const asc = (await get(`/admin/customer-groups/${group.id}/customers?order=created_at`)).json().customers.map((c: { id: string }) => c.id);
    expect(asc).toEqual([older, ...[...tied].sort(), newer]);
  });

  it("follows a customer's created_at when it is changed in the database", async () => {
    const group = await createGroup(t);
    const [a, b] = await insertCustomers(t.db.db, [{ created_at: new Date(Date.now() - 5000) }, { created_at: new Date(Date.now() - 4000) }]);
    await addMembers(t, group.id, [a!, b!]);
    await t.db.db.updateTable("customer").set({ created_at: new Date() }).where("id", "=", a!).execute();
    const order = (await get(`/admin/customer-groups/${group.id}/customers`)).json().customers.map((c: { id: string }) => c.id);
    expect(order).toEqual([a, b]);
  });

  it("pages with offset and limit; count is the total", async () => {
    const group = await createGroup(t);
    const ids = await insertCustomers(t.db.db, Array.from({ length: 7 }, (_, i) => ({ created_at: new Date(Date.now() - 10_000 + i) })));
    await addMembers(t, group.id, ids);
    const page = (await get(`/admin/customer-groups/${group.id}/customers?offset=2&limit=3`)).json();
    expect(page).toMatchObject({ count: 7, offset: 2, limit: 3 });
    expect(page.customers.map((c: { id: string }) => c.id)).toEqual([ids[4], ids[3], ids[2]]);
  });

  it("filters members by q, has_account and dates, and counts only the matches", async () => {
    const group = await createGroup(t);
    const name = tag("Zed");
    const ids = await insertCustomers(t.db.db, [
      { first_name: name, has_account: true, created_at: new Date("2022-01-01T00:00:00Z") },
      { last_name: name.toUpperCase(), created_at: new Date("2022-06-01T00:00:00Z") },
      { email: `${name}@example.com`, has_account: true, created_at: new Date("2022-09-01T00:00:00Z") },
      { first_name: "other" },
    ]);
    await addMembers(t, group.id, ids);
    const list = async (query: string) => {
      const body = (await get(`/admin/customer-groups/${group.id}/customers?${query}`)).json();
      expect(body.count).toBe(body.customers.length);
      return body.customers.map((c: { id: string }) => c.id);
    };
    expect(await list(`q=${name.toLowerCase()}`)).toEqual([ids[2], ids[1], ids[0]]);
    expect(await list(`q=${name}&has_account=true`)).toEqual([ids[2], ids[0]]);
    expect(await list(`has_account=false`)).toEqual([ids[3], ids[1]]);
    expect(await list(`q=${name}&created_at[gt]=2022-03-01&created_at[lt]=2022-08-01`)).toEqual([ids[1]]);
  });

  it("answers 200 with an empty list for an unknown group", async () => {
    const res = await get("/admin/customer-groups/cgrp_unknown/customers");
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ customers: [], count: 0, offset: 0, limit: 50 });
  });

  it("expands customer relations on members", async () => {
    const group = await createGroup(t);
    const [c] = await insertCustomers(t.db.db, [{}]);
    await addMembers(t, group.id, [c!]);
    const [member] = (await get(`/admin/customer-groups/${group.id}/customers?expand=shipping_addresses,billing_address,orders`)).json().customers;
    expect(member).toMatchObject({ id: c, shipping_addresses: [], billing_address: null, orders: [], groups: [group] });
  });

  it("accepts the customer list's query (fields and groups are ignored) and refuses unknown keys", async () => {
    const group = await createGroup(t);
    const [c] = await insertCustomers(t.db.db, [{}]);
    await addMembers(t, group.id, [c!]);
    const res = await get(`/admin/customer-groups/${group.id}/customers?fields=email&groups[]=cgrp_other`);
    expect(res.json().customers.map((x: { id: string }) => x.id)).toEqual([c]);
    expect((await get(`/admin/customer-groups/${group.id}/customers?foo=1`)).json()).toEqual(invalid("property foo should not exist"));
    expect((await get(`/admin/customer-groups/${group.id}/customers?has_account=maybe`)).json()).toEqual(invalid("has_account must be a boolean value"));
    expect((await get(`/admin/customer-groups/${group.id}/customers?order=password_hash`)).statusCode).toBe(400);
  });

  it("never returns password hashes", async () => {
    const group = await createGroup(t);
    const created = await t.app.inject({
      method: "POST",
      url: "/admin/customers",
      headers: t.admin.headers,
      payload: { email: `${tag()}@example.com`, first_name: "P", last_name: "W", password: "secret-pw" },
    });
    await addMembers(t, group.id, [created.json().customer.id]);
    const res = await get(`/admin/customer-groups/${group.id}/customers?expand=groups`);
    expect(res.body).not.toContain("password");
    const expanded = await get(`/admin/customer-groups/${group.id}?expand=customers`);
    expect(expanded.body).not.toContain("password");
  });
});
