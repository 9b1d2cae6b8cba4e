/**
 * Member import/export bench (issue 14): `node --import tsx bench/member-import.ts [--rows N]`
 * with DATABASE_URL for PostgreSQL (a throwaway schema), else an in-memory PGlite.
 * In one process: N customers by bulk SQL, a CSV of their emails uploaded through the
 * upload store, then the import's dry run and confirm and an export, each driven by the
 * runner's tick. Meanwhile a probe asks GET /admin/customer-groups/:id every 20 ms through
 * app.inject (same event loop), for the latency other requests see. Prints the figures.
 * The jobs run in a server, so this process runs with the server's node flags (the `#!` line
 * of bin/cohort.js: its heap limits are what the RSS and the GC pauses depend on); started
 * without them, it starts itself again with them.
 */
import { spawnSync } from "node:child_process";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { buildApp } from "../packages/server/src/app.js";
import { loadConfig } from "../packages/server/src/config.js";
import { openDb } from "../packages/server/src/db/database.js";
import { migrate } from "../packages/server/src/db/migrate.js";
import { UploadStore } from "../packages/server/src/modules/uploads/upload-store.js";
import { UsersRepository } from "../packages/server/src/modules/users/users.repository.js";
import { UsersService } from "../packages/server/src/modules/users/users.service.js";
import { scratchDb } from "./scratch-db.js";
import { CLI_ENTRY, shebangFlags } from "./server.js";

const serverFlags = shebangFlags(CLI_ENTRY);
if (!serverFlags.every((f) => process.execArgv.includes(f))) {
  const again = spawnSync(process.execPath, [...serverFlags, ...process.execArgv, ...process.argv.slice(1)], { stdio: "inherit" });
  process.exit(again.status ?? 1);
}

const { values } = parseArgs({ options: { rows: { type: "string", default: "1000000" } } });
const rows = Number(values.rows);
const config = { ...loadConfig({ ...process.env, NODE_ENV: "test", JWT_SECRET: "b", COOKIE_SECRET: "b", PASSWORD_SCRYPT_LOG_N: "4", BATCH_JOB_RUNNER: "off" }) };
const { db, drop } = await scratchDb(config.databaseUrl, (where) => openDb(config, where), "bench_import");
const log = (m: string) => process.stdout.write(`${m}\n`);
try {
  await migrate(db.db);
  const t0 = Date.now();
  await sql`INSERT INTO customer (id, email) SELECT 'cus_b' || lpad(i::text, 8, '0'), 'member' || i || '@example.com' FROM generate_series(1, ${rows}::int) i`.execute(db.db);
  await sql`ANALYZE customer`.execute(db.db);
  log(`${rows} customers inserted in ${Date.now() - t0} ms`);
  const app = await buildApp({ config, db });
  await app.ready();
  const token = "bench-token";
  await new UsersService(db.db, new UsersRepository(db.db), config).create({ email: "bench@cohort.test", password: "supersecret", role: "admin", api_token: token });
  const headers = { "x-medusa-access-token": token };
  const group = (await app.inject({ method: "POST", url: "/admin/customer-groups", headers, payload: { name: "bench" } })).json().customer_group;

  const t1 = Date.now();
  const writer = await new UploadStore(db.db).create({ filename: "members.csv", mimeType: "text/csv" });
  await writer.write("email\n");
  for (let i = 1; i <= rows; i += 10_000) {
    let chunk = "";
    for (let j = i; j < Math.min(i + 10_000, rows + 1); j++) chunk += `Member${j}@Example.com\n`;
    await writer.write(chunk);
  }
  const file = await writer.end();
  log(`CSV of ${(file.size / 1e6).toFixed(1)} MB stored in ${Date.now() - t1} ms`);

  // Probes and memory samples while the jobs run.
  const latencies: number[] = [];
  let probing = true;
  let peakRss = process.memoryUsage().rss;
  const baseRss = peakRss;
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  // The peak of each phase too, so a figure over budget points at the job that made it.
  let phasePeak = peakRss;
  const sampler = setInterval(() => {
    const rss = process.memoryUsage().rss;
    peakRss = Math.max(peakRss, rss);
    phasePeak = Math.max(phasePeak, rss);
  }, 50);
  const phaseGrowth = () => {
    const grown = `RSS +${Math.max(0, (phasePeak - baseRss) / 1e6).toFixed(0)} MB`;
    phasePeak = process.memoryUsage().rss;
    return grown;
  };
  const probe = (async () => {
    while (probing) {
      const s = performance.now();
      await app.inject({ method: "GET", url: `/admin/customer-groups/${group.id}`, headers });
      latencies.push(performance.now() - s);
      if (process.env.BENCH_SLOW_PROBES && performance.now() - s > 50) log(`slow probe ${(performance.now() - s).toFixed(0)} ms at ${(s / 1000).toFixed(1)} s`);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const job = async (body: object) => (await app.inject({ method: "POST", url: "/admin/batch-jobs", headers, payload: body })).json().batch_job;
  const get = async (id: string) => (await app.inject({ method: "GET", url: `/admin/batch-jobs/${id}`, headers })).json().batch_job;

  const t2 = Date.now();
  if (process.env.BENCH_SLOW_PROBES) log(`jobs start at ${(performance.now() / 1000).toFixed(1)} s`);
  const imp = await job({ type: "customer-group-import", context: { fileKey: file.key, customer_group_id: group.id }, dry_run: true });
  await app.batchJobs.drain();
  const dry = await get(imp.id);
  const dryMs = Date.now() - t2;
  log(`dry run: ${dry.status} in ${dryMs} ms, ${phaseGrowth()}; ${JSON.stringify(dry.result.stats)}`);
  const t3 = Date.now();
  await app.inject({ method: "POST", url: `/admin/batch-jobs/${imp.id}/confirm`, headers });
  await app.batchJobs.drain();
  const done = await get(imp.id);
  const confirmMs = Date.now() - t3;
  log(`confirm: ${done.status} in ${confirmMs} ms, ${phaseGrowth()}; ${JSON.stringify(done.result.applied)}`);
  const t4 = Date.now();
  const exp = await job({ type: "customer-group-export", context: { customer_group_id: group.id } });
  await app.batchJobs.drain();
  const exported = await get(exp.id);
  const exportMs = Date.now() - t4;
  log(`export: ${exported.status} in ${exportMs} ms, ${phaseGrowth()}; ${exported.result.count} members, ${(exported.result.file_size / 1e6).toFixed(1)} MB`);
  probing = false;
  await probe;
  clearInterval(sampler);
  loopDelay.disable();
  log(`event-loop delay p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms, max ${(loopDelay.max / 1e6).toFixed(1)} ms`);
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(1);
  log(
    `| ${db.kind} | ${rows} | ${(dryMs / 1000).toFixed(1)} s | ${(confirmMs / 1000).toFixed(1)} s | ${((dryMs + confirmMs) / 1000).toFixed(1)} s | ${(exportMs / 1000).toFixed(1)} s | ${((peakRss - baseRss) / 1e6).toFixed(0)} MB | ${pct(50)} / ${pct(99)} ms (${latencies.length} probes) |`,
  );
  await app.close();
} finally {
  await drop();
}
