import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.js";
import { openDb } from "../src/db/database.js";
import { preparingPool } from "../src/db/preparing-pool.js";
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

describe("prepared statements (preparingPool)", () => {
  /** Sends each statement through a pool whose client records what pg was asked to run. */
  async function sent(statements: string[], maxNames?: number, parameters: unknown[] = []) {
    const seen: Array<{ name?: string; text: string }> = [];
    const fakePool = {
      connect: async () => ({
        query: async (config: { name?: string; text: string }) => {
          seen.push({ name: config.name, text: config.text });
          return { rows: [], rowCount: 0, command: "SELECT" };
        },
        release: () => {},
      }),
      end: async () => {},
    } as unknown as pg.Pool;
    const pool = preparingPool(fakePool, maxNames);
    const client = await pool.connect();
    for (const text of statements) await client.query(text, parameters);
    client.release();
    return seen;
  }

  it("names each data statement once, the same name for the same text, and never a script or a transaction command", async () => {
    const seen = await sent(["select 1", "BEGIN", "select 2", "select 1", "with x as (select 1) select * from x", "insert into a values (1); insert into a values (2)", "SET LOCAL work_mem = '64MB'"]);
    expect(seen.map((s) => s.name)).toEqual(["cohort_k1", undefined, "cohort_k2", "cohort_k1", "cohort_k3", undefined, undefined]);
  });

  it("sends texts beyond the cap unnamed, so varying SQL cannot grow the plans kept without bound", async () => {
    const seen = await sent(["select 1", "select 2", "select 3", "select 1"], 2);
    expect(seen.map((s) => s.name)).toEqual(["cohort_k1", "cohort_k2", undefined, "cohort_k1"]);
  });

  it("sends a statement given a large array unnamed, to be planned for the array's size", async () => {
    const big = Array.from({ length: 1001 }, (_, i) => `cus_${i}`);
    expect((await sent(["select 1"], undefined, [big])).map((s) => s.name)).toEqual([undefined]);
    expect((await sent(["select 1"], undefined, [big.slice(0, 1000)])).map((s) => s.name)).toEqual(["cohort_k1"]);
  });

  it("survives a column added under a prepared SELECT * (another instance's migration in a rolling deploy)", async () => {
    await t.db.db.connection().execute(async (db) => {
      await sql`CREATE TABLE prep_probe (id int PRIMARY KEY)`.execute(db);
      await sql`INSERT INTO prep_probe VALUES (1)`.execute(db);
      const read = () => db.selectFrom("prep_probe" as never).selectAll().execute();
      expect(await read()).toEqual([{ id: 1 }]);
      expect(await read()).toEqual([{ id: 1 }]);
      await sql`ALTER TABLE prep_probe ADD COLUMN note text NOT NULL DEFAULT 'x'`.execute(db);
      expect(await read()).toEqual([{ id: 1, note: "x" }]);
      expect(await read()).toEqual([{ id: 1, note: "x" }]);

      // Inside a transaction the failed statement has aborted it: that request fails, the next works.
      const readOther = (ex: typeof db) => ex.selectFrom("prep_probe as p" as never).selectAll().execute();
      expect(await readOther(db)).toEqual([{ id: 1, note: "x" }]);
      await sql`ALTER TABLE prep_probe ADD COLUMN more int NOT NULL DEFAULT 2`.execute(db);
      await expect(db.transaction().execute((trx) => readOther(trx))).rejects.toThrow(/cached plan must not change result type/);
      expect(await readOther(db)).toEqual([{ id: 1, note: "x", more: 2 }]);
      await sql`DROP TABLE prep_probe`.execute(db);
    });
  });

  it("prepares what Kysely sends: a repeated query returns the same rows through a named statement", async () => {
    const names = new Set<string>();
    const original = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const config = args[0] as { name?: string };
      if (config && typeof config === "object" && config.name) names.add(config.name);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original;
    try {
      for (let i = 0; i < 3; i++) {
        const rows = await t.db.db.selectFrom("currency").select("code").where("code", "=", "eur").execute();
        expect(rows).toEqual([{ code: "eur" }]);
      }
    } finally {
      pg.Client.prototype.query = original;
    }
    expect([...names].some((n) => n.startsWith("cohort_k"))).toBe(true);
  });
});
