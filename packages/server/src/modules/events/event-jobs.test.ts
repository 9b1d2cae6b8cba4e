import http from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createGroup, insertCustomers, tag } from "../../../test/factories.js";
import { createTestApp, usingPostgres, type TestApp } from "../../../test/harness.js";
import { newId } from "../../shared/ids.js";
import { emitMembershipExpiryEvents, emitScheduleEvents, mergeEventIndex, pruneEvents } from "./event-jobs.js";
import { EventsRepository } from "./events.repository.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const at = (ms: number) => () => new Date(ms);

async function priceList(payload: Record<string, unknown>): Promise<string> {
  const res = await t.app.inject({
    method: "POST",
    url: "/admin/price-lists",
    headers: t.admin.headers,
    payload: { name: tag("pl"), description: "d", type: "sale", prices: [], ...payload },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().price_list.id;
}

async function scheduleEvents(id: string): Promise<Array<{ type: string; actor: unknown; source: string }>> {
  const res = await t.app.inject({ method: "GET", url: `/admin/events?price_list_id=${id}&type[]=price_list.activated&type[]=price_list.expired`, headers: t.admin.headers });
  return res.json().events;
}

describe("price_list.activated / price_list.expired without a write", () => {
  it("announces each boundary once, when its time passes", async () => {
    const now = Date.now();
    const id = await priceList({ status: "active", starts_at: new Date(now + 60_000).toISOString(), ends_at: new Date(now + 120_000).toISOString() });
    await emitScheduleEvents(t.db.db, at(now + 59_000));
    expect(await scheduleEvents(id)).toEqual([]);
    await emitScheduleEvents(t.db.db, at(now + 60_500));
    await emitScheduleEvents(t.db.db, at(now + 61_000));
    expect((await scheduleEvents(id)).map((e) => e.type)).toEqual(["price_list.activated"]);
    expect((await scheduleEvents(id))[0]).toMatchObject({ actor: { type: "system", id: null }, source: "schedule" });
    await emitScheduleEvents(t.db.db, at(now + 121_000));
    await emitScheduleEvents(t.db.db, at(now + 122_000));
    expect((await scheduleEvents(id)).map((e) => e.type)).toEqual(["price_list.expired", "price_list.activated"]);
  });

  it("activates a list created already inside its window, and none that is a draft", async () => {
    const now = Date.now();
    const open = await priceList({ status: "active" });
    const draft = await priceList({ status: "draft" });
    await emitScheduleEvents(t.db.db, at(now + 2_000));
    expect((await scheduleEvents(open)).map((e) => e.type)).toEqual(["price_list.activated"]);
    expect(await scheduleEvents(draft)).toEqual([]);
  });

  it("announces a moved start again", async () => {
    const now = Date.now();
    const id = await priceList({ status: "active", starts_at: new Date(now - 1_000).toISOString() });
    await emitScheduleEvents(t.db.db, at(now + 1_000));
    await t.app.inject({ method: "POST", url: `/admin/price-lists/${id}`, headers: t.admin.headers, payload: { starts_at: new Date(now + 5_000).toISOString() } });
    await emitScheduleEvents(t.db.db, at(now + 6_000));
    expect((await scheduleEvents(id)).map((e) => e.type)).toEqual(["price_list.activated", "price_list.activated"]);
  });

  it.runIf(usingPostgres)("emits once when two instances run at the same moment", async () => {
    const now = Date.now();
    const id = await priceList({ status: "active", starts_at: new Date(now + 10_000).toISOString() });
    const other = await t.testDb.reopen();
    await Promise.all([emitScheduleEvents(t.db.db, at(now + 11_000)), emitScheduleEvents(other.db, at(now + 11_000))]);
    await Promise.all([emitScheduleEvents(t.db.db, at(now + 12_000)), emitScheduleEvents(other.db, at(now + 12_000))]);
    expect(await scheduleEvents(id)).toHaveLength(1);
  });
});

describe("customer_group.membership_expired without a write", () => {
  const expiries = async (groupId: string) =>
    (await t.app.inject({ method: "GET", url: `/admin/events?customer_group_id=${groupId}&type[]=customer_group.membership_expired`, headers: t.admin.headers })).json()
      .events as Array<{ data: { customer_group_id: string; customer_ids: string[] }; actor: unknown; source: string }>;

  it("announces each window's end once, when its time passes, per group and for the customers whose window ended", async () => {
    const now = Date.now();
    const group = await createGroup(t);
    const [early, late, open] = await insertCustomers(t.db.db, [{}, {}, {}]);
    const res = await t.app.inject({
      method: "POST",
      url: `/admin/customer-groups/${group.id}/customers/batch`,
      headers: t.admin.headers,
      payload: { customer_ids: [{ id: early, expires_at: new Date(now + 60_000).toISOString() }, { id: late, expires_at: new Date(now + 120_000).toISOString() }, { id: open }] },
    });
    expect(res.statusCode, res.body).toBe(200);
    const events = new EventsRepository(t.db.db);

    await emitMembershipExpiryEvents(t.db.db, events, at(now + 59_000));
    expect(await expiries(group.id)).toEqual([]);
    await emitMembershipExpiryEvents(t.db.db, events, at(now + 60_000));
    await emitMembershipExpiryEvents(t.db.db, events, at(now + 61_000)); // a second instance, or the next run: nothing new
    expect((await expiries(group.id)).map((e) => e.data)).toEqual([{ customer_group_id: group.id, customer_ids: [early] }]);
    expect((await expiries(group.id))[0]).toMatchObject({ actor: { type: "system", id: null }, source: "schedule" });

    await emitMembershipExpiryEvents(t.db.db, events, at(now + 130_000));
    expect((await expiries(group.id)).map((e) => e.data.customer_ids)).toEqual([[late], [early]]);

    // Moving the window announces its new end again.
    await t.app.inject({
      method: "POST",
      url: `/admin/customer-groups/${group.id}/customers/batch`,
      headers: t.admin.headers,
      payload: { customer_ids: [{ id: early, expires_at: new Date(now + 200_000).toISOString() }] },
    });
    await emitMembershipExpiryEvents(t.db.db, events, at(now + 200_500));
    expect((await expiries(group.id)).map((e) => e.data.customer_ids)).toEqual([[early], [late], [early]]);
  });
});

describe("event retention", () => {
  it("deletes events older than the retention period, and only those", async () => {
    const old = newId("evt");
    await t.db.db
      .insertInto("event")
      .values({ id: old, type: "customer_group.created", data: "{}", actor: '{"type":"system","id":null}', source: "system", created_at: new Date(Date.now() - 100 * 86_400_000) })
      .execute();
    const group = await createGroup(t, tag("kept"));
    expect(await pruneEvents(t.db.db, at(Date.now()), 90)).toBeGreaterThanOrEqual(1);
    const left = await t.db.db.selectFrom("event").select("id").where("id", "=", old).execute();
    expect(left).toEqual([]);
    const kept = await t.db.db.selectFrom("event").select("id").where("customer_group_id", "=", group.id).execute();
    expect(kept).toHaveLength(1);
  });

  it.runIf(usingPostgres)("is skipped by an instance while another one prunes", async () => {
    const other = await t.testDb.reopen();
    await other.db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${0x636f6801})`.execute(trx);
      await t.db.db
        .insertInto("event")
        .values({ id: newId("evt"), type: "customer_group.created", data: "{}", actor: "{}", source: "system", created_at: new Date(Date.now() - 100 * 86_400_000) })
        .execute();
      expect(await pruneEvents(t.db.db, at(Date.now()), 90)).toBe(0);
    });
    expect(await pruneEvents(t.db.db, at(Date.now()), 90)).toBe(1);
  });
});

describe("event index maintenance", () => {
  it("merges the customer_ids index's pending entries, after which the filter still finds them", async () => {
    const res = await t.app.inject({ method: "POST", url: "/admin/customers", headers: t.admin.headers, payload: { email: `${tag("m")}@example.com`, first_name: "a", last_name: "b", password: "secret123" } });
    const id = res.json().customer.id as string;
    await mergeEventIndex(t.db.db);
    const page = (await t.app.inject({ method: "GET", url: `/admin/events?customer_id=${id}`, headers: t.admin.headers })).json();
    expect(page.events.map((e: { type: string }) => e.type)).toEqual(["customer.created"]);
  });
});

describe("background jobs in a running app", () => {
  it("deliver on their own, and stop when the app closes", async () => {
    const received: string[] = [];
    const server = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        received.push(String(req.headers["webhook-id"]));
        res.end("ok");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const live = await createTestApp({ backgroundJobs: true });
    try {
      const hook = await live.app.inject({
        method: "POST",
        url: "/admin/webhooks",
        headers: live.admin.headers,
        payload: { url: `http://127.0.0.1:${port}/`, events: ["customer_group.created"] },
      });
      expect(hook.statusCode).toBe(201);
      await createGroup(live, tag("live"));
      await vi.waitFor(() => expect(received).toHaveLength(1), { timeout: 15_000, interval: 50 });
    } finally {
      await live.close();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
