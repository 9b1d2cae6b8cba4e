import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.js";
import { openDb } from "../src/db/database.js";
import { migrate } from "../src/db/migrate.js";
import { createTestApp, testConfig, usingPostgres, type TestApp } from "./harness.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const group = (id: string) => ({ id, name: `group ${id}`, metadata: null, deleted_at: null });

describe("transactions", () => {
  it("keeps another request's write when a transaction rolls back meanwhile", async () => {
    const db = t.db.db;
    let release!: () => void;
    const holding = new Promise<void>((resolve) => (release = resolve));
    let inside!: () => void;
    const entered = new Promise<void>((resolve) => (inside = resolve));
    const rolledBack = db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto("customer_group").values(group("tx-a")).execute();
        inside();
        await holding;
        throw new Error("roll back");
      })
      .catch((err: Error) => err.message);
    await entered;
    // On PGlite this waits for the transaction (a pool of one); on PostgreSQL it runs beside it.
    const otherWrite = db.insertInto("customer_group").values(group("tx-b")).execute();
    await new Promise((r) => setTimeout(r, 50));
    release();
    expect(await rolledBack).toBe("roll back");
    await otherWrite;
    const ids = (await db.selectFrom("customer_group").select("id").where("id", "in", ["tx-a", "tx-b"]).execute()).map((r) => r.id);
    expect(ids).toEqual(["tx-b"]);
  });

  it("serves many concurrent requests that each run a transaction", async () => {
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        t.db.db.transaction().execute(async (trx) => {
          await trx.insertInto("customer_group").values(group(`many-${i}`)).execute();
          const row = await trx.selectFrom("customer_group").select("id").where("id", "=", `many-${i}`).executeTakeFirst();
          return row?.id;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 30 }, (_, i) => `many-${i}`));
  });
});

describe("migrations", () => {
  it("are recorded and not applied twice", async () => {
    expect(await migrate(t.db.db)).toEqual({ applied: [] });
    const rows = await sql<{ version: number; name: string }>`SELECT version, name FROM cohort_migration ORDER BY version`.execute(t.db.db);
    expect(rows.rows[0]).toEqual({ version: 1, name: "foundation" });
  });

  it.skipIf(!usingPostgres)("run once when two instances start together on one PostgreSQL", async () => {
    const config = testConfig();
    const schema = `t_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: config.databaseUrl });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    try {
      const [a, b] = await Promise.all([openDb(config, { schema }), openDb(config, { schema })]);
      const results = await Promise.all([migrate(a.db), migrate(b.db)]);
      expect(results.flatMap((r) => r.applied).filter((name) => name === "0001_foundation")).toHaveLength(1);
      await a.close();
      await b.close();
    } finally {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
  });
});

describe.skipIf(!usingPostgres)("two instances on one PostgreSQL", () => {
  it("share a session: log in on one, be logged in on the other", async () => {
    const second = await buildApp({ config: t.config, db: await t.testDb.reopen() });
    try {
      const res = await t.app.inject({ method: "POST", url: "/admin/auth", payload: { email: t.admin.email, password: t.admin.password } });
      const cookie = String(res.headers["set-cookie"]).split(";")[0]!;
      const me = await second.inject({ method: "GET", url: "/admin/auth", headers: { cookie } });
      expect(me.statusCode).toBe(200);
      expect(me.json().user.id).toBe(t.admin.id);
      // and logging out on the second ends it on the first
      await second.inject({ method: "DELETE", url: "/admin/auth", headers: { cookie } });
      expect((await t.app.inject({ method: "GET", url: "/admin/auth", headers: { cookie } })).statusCode).toBe(401);
    } finally {
      await second.close();
    }
  });
});
