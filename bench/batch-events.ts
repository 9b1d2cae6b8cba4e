// The cost of membership events on a 100,000-id batch: the same HTTP calls against the
// server sources of any checkout, so a branch can be compared with main.
//   node --import tsx bench/batch-events.ts [--root <checkout>] [--ids 100000] [--reps 5] [--pg <url of a database to create schemas in>] [--merge]
// --merge: between calls (untimed), merge the events' GIN pending list as the server's
// minute job does on PGlite (a checkout without events ignores it).
// Figures in bench/README.md ("Membership events").
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { DbHandle } from "../packages/server/src/db/database.js";
import { scratchDb } from "./scratch-db.js";

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : fallback;
};
const root = path.resolve(opt("root", path.join(import.meta.dirname, "..")));
const n = Number(opt("ids", "100000"));
const reps = Number(opt("reps", "5"));
const pgUrl = opt("pg", "");
const src = (p: string) => import(pathToFileURL(path.join(root, "packages/server/src", p)).href);

const { buildApp } = await src("app.ts");
const { loadConfig } = await src("config.ts");
const { openDb } = await src("db/database.ts");
const { migrate } = await src("db/migrate.ts");
const { UsersRepository } = await src("modules/users/users.repository.ts");
const { UsersService } = await src("modules/users/users.service.ts");
const { sql } = await import("kysely");

const config = loadConfig({ NODE_ENV: "test", JWT_SECRET: "x", COOKIE_SECRET: "x", PASSWORD_SCRYPT_LOG_N: "4", DATABASE_URL: pgUrl || undefined, COHORT_BACKGROUND_JOBS: "false" });
// Typed as this checkout's handle: the bench uses only its db and kind, which every checkout has.
const { db, drop } = await scratchDb<DbHandle>(pgUrl || undefined, (where) => openDb(config, where));
await migrate(db.db);
const app = await buildApp({ config, db });
await new UsersService(db.db, new UsersRepository(db.db), config).create({ email: "a@b.co", password: "x", role: "admin", api_token: "tok" });
await sql`INSERT INTO customer (id, email) SELECT 'cus_' || lpad(i::text, 8, '0'), i || '@x.co' FROM generate_series(1, ${n}::int) i`.execute(db.db);
const headers = { "x-medusa-access-token": "tok", "content-type": "application/json" };
const group = (await app.inject({ method: "POST", url: "/admin/customer-groups", headers, payload: { name: "g" } })).json().customer_group;
const payload = JSON.stringify({ customer_ids: Array.from({ length: n }, (_, i) => ({ id: `cus_${String(i + 1).padStart(8, "0")}` })) });

const merge = args.includes("--merge") ? (await src("modules/events/event-jobs.ts").catch(() => undefined))?.mergeEventIndex : undefined;
const times: Record<string, number[]> = { POST: [], DELETE: [] };
for (let r = 0; r < reps; r++) {
  for (const method of ["POST", "DELETE"] as const) {
    const started = performance.now();
    const res = await app.inject({ method, url: `/admin/customer-groups/${group.id}/customers/batch`, headers, payload });
    if (res.statusCode !== 200) throw new Error(`${method}: ${res.statusCode} ${res.body}`);
    times[method]!.push(performance.now() - started);
    if (merge) await merge(db.db);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const [method, xs] of Object.entries(times)) {
  console.log(`${path.basename(root)} ${db.kind} ${method} ${n} ids: median ${median(xs).toFixed(0)} ms of ${xs.map((x) => x.toFixed(0)).join(", ")}`);
}
await app.close();
await drop();
