// How long /health waits while a 100,000-id membership batch runs on PGlite, which runs SQL
// on the Node thread. `node --import tsx bench/batch-event-loop.ts [ids]`; figures in
// bench/README.md ("Batches and the event loop on PGlite").
import { sql } from "kysely";
import { buildApp } from "../packages/server/src/app.js";
import { loadConfig } from "../packages/server/src/config.js";
import { openDb } from "../packages/server/src/db/database.js";
import { migrate } from "../packages/server/src/db/migrate.js";
import { UsersRepository } from "../packages/server/src/modules/users/users.repository.js";
import { UsersService } from "../packages/server/src/modules/users/users.service.js";

const n = Number(process.argv[2] ?? 100_000);
const config = loadConfig({ NODE_ENV: "test", JWT_SECRET: "x", COOKIE_SECRET: "x", PASSWORD_SCRYPT_LOG_N: "4" });
const db = await openDb(config, { dataDir: "memory://" });
await migrate(db.db);
const app = await buildApp({ config, db });
await new UsersService(db.db, new UsersRepository(db.db), config).create({ email: "a@b.co", password: "x", role: "admin", api_token: "tok" });
await sql`INSERT INTO customer (id, email) SELECT 'cus_' || lpad(i::text, 8, '0'), i || '@x.co' FROM generate_series(1, ${n}::int) i`.execute(db.db);
const headers = { "x-medusa-access-token": "tok" };
const group = (await app.inject({ method: "POST", url: "/admin/customer-groups", headers, payload: { name: "g" } })).json().customer_group;
const payload = JSON.stringify({ customer_ids: Array.from({ length: n }, (_, i) => ({ id: `cus_${String(i + 1).padStart(8, "0")}` })) });

for (const method of ["POST", "DELETE"] as const) {
  const latencies: number[] = [];
  let running = true;
  const started = performance.now();
  const batch = app
    .inject({ method, url: `/admin/customer-groups/${group.id}/customers/batch`, headers: { ...headers, "content-type": "application/json" }, payload })
    .then((res) => {
      running = false;
      return res.statusCode;
    });
  // A /health probe due every 10 ms while the batch runs; its latency counts from when it
  // was due, so time the event loop spent blocked (a timer firing late) is in it.
  for (let due = started + 10; running; due = Math.max(due + 10, performance.now())) {
    if (due > performance.now()) await new Promise((r) => setTimeout(r, due - performance.now()));
    // A probe due while the batch blocked the thread waited at least this long.
    if (!running) {
      latencies.push(performance.now() - due);
      break;
    }
    await app.inject({ method: "GET", url: "/health" });
    latencies.push(performance.now() - due);
  }
  const status = await batch;
  const total = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(0);
  console.log(`${method} ${n} ids: ${status} in ${total.toFixed(0)} ms; /health probes ${latencies.length}, p50 ${p(0.5)} ms, p99 ${p(0.99)} ms, max ${p(1)} ms`);
}
await app.close();
await db.close();
