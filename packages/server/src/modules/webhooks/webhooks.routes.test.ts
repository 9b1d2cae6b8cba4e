import http from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "kysely";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { addMembers, createGroup, createWebhook, insertCustomers, tag } from "../../../test/factories.js";
import { createTestApp, usingPostgres, type TestApp } from "../../../test/harness.js";
import type { Database } from "../../db/database.js";
import { emitScheduleEvents } from "../events/event-jobs.js";
import { EventsRepository } from "../events/events.repository.js";
import { WebhookDeliveryWorker } from "./webhook-delivery.js";

interface Received {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** A receiver on 127.0.0.1 that answers with the next status of `statuses` (then 200). */
async function receiver(statuses: number[] = []) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ url: req.url ?? "", headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString("utf8") });
      const status = statuses.shift() ?? 200;
      res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : "x".repeat(3000));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks`, port, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let t: TestApp;
const closers: Array<() => unknown> = [];
beforeAll(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});
afterAll(() => t.close());

/** A clock the test moves by hand, starting now. */
function testClock() {
  let now = Date.now();
  return { clock: () => new Date(now), advance: (ms: number) => void (now += ms), set: (ms: number) => void (now = ms) };
}

function worker(db: Database, clock: () => Date, policy = { allowPrivateNetworks: false, allowLoopback: true }) {
  const w = new WebhookDeliveryWorker(db, new EventsRepository(db), { policy, timeoutMs: 5_000, clock, jitter: 0 });
  closers.push(() => w.close());
  return w;
}

/** Disables every other test's endpoints, so each test sees only its own deliveries. */
async function onlyNewEndpoints() {
  await t.db.db.updateTable("webhook").set({ enabled: false }).execute();
}

describe("webhook endpoints", () => {
  it("creates an endpoint with a whsec_ secret shown only on create and rotate", async () => {
    const created = await createWebhook(t, "https://hooks.example.com/cohort", ["customer_group.*", "price_list.expired"]);
    expect(created).toMatchObject({ id: expect.stringMatching(/^wh_/), enabled: true, events: ["customer_group.*", "price_list.expired"] });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const got = await t.app.inject({ method: "GET", url: `/admin/webhooks/${created.id}`, headers: t.admin.headers });
    expect(got.statusCode).toBe(200);
    expect(got.json().webhook).not.toHaveProperty("secret");
    const list = await t.app.inject({ method: "GET", url: "/admin/webhooks", headers: t.admin.headers });
    expect(list.json().webhooks.every((w: object) => !("secret" in w))).toBe(true);
    expect(list.json().count).toBeGreaterThanOrEqual(1);
    const rotated = await t.app.inject({ method: "POST", url: `/admin/webhooks/${created.id}/rotate-secret`, headers: t.admin.headers });
    expect(rotated.json().webhook.secret).toMatch(/^whsec_/);
    expect(rotated.json().webhook.secret).not.toBe(created.secret);
    const updated = await t.app.inject({
      method: "POST",
      url: `/admin/webhooks/${created.id}`,
      headers: t.admin.headers,
      payload: { events: ["*"], description: "all", enabled: false },
    });
    expect(updated.json().webhook).toMatchObject({ events: ["*"], description: "all", enabled: false });
    const deleted = await t.app.inject({ method: "DELETE", url: `/admin/webhooks/${created.id}`, headers: t.admin.headers });
    expect(deleted.json()).toEqual({ id: created.id, object: "webhook", deleted: true });
    const gone = await t.app.inject({ method: "GET", url: `/admin/webhooks/${created.id}`, headers: t.admin.headers });
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toMatchObject({ type: "not_found" });
  });

  it("refuses bad URLs, metadata and private addresses, and unknown event types, with a 400", async () => {
    for (const [url, events] of [
      ["ftp://example.com/x", ["*"]],
      ["not a url", ["*"]],
      ["http://169.254.169.254/latest/meta-data", ["*"]],
      ["http://[fd00:ec2::254]/", ["*"]],
      ["http://10.1.2.3/hook", ["*"]],
      ["http://user:pw@example.com/", ["*"]],
      ["https://example.com/", ["order.placed"]],
      ["https://example.com/", []],
    ] as const) {
      const res = await t.app.inject({ method: "POST", url: "/admin/webhooks", headers: t.admin.headers, payload: { url, events } });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().type, url).toBe("invalid_data");
    }
  });

  it("needs admin credentials", async () => {
    expect((await t.app.inject({ method: "GET", url: "/admin/webhooks" })).statusCode).toBe(401);
  });
});

describe("webhook deliveries", () => {
  it("delivers signed group, membership and schedule events that standardwebhooks verifies", async () => {
    await onlyNewEndpoints();
    const rx = await receiver();
    closers.push(rx.close);
    const hook = await createWebhook(t, rx.url, ["customer_group.*", "price_list.activated", "price_list.expired"]);
    const { clock, advance } = testClock();
    const group = await createGroup(t, tag("hooked"));
    const [c] = await insertCustomers(t.db.db, [{}]);
    await addMembers(t, group.id, [c!]);
    const start = new Date(Date.now() + 1_000).toISOString();
    const end = new Date(Date.now() + 2_000).toISOString();
    const pl = await t.app.inject({
      method: "POST",
      url: "/admin/price-lists",
      headers: t.admin.headers,
      payload: { name: tag("sched"), description: "d", type: "sale", status: "active", starts_at: start, ends_at: end, prices: [] },
    });
    expect(pl.statusCode, pl.body).toBe(200);
    advance(1_500);
    expect(await emitScheduleEvents(t.db.db, clock)).toBeGreaterThanOrEqual(1);
    advance(1_000);
    expect(await emitScheduleEvents(t.db.db, clock)).toBeGreaterThanOrEqual(1);
    expect(await emitScheduleEvents(t.db.db, clock)).toBe(0);

    const w = worker(t.db.db, clock);
    expect(await w.runOnce()).toBe(4);
    expect(await w.runOnce()).toBe(0);
    const verifier = new StandardWebhook(hook.secret.replace(/^whsec_/, ""));
    const bodies = rx.received.map((r) => {
      expect(r.headers["webhook-id"]).toMatch(/^evt_/);
      expect(r.headers["webhook-signature"]).toMatch(/^v1,/);
      return verifier.verify(r.body, r.headers) as { type: string; timestamp: string; data: Record<string, unknown> };
    });
    expect(bodies.map((b) => b.type)).toEqual([
      "customer_group.created",
      "customer_group.customers_added",
      "price_list.activated",
      "price_list.expired",
    ]);
    expect(bodies[1]!.data).toEqual({ customer_group_id: group.id, customer_ids: [c] });
    expect(bodies[2]!.data).toMatchObject({ id: pl.json().price_list.id });
    // Events go out in the order of their ids.
    const ids = rx.received.map((r) => r.headers["webhook-id"]!);
    expect([...ids].sort()).toEqual(ids);
    // A tampered body does not verify.
    expect(() => verifier.verify(rx.received[0]!.body.replace("created", "deleted"), rx.received[0]!.headers)).toThrow();
  });

  it("retries a delivery that failed, after its back-off, and shows the attempts", async () => {
    await onlyNewEndpoints();
    const rx = await receiver([500]);
    closers.push(rx.close);
    const hook = await createWebhook(t, rx.url, ["customer_group.created"]);
    const { clock, advance } = testClock();
    await createGroup(t, tag("retry"));
    advance(100);
    const w = worker(t.db.db, clock);
    expect(await w.runOnce()).toBe(1);
    let list = (await t.app.inject({ method: "GET", url: `/admin/webhooks/${hook.id}/deliveries`, headers: t.admin.headers })).json();
    expect(list.deliveries[0]).toMatchObject({ status: "pending", attempts: 1, response_status: 500, error: "HTTP 500" });
    expect(list.deliveries[0].response_body).toHaveLength(1024);
    const firstTry = clock().getTime();
    expect(new Date(list.deliveries[0].next_attempt_at).getTime()).toBe(firstTry + 5_000);
    // Not due yet.
    advance(4_000);
    expect(await w.runOnce()).toBe(0);
    advance(1_500);
    expect(await w.runOnce()).toBe(1);
    list = (await t.app.inject({ method: "GET", url: `/admin/webhooks/${hook.id}/deliveries`, headers: t.admin.headers })).json();
    expect(list.deliveries[0]).toMatchObject({ status: "succeeded", attempts: 2, response_status: 200, response_body: "ok", next_attempt_at: null });
    expect(rx.received).toHaveLength(2);
    expect(rx.received[0]!.headers["webhook-id"]).toBe(rx.received[1]!.headers["webhook-id"]);

    // Redeliver sends it once more.
    const redo = await t.app.inject({
      method: "POST",
      url: `/admin/webhooks/${hook.id}/deliveries/${list.deliveries[0].id}/redeliver`,
      headers: t.admin.headers,
    });
    expect(redo.statusCode, redo.body).toBe(200);
    expect(redo.json().delivery).toMatchObject({ status: "pending", attempts: 0 });
    expect(await w.runOnce()).toBe(1);
    expect(rx.received).toHaveLength(3);
    const missing = await t.app.inject({ method: "POST", url: `/admin/webhooks/${hook.id}/deliveries/whd_nope/redeliver`, headers: t.admin.headers });
    expect(missing.statusCode).toBe(404);
  });

  it("sends again the deliveries of a worker that died holding the endpoint, once its lease expires", async () => {
    await onlyNewEndpoints();
    const rx = await receiver();
    closers.push(rx.close);
    const hook = await createWebhook(t, rx.url, ["customer_group.created"]);
    const { clock, advance } = testClock();
    await createGroup(t, tag("crash"));
    // Another instance claimed the endpoint and died before recording anything.
    await t.db.db.updateTable("webhook").set({ locked_until: new Date(clock().getTime() + 300_000) }).where("id", "=", hook.id).execute();
    advance(100);
    const w = worker(t.db.db, clock);
    expect(await w.runOnce()).toBe(0);
    advance(300_000);
    expect(await w.runOnce()).toBe(1);
    expect(rx.received).toHaveLength(1);
  });

  it("disables an endpoint that has failed for 3 days, with a webhook.disabled event", async () => {
    await onlyNewEndpoints();
    const rx = await receiver([500, 500, 500]);
    closers.push(rx.close);
    const hook = await createWebhook(t, rx.url, ["customer_group.created"]);
    const { clock, advance } = testClock();
    await createGroup(t, tag("failing"));
    advance(100);
    const w = worker(t.db.db, clock);
    expect(await w.runOnce()).toBe(1);
    const failing = (await t.app.inject({ method: "GET", url: `/admin/webhooks/${hook.id}`, headers: t.admin.headers })).json().webhook;
    expect(failing.failing_since).not.toBeNull();
    expect(failing.enabled).toBe(true);
    advance(3 * 86_400_000);
    expect(await w.runOnce()).toBe(1);
    const disabled = (await t.app.inject({ method: "GET", url: `/admin/webhooks/${hook.id}`, headers: t.admin.headers })).json().webhook;
    expect(disabled).toMatchObject({ enabled: false });
    const events = (await t.app.inject({ method: "GET", url: "/admin/events?type[]=webhook.disabled", headers: t.admin.headers })).json();
    expect(events.events[0].data).toMatchObject({ id: hook.id });
    expect(events.events[0].actor).toEqual({ type: "system", id: null });
    // A disabled endpoint gets nothing.
    advance(86_400_000);
    expect(await w.runOnce()).toBe(0);
  });

  it("refuses loopback and private addresses at delivery time when the policy forbids them", async () => {
    await onlyNewEndpoints();
    const rx = await receiver();
    closers.push(rx.close);
    // A host name, so only the address it resolves to at delivery time tells.
    const hook = await createWebhook(t, `http://localhost:${rx.port}/hooks`, ["customer_group.created"]);
    const { clock, advance } = testClock();
    await createGroup(t, tag("ssrf"));
    advance(100);
    const w = worker(t.db.db, clock, { allowPrivateNetworks: false, allowLoopback: false });
    expect(await w.runOnce()).toBe(1);
    expect(rx.received).toHaveLength(0);
    const list = (await t.app.inject({ method: "GET", url: `/admin/webhooks/${hook.id}/deliveries`, headers: t.admin.headers })).json();
    expect(list.deliveries[0]).toMatchObject({ status: "pending", attempts: 1, response_status: null });
    expect(list.deliveries[0].error).toMatch(/refused: localhost resolves to .*loopback/);
  });

  it("delivers each event once per endpoint with two instances working at once", async () => {
    await onlyNewEndpoints();
    const rx = await receiver();
    closers.push(rx.close);
    await createWebhook(t, rx.url, ["customer_group.created"]);
    const second = await createWebhook(t, rx.url.replace("/hooks", "/other"), ["customer_group.created"]);
    for (let i = 0; i < 30; i++) await createGroup(t, tag("many"));
    const { clock, advance } = testClock();
    advance(100);
    let otherDb: Database = t.db.db;
    if (usingPostgres) {
      const handle = await t.testDb.reopen();
      otherDb = handle.db;
    }
    const a = worker(t.db.db, clock);
    const b = worker(otherDb, clock);
    let sent = 0;
    for (let round = 0; round < 10; round++) {
      const [x, y] = await Promise.all([a.runOnce(), b.runOnce()]);
      sent += x + y;
      if (x + y === 0) break;
    }
    expect(sent).toBe(60);
    expect(rx.received).toHaveLength(60);
    // Each (event, endpoint) once.
    expect(new Set(rx.received.map((r) => `${r.headers["webhook-id"]} ${r.url}`)).size).toBe(60);
    const pending = await sql<{ n: string }>`SELECT count(*) AS n FROM webhook_delivery WHERE webhook_id = ${second.id} AND status <> 'succeeded'`.execute(t.db.db);
    expect(Number(pending.rows[0]!.n)).toBe(0);
  });
});
