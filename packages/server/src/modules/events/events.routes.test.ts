import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMembers, createGroup, insertCustomers, insertManyCustomers, tag } from "../../../test/factories.js";
import { createTestApp, type TestApp } from "../../../test/harness.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

interface EventBody {
  id: string;
  type: string;
  created_at: string;
  data: Record<string, unknown>;
  actor: { type: string; id: string | null };
  source: string;
  request_id: string | null;
}

async function events(query: string): Promise<{ events: EventBody[]; count: number; offset: number; limit: number }> {
  const res = await t.app.inject({ method: "GET", url: `/admin/events?${query}`, headers: t.admin.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe("events of customer group changes", () => {
  it("records create, update and delete with the actor, the source and the request id", async () => {
    const group = await createGroup(t, tag("g"));
    const res = await t.app.inject({
      method: "POST",
      url: `/admin/customer-groups/${group.id}`,
      headers: { ...t.admin.headers, "x-request-id": "req-audit-1" },
      payload: { name: tag("renamed") },
    });
    expect(res.statusCode).toBe(200);
    await t.app.inject({ method: "DELETE", url: `/admin/customer-groups/${group.id}`, headers: t.admin.headers });
    const page = await events(`customer_group_id=${group.id}`);
    expect(page.events.map((e) => e.type)).toEqual(["customer_group.deleted", "customer_group.updated", "customer_group.created"]);
    expect(page.count).toBe(3);
    const updated = page.events[1]!;
    expect(updated).toMatchObject({
      id: expect.stringMatching(/^evt_[0-9A-Z]{26}$/),
      actor: { type: "api_token", id: t.admin.id },
      source: "api",
      request_id: "req-audit-1",
      data: { id: group.id, name: res.json().customer_group.name },
    });
  });

  it("answers who put a customer into a group, and when", async () => {
    const group = await createGroup(t, tag("wholesale"));
    const [a, b] = await insertCustomers(t.db.db, [{}, {}]);
    await addMembers(t, group.id, [a!]);
    // The second call adds only b: a membership that did not change is not reported.
    await addMembers(t, group.id, [a!, b!]);
    const forB = await events(`customer_id=${b}&type[]=customer_group.customers_added`);
    expect(forB.events).toHaveLength(1);
    expect(forB.events[0]!.data).toEqual({ customer_group_id: group.id, customer_ids: [b] });
    expect(forB.events[0]!.actor).toEqual({ type: "api_token", id: t.admin.id });
    const forA = await events(`customer_id=${a}&customer_group_id=${group.id}`);
    expect(forA.events.map((e) => e.type)).toEqual(["customer_group.customers_added"]);
  });

  it("writes one event per 1,000 ids that really changed, and none for a no-op removal", async () => {
    const group = await createGroup(t, tag("big"));
    const ids = await insertManyCustomers(t.db.db, 2_500);
    await addMembers(t, group.id, ids);
    const added = await events(`customer_group_id=${group.id}&type[]=customer_group.customers_added&limit=10`);
    expect(added.count).toBe(3);
    const all = added.events.flatMap((e) => e.data.customer_ids as string[]);
    expect(all.sort()).toEqual([...ids].sort());
    expect(added.events.every((e) => (e.data.customer_ids as string[]).length <= 1000)).toBe(true);

    const other = (await insertCustomers(t.db.db, [{}]))[0]!;
    const res = await t.app.inject({
      method: "DELETE",
      url: `/admin/customer-groups/${group.id}/customers/batch`,
      headers: t.admin.headers,
      payload: { customer_ids: [{ id: ids[0] }, { id: other }] },
    });
    expect(res.statusCode).toBe(200);
    const removed = await events(`customer_group_id=${group.id}&type[]=customer_group.customers_removed`);
    expect(removed.events.map((e) => e.data.customer_ids)).toEqual([[ids[0]]]);
  });

  it("writes no event for a change that rolled back", async () => {
    const group = await createGroup(t, tag("rollback"));
    const [a] = await insertCustomers(t.db.db, [{}]);
    const res = await t.app.inject({
      method: "POST",
      url: `/admin/customer-groups/${group.id}/customers/batch`,
      headers: t.admin.headers,
      payload: { customer_ids: [{ id: a }, { id: "cus_missing" }] },
    });
    expect(res.statusCode).toBe(404);
    const page = await events(`customer_group_id=${group.id}&type[]=customer_group.customers_added`);
    expect(page.count).toBe(0);
  });
});

describe("events of customers and price lists", () => {
  it("records customer.created and customer.updated with its groups, and the memberships it changed", async () => {
    const group = await createGroup(t, tag("g"));
    const created = await t.app.inject({
      method: "POST",
      url: "/admin/customers",
      headers: t.admin.headers,
      payload: { email: `${tag("c")}@example.com`, first_name: "A", last_name: "B", password: "secret123" },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().customer.id as string;
    const updated = await t.app.inject({ method: "POST", url: `/admin/customers/${id}`, headers: t.admin.headers, payload: { groups: [{ id: group.id }] } });
    expect(updated.statusCode).toBe(200);
    const page = await events(`customer_id=${id}`);
    expect(page.events.map((e) => e.type).sort()).toEqual(["customer.created", "customer.updated", "customer_group.customers_added"]);
    const upd = page.events.find((e) => e.type === "customer.updated")!;
    expect(upd.data).toMatchObject({ id, groups: [{ id: group.id }] });
    expect(upd.data).not.toHaveProperty("password_hash");
  });

  it("records price list changes", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/admin/price-lists",
      headers: t.admin.headers,
      payload: { name: tag("pl"), description: "d", type: "sale", prices: [] },
    });
    expect(res.statusCode, res.body).toBe(200);
    const id = res.json().price_list.id as string;
    await t.app.inject({ method: "POST", url: `/admin/price-lists/${id}`, headers: t.admin.headers, payload: { name: tag("pl2") } });
    await t.app.inject({ method: "DELETE", url: `/admin/price-lists/${id}`, headers: t.admin.headers });
    const page = await events(`price_list_id=${id}`);
    expect(page.events.map((e) => e.type)).toEqual(["price_list.deleted", "price_list.updated", "price_list.created"]);
  });
});

describe("who made the change", () => {
  it("is the user for a JWT or session, the API token's user for a token, and the store for a registration", async () => {
    const login = await t.app.inject({ method: "POST", url: "/admin/auth/token", payload: { email: t.admin.email, password: t.admin.password } });
    expect(login.statusCode).toBe(200);
    const jwt = { authorization: `Bearer ${login.json().access_token}` };
    const res = await t.app.inject({ method: "POST", url: "/admin/customer-groups", headers: jwt, payload: { name: tag("jwt") } });
    const byJwt = await events(`customer_group_id=${res.json().customer_group.id}`);
    expect(byJwt.events[0]).toMatchObject({ actor: { type: "user", id: t.admin.id }, source: "api" });

    const email = `${tag("shopper")}@example.com`;
    const registered = await t.app.inject({ method: "POST", url: "/store/customers", payload: { email, password: "pw-secret", first_name: "A", last_name: "B" } });
    expect(registered.statusCode).toBe(200);
    const byStore = await events(`customer_id=${registered.json().customer.id}`);
    expect(byStore.events[0]).toMatchObject({ type: "customer.created", actor: { type: "system", id: null }, source: "store" });
    expect(byStore.events[0]!.data).not.toHaveProperty("password_hash");
  });
});

describe("GET /admin/events", () => {
  it("pages newest first, filters by type and created_at, and replays oldest first after a cursor", async () => {
    const g1 = await createGroup(t, tag("c1"));
    const g2 = await createGroup(t, tag("c2"));
    const g3 = await createGroup(t, tag("c3"));
    const created = await events(`type[]=customer_group.created&limit=3`);
    expect(created.events.map((e) => e.data.id)).toEqual([g3.id, g2.id, g1.id]);
    const first = created.events[2]!;
    const after = await events(`after=${first.id}&type[]=customer_group.created`);
    expect(after.events.map((e) => e.data.id)).toEqual([g2.id, g3.id]);
    const future = await events(`created_at[gt]=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`);
    expect(future.count).toBe(0);
  });

  it("refuses a malformed cursor or date with a 400", async () => {
    for (const query of ["after=nope", "created_at[gt]=yesterday", "limit=x"]) {
      const res = await t.app.inject({ method: "GET", url: `/admin/events?${query}`, headers: t.admin.headers });
      expect(res.statusCode, query).toBe(400);
      expect(res.json()).toHaveProperty("type", "invalid_data");
    }
  });

  it("needs admin credentials", async () => {
    const res = await t.app.inject({ method: "GET", url: "/admin/events" });
    expect(res.statusCode).toBe(401);
  });
});
