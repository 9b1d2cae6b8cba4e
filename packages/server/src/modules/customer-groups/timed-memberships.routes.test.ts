import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGroup, insertCustomers } from "../../../test/factories.js";
import { createTestApp, type TestApp } from "../../../test/harness.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const hour = 3600 * 1000;
const get = (url: string) => t.app.inject({ method: "GET", url, headers: t.admin.headers });
const batch = (method: "POST" | "DELETE", groupId: string, payload: unknown) =>
  t.app.inject({ method, url: `/admin/customer-groups/${groupId}/customers/batch`, headers: t.admin.headers, payload: payload as object });
/** The database's clock (the one the store prices with), in epoch milliseconds. */
const dbNow = async () => (await sql<{ now: Date }>`SELECT now() AS now`.execute(t.db.db)).rows[0]!.now.getTime();
const iso = (ms: number) => new Date(ms).toISOString();

async function windowOf(groupId: string, customerId: string) {
  const row = await t.db.db
    .selectFrom("customer_group_customers")
    .select(["starts_at", "expires_at"])
    .where("customer_group_id", "=", groupId)
    .where("customer_id", "=", customerId)
    .executeTakeFirstOrThrow();
  return { starts_at: row.starts_at?.toISOString() ?? null, expires_at: row.expires_at?.toISOString() ?? null };
}

describe("POST /admin/customer-groups/:id/customers/batch with membership windows", () => {
  it("stores each entry's window; an entry with only an id has none", async () => {
    const group = await createGroup(t);
    const [a, b, c] = await insertCustomers(t.db.db, [{}, {}, {}]);
    const res = await batch("POST", group.id, {
      customer_ids: [{ id: a, starts_at: "2030-01-01T00:00:00Z", expires_at: "2030-02-01T00:00:00.000Z" }, { id: b, expires_at: "2031-01-01T10:00:00+02:00" }, { id: c }],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ customer_group: group });
    expect(await windowOf(group.id, a!)).toEqual({ starts_at: "2030-01-01T00:00:00.000Z", expires_at: "2030-02-01T00:00:00.000Z" });
    expect(await windowOf(group.id, b!)).toEqual({ starts_at: null, expires_at: "2031-01-01T08:00:00.000Z" });
    expect(await windowOf(group.id, c!)).toEqual({ starts_at: null, expires_at: null });

    // A windowed batch writes its membership event like any other batch.
    const events = (await get(`/admin/events?customer_group_id=${group.id}&type[]=customer_group.customers_added`)).json().events;
    expect(events).toHaveLength(1);
    expect(events[0].data).toEqual({ customer_group_id: group.id, customer_ids: [a, b, c].sort() });
  });

  it("answers 400 when a window does not start before it ends, or a bound is not an ISO time, and adds nobody", async () => {
    const group = await createGroup(t);
    const [a, b] = await insertCustomers(t.db.db, [{}, {}]);
    const cases: Array<[unknown, string]> = [
      [[{ id: b }, { id: a, starts_at: "2030-01-02T00:00:00Z", expires_at: "2030-01-01T00:00:00Z" }], `starts_at must be before expires_at (customer ${a})`],
      [[{ id: a, starts_at: "2030-01-01T00:00:00Z", expires_at: "2030-01-01T00:00:00Z" }], `starts_at must be before expires_at (customer ${a})`],
    ];
    for (const [entries, message] of cases) {
      const res = await batch("POST", group.id, { customer_ids: entries });
      expect(res.statusCode, JSON.stringify(entries)).toBe(400);
      expect(res.json()).toEqual({ type: "invalid_data", message });
    }
    for (const bad of ["tomorrow", "2030-01-01", 5]) {
      const res = await batch("POST", group.id, { customer_ids: [{ id: a, expires_at: bad }] });
      expect(res.statusCode, String(bad)).toBe(400);
      expect(res.json().type).toBe("invalid_data");
    }
    // A window belongs to adding only.
    const removal = await batch("DELETE", group.id, { customer_ids: [{ id: a, expires_at: "2030-01-01T00:00:00Z" }] });
    expect(removal.statusCode).toBe(400);
    expect(removal.json()).toEqual({ type: "invalid_data", message: "property expires_at should not exist" });
    expect((await get(`/admin/customer-groups/${group.id}/customers`)).json().count).toBe(0);
  });

  it("re-adding a member with a window sets it (null opens a bound); re-adding with only the id changes nothing, as in v1", async () => {
    const group = await createGroup(t);
    const [a] = await insertCustomers(t.db.db, [{}]);
    expect((await batch("POST", group.id, { customer_ids: [{ id: a }] })).statusCode).toBe(200);
    expect((await batch("POST", group.id, { customer_ids: [{ id: a, starts_at: "2030-01-01T00:00:00Z", expires_at: "2030-06-01T00:00:00Z" }] })).statusCode).toBe(200);
    expect(await windowOf(group.id, a!)).toEqual({ starts_at: "2030-01-01T00:00:00.000Z", expires_at: "2030-06-01T00:00:00.000Z" });
    expect((await batch("POST", group.id, { customer_ids: [{ id: a }] })).statusCode).toBe(200);
    expect(await windowOf(group.id, a!)).toEqual({ starts_at: "2030-01-01T00:00:00.000Z", expires_at: "2030-06-01T00:00:00.000Z" });
    expect((await batch("POST", group.id, { customer_ids: [{ id: a, expires_at: "2031-01-01T00:00:00Z" }] })).statusCode).toBe(200);
    expect(await windowOf(group.id, a!)).toEqual({ starts_at: null, expires_at: "2031-01-01T00:00:00.000Z" });
    expect((await batch("POST", group.id, { customer_ids: [{ id: a, expires_at: null }] })).statusCode).toBe(200);
    expect(await windowOf(group.id, a!)).toEqual({ starts_at: null, expires_at: null });
    // The kept member count is unchanged by window updates: still one member.
    expect((await get(`/admin/customer-groups/${group.id}?expand=customer_count`)).json().customer_group.customer_count).toBe(1);
  });

  it("with a window on some entries, still adds nobody when one id is unknown", async () => {
    const group = await createGroup(t);
    const [a] = await insertCustomers(t.db.db, [{}]);
    const res = await batch("POST", group.id, { customer_ids: [{ id: a, expires_at: "2030-01-01T00:00:00Z" }, { id: "cus_nope" }] });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ type: "not_found", message: 'The following customer ids do not exist: "cus_nope"' });
    expect((await get(`/admin/customer-groups/${group.id}/customers`)).json().count).toBe(0);
  });
});

describe("GET /admin/customer-groups/:id/customers with membership windows", () => {
  async function groupWithWindows() {
    const now = await dbNow();
    const group = await createGroup(t);
    const [open, current, expired, scheduled] = await insertCustomers(t.db.db, [{}, {}, {}, {}]);
    const res = await batch("POST", group.id, {
      customer_ids: [
        { id: open },
        { id: current, starts_at: iso(now - hour), expires_at: iso(now + hour) },
        { id: expired, starts_at: iso(now - 2 * hour), expires_at: iso(now - 1000) },
        { id: scheduled, starts_at: iso(now + hour) },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    return { group, now, open: open!, current: current!, expired: expired!, scheduled: scheduled! };
  }

  it("keeps v1's shape by default, and shows each member's window with expand=membership", async () => {
    const g = await groupWithWindows();
    const plain = (await get(`/admin/customer-groups/${g.group.id}/customers`)).json();
    expect(plain.count).toBe(4);
    for (const c of plain.customers) expect(c).not.toHaveProperty("membership");

    const res = await get(`/admin/customer-groups/${g.group.id}/customers?expand=membership`);
    expect(res.statusCode, res.body).toBe(200);
    const byId = Object.fromEntries(res.json().customers.map((c: { id: string; membership: unknown }) => [c.id, c.membership]));
    expect(byId).toEqual({
      [g.open]: { starts_at: null, expires_at: null },
      [g.current]: { starts_at: iso(g.now - hour), expires_at: iso(g.now + hour) },
      [g.expired]: { starts_at: iso(g.now - 2 * hour), expires_at: iso(g.now - 1000) },
      [g.scheduled]: { starts_at: iso(g.now + hour), expires_at: null },
    });
    // With other relations too; groups stays as v1 shows it on a members list.
    const both = (await get(`/admin/customer-groups/${g.group.id}/customers?expand=membership,shipping_addresses`)).json().customers[0];
    expect(both.membership).toBeDefined();
    expect(both.shipping_addresses).toEqual([]);
    expect(both.groups).toHaveLength(1);
    // The admin customer list has no membership relation.
    expect((await get(`/admin/customers?expand=membership`)).statusCode).toBe(400);
  });

  it("filters by membership_status at the database's now(), and counts only the matches", async () => {
    const g = await groupWithWindows();
    const ids = async (status: string, extra = "") => {
      const res = await get(`/admin/customer-groups/${g.group.id}/customers?membership_status=${status}${extra}`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      return { count: body.count, ids: body.customers.map((c: { id: string }) => c.id).sort() };
    };
    expect(await ids("current")).toEqual({ count: 2, ids: [g.open, g.current].sort() });
    expect(await ids("expired")).toEqual({ count: 1, ids: [g.expired] });
    expect(await ids("scheduled")).toEqual({ count: 1, ids: [g.scheduled] });
    expect(await ids("current", "&limit=1")).toMatchObject({ count: 2 });
    expect(await ids("current", "&has_account=true")).toEqual({ count: 0, ids: [] });
    const bad = await get(`/admin/customer-groups/${g.group.id}/customers?membership_status=later`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().type).toBe("invalid_data");
  });
});
