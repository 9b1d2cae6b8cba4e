/**
 * Statements per request: how many database round trips one request of a scenario makes, and
 * its CPU per request at one connection, on PostgreSQL. A count does not depend on how busy
 * the machine is, so a change that saves a round trip shows even when req/s are noise.
 *
 *   node --import tsx bench/round-trips.ts [--requests 2000] [--scenarios e1,e2,a,a2,b,c,c3]
 *
 * Loads the small data set into a throwaway database on 127.0.0.1:5432, starts Cohort, logs
 * in, sends the requests one after the other and reads the database's committed transactions
 * (every statement outside a transaction block is one) from pg_stat_database.
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import pg from "pg";
import { ADMIN_EMAIL, BENCH_PASSWORD, describeDataset, SCALES, SHOPPER_EMAIL } from "./dataset.js";
import { createDatabase, dropDatabase, loadDataset, openTarget, type Target } from "./load-data.js";
import { DbCpuMeter } from "./load.js";
import { loginCookie, send } from "./runner.js";
import { SCENARIOS, type BenchContext, type LoadScenario } from "./scenarios.js";
import { cpuMs, startServer } from "./server.js";
import { signJwt } from "../packages/server/src/shared/jwt.js";

const { values } = parseArgs({ options: { requests: { type: "string" }, scenarios: { type: "string" }, "pg-url": { type: "string" } } });
const n = Number(values.requests ?? 2000);
const wanted = (values.scenarios ?? "e1,e2,a,a2,b,c,c3").split(",");
const adminUrl = values["pg-url"] ?? "postgres://postgres@127.0.0.1:5432/postgres";
const name = `cohort_bench_rt_${process.pid}`;
const u = new URL(adminUrl);
u.pathname = `/${name}`;
const target: Target = { kind: "postgres", adminUrl, databaseUrl: u.toString(), databaseName: name };

await createDatabase(target);
const db = await openTarget(target);
const counts = await loadDataset(db, SCALES.small).finally(() => db.close());
const info = { ...describeDataset(SCALES.small), counts };
const jwtSecret = randomBytes(32).toString("hex");
const server = await startServer({
  env: { NODE_ENV: "production", LOG_LEVEL: "warn", JWT_SECRET: jwtSecret, COOKIE_SECRET: randomBytes(32).toString("hex"), DATABASE_URL: target.databaseUrl!, STORE_CACHE_MB: "0" },
});
const stats = new pg.Client({ connectionString: adminUrl });
await stats.connect();
const meter = new DbCpuMeter(adminUrl, name);
try {
  const ctx: BenchContext = {
    url: server.url,
    scale: SCALES.small,
    info,
    adminHeaders: { "x-medusa-access-token": info.adminToken },
    shopperHeaders: { authorization: `Bearer ${signJwt({ customer_id: info.shopperId, domain: "store" }, jwtSecret, 3600)}` },
    adminCookieHeaders: { cookie: await loginCookie(server.url, "/admin/auth", ADMIN_EMAIL, BENCH_PASSWORD) },
    shopperCookieHeaders: { cookie: await loginCookie(server.url, "/store/auth", SHOPPER_EMAIL, BENCH_PASSWORD) },
  };
  const xacts = async () => {
    // The statistics are sent by backends when idle; give them a moment, then read fresh.
    await new Promise((r) => setTimeout(r, 2000));
    await stats.query("SELECT pg_stat_clear_snapshot()");
    const r = await stats.query("SELECT xact_commit + xact_rollback AS x FROM pg_stat_database WHERE datname = $1", [name]);
    return Number(r.rows[0].x);
  };
  console.log(`${n} requests each, one at a time, STORE_CACHE_MB=0\n`);
  console.log("| scenario | statements per request | server CPU ms/req | DB CPU ms/req |\n|---|--:|--:|--:|");
  for (const id of wanted) {
    const s = SCENARIOS.find((x): x is LoadScenario => x.id === id && x.kind === "load");
    if (!s) throw new Error(`unknown load scenario ${id}`);
    const request = s.request(ctx);
    for (let i = 0; i < 200; i++) await send(server.url, request); // warm-up
    const x0 = await xacts();
    const c0 = cpuMs(server.pid)!;
    const d0 = await meter.snapshot();
    for (let i = 0; i < n; i++) {
      const p = await send(server.url, request);
      if (p.status !== 200) throw new Error(`(${id}) HTTP ${p.status}`);
      if (i === 0 && s.check(p.body, ctx)) throw new Error(`(${id}) wrong answer: ${s.check(p.body, ctx)}`);
    }
    const c1 = cpuMs(server.pid)!;
    const d1 = await meter.snapshot();
    const x1 = await xacts();
    const statements = (x1 - x0) / n; // background jobs add a little: (e1) makes none itself
    console.log(`| (${id}) ${s.title} | ${statements.toFixed(2)} | ${((c1 - c0) / n).toFixed(3)} | ${((DbCpuMeter.delta(d0, d1) ?? 0) / n).toFixed(3)} |`);
  }
} finally {
  await server.stop();
  await meter.close();
  await stats.end();
  await dropDatabase(target);
}
