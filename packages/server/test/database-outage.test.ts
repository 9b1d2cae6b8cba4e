import net from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.js";
import { openDb } from "../src/db/database.js";
import type { App } from "../src/http/types.js";
import { createTestApp, usingPostgres, type TestApp } from "./harness.js";

const UNAVAILABLE = { type: "database_unavailable", message: "The database is unavailable. Try again shortly." };

describe("GET /health/ready", () => {
  it("answers 200 OK while the database answers, and 503 once it does not; /health stays 200", async () => {
    const t = await createTestApp();
    try {
      const ready = await t.app.inject({ method: "GET", url: "/health/ready" });
      expect(ready.statusCode).toBe(200);
      expect(ready.body).toBe("OK");
      await t.db.close();
      const down = await t.app.inject({ method: "GET", url: "/health/ready" });
      expect(down.statusCode).toBe(503);
      expect(down.json()).toEqual(UNAVAILABLE);
      expect(Number(down.headers["retry-after"])).toBeGreaterThan(0);
      expect((await t.app.inject({ method: "GET", url: "/health" })).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});

/** Polls `check` until it holds (a state of the database, not a duration). */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.skipIf(!usingPostgres)("PostgreSQL ending connections (restart, failover, pg_terminate_backend)", () => {
  let t: TestApp;
  /** Watches and ends the app's backends; `locker` holds locks (a separate session: pg_stat_activity is a snapshot per transaction). */
  let control: pg.Client;
  let locker: pg.Client;
  beforeAll(async () => {
    t = await createTestApp({ pgPoolSize: 4 });
    control = new pg.Client({ connectionString: t.config.databaseUrl });
    locker = new pg.Client({ connectionString: t.config.databaseUrl, options: `-c search_path=${t.testDb.schema}` });
    await Promise.all([control.connect(), locker.connect()]);
  });
  afterAll(async () => {
    await Promise.all([control.end(), locker.end()]);
    await t.close();
  });

  const backends = async (filter = "") =>
    Number(
      (await control.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1 ${filter}`, [t.testDb.schema])).rows[0].n,
    );

  it("answers the requests in flight with 503, keeps the process up, and serves the next requests", async () => {
    const headers = t.admin.headers;
    await t.app.inject({ method: "POST", url: "/admin/customer-groups", headers, payload: { name: "outage" } });
    // Hold the requests inside PostgreSQL: they wait on a lock while their connections are checked out.
    await locker.query("BEGIN");
    let inFlight: Array<Promise<{ statusCode: number; json(): unknown; headers: Record<string, unknown> }>>;
    try {
      await locker.query("LOCK TABLE customer_group IN ACCESS EXCLUSIVE MODE");
      inFlight = Array.from({ length: 3 }, () => t.app.inject({ method: "GET", url: "/admin/customer-groups", headers }));
      await until(async () => (await backends("AND wait_event_type = 'Lock'")) === 3, "three requests waiting on the lock");
      await control.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", [t.testDb.schema]);
    } finally {
      await locker.query("ROLLBACK");
    }

    for (const res of await Promise.all(inFlight)) {
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual(UNAVAILABLE);
      expect(res.headers["retry-after"]).toBe("2");
    }
    await until(async () => (await backends()) === 0, "the terminated backends to be gone");
    const after = await Promise.all(Array.from({ length: 8 }, () => t.app.inject({ method: "GET", url: "/admin/customer-groups", headers })));
    expect(after.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
    expect(after[0]!.json().customer_groups.map((g: { name: string }) => g.name)).toContain("outage");
  });

  it("answers 503 with Retry-After when no pooled connection frees up in time (not 500)", async () => {
    const db = await openDb({ ...t.config, pgPoolSize: 1, pgAcquireTimeoutMs: 200 }, { schema: t.testDb.schema, applicationName: t.testDb.schema });
    const app = await buildApp({ config: { ...t.config, pgAcquireTimeoutMs: 200 }, db });
    try {
      const held = await db.pool.connect(); // the pool's only connection
      const res = await app.inject({ method: "GET", url: "/admin/customer-groups", headers: t.admin.headers });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual(UNAVAILABLE);
      expect(res.headers["retry-after"]).toBe("2");
      held.release();
      expect((await app.inject({ method: "GET", url: "/admin/customer-groups", headers: t.admin.headers })).statusCode).toBe(200);
    } finally {
      await app.close();
      await db.close();
    }
  });

  describe("a database that is unreachable for a while (through a proxy the test stops and starts)", () => {
    let proxy: net.Server;
    let port: number;
    const sockets = new Set<net.Socket>();
    let app: App;
    let close: () => Promise<void>;

    const startProxy = (listenPort = 0) =>
      new Promise<void>((resolve) => {
        const target = new URL(t.config.databaseUrl!);
        proxy = net.createServer((client) => {
          const upstream = net.connect(Number(target.port || 5432), target.hostname);
          for (const s of [client, upstream]) {
            sockets.add(s);
            s.on("close", () => sockets.delete(s));
            s.on("error", () => {
              client.destroy();
              upstream.destroy();
            });
          }
          client.pipe(upstream).pipe(client);
        });
        proxy.listen(listenPort, "127.0.0.1", () => {
          port = (proxy.address() as net.AddressInfo).port;
          resolve();
        });
      });
    const stopProxy = () =>
      new Promise<void>((resolve) => {
        proxy.close(() => resolve());
        for (const s of sockets) s.destroy();
      });

    beforeAll(async () => {
      await startProxy();
      const url = new URL(t.config.databaseUrl!);
      url.port = String(port);
      const config = { ...t.config, databaseUrl: url.toString(), pgAcquireTimeoutMs: 1000 };
      const db = await openDb(config, { schema: t.testDb.schema });
      app = await buildApp({ config, db });
      close = async () => {
        await app.close();
        await db.close();
      };
    });
    afterAll(async () => {
      await close();
      await stopProxy();
    });

    it("is not ready and answers 503 while down, stays alive, and recovers when the database is back", async () => {
      const get = () => app.inject({ method: "GET", url: "/admin/customer-groups", headers: t.admin.headers });
      expect((await get()).statusCode).toBe(200);
      await stopProxy();
      const down = await get();
      expect(down.statusCode).toBe(503);
      expect(down.json()).toEqual(UNAVAILABLE);
      const notReady = await app.inject({ method: "GET", url: "/health/ready" });
      expect(notReady.statusCode).toBe(503);
      expect(notReady.json()).toEqual(UNAVAILABLE);
      expect((await app.inject({ method: "GET", url: "/health" })).statusCode).toBe(200);

      await startProxy(port);
      expect((await app.inject({ method: "GET", url: "/health/ready" })).statusCode).toBe(200);
      expect((await get()).statusCode).toBe(200);
    });
  });
});
