/**
 * Cohort's benchmark: `npm run bench -- [--scale smoke|small|large] [--db pglite|postgres] ...`
 * (see bench/README.md). Loads a data set with bulk SQL, starts Cohort as a child process,
 * drives it with autocannon and writes bench/results/<name>.json and .md.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { describeDataset, SCALES, type ScaleName } from "./dataset.js";
import { createDatabase, databaseExists, dropDatabase, loadDataset, loadedVersion, openTarget, countRows, type DbKind, type Target } from "./load-data.js";
import { DbCpuMeter } from "./load.js";
import { evaluateTargets, markdown, type BenchResults, type ScenarioResult } from "./report.js";
import { cohortContext, runBatchScenario, runLoadScenario } from "./runner.js";
import { selectScenarios } from "./scenarios.js";
import { CLI_ENTRY, peakRssMb, rssMb, shebangFlags, startServer, type ServerProcess } from "./server.js";

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const RESULTS_DIR = path.join(BENCH_DIR, "results");

const USAGE = `Usage: npm run bench -- [options]

  --scale smoke|small|large|large10m   data set (default small; large10m: large with ~10M memberships)
  --smoke                     same as --scale smoke (tiny, a few seconds; CI)
  --db pglite|postgres        database (default pglite); postgres uses a throwaway database
                              on --pg-url (default postgres://postgres@127.0.0.1:5432/postgres)
  --duration <s>              measured seconds per scenario (default 10; smoke 0.5)
  --warmup <s>                unmeasured seconds before each (default 2; smoke 0.2)
  --connections <n>           concurrent connections (default 10)
  --scenarios a,a2,b,c,c2,c3,d,e  which scenarios (default all; e = e1 and e2)
  --batch-reps <n>            repetitions of each batch call in (d) (default 3; smoke 1)
  --name <name>               results file name (default <scale>-<db>)
  --compare <name>            for --scale large: the small-scale results to compare p99 with
                              (default small-<db>)
  --keep                      keep the data set after the run and reuse it next time
  --cpu-prof                  profile the server (.cpuprofile files in bench/results/prof)
  --node-args=<flags>         extra node flags for the server, after those of the entry's #! line
                              (which it always gets), e.g. --node-args=--max-semi-space-size=4
  --server-env NAME=VALUE     an environment variable for the server (repeatable), e.g.
                              --server-env STORE_CACHE_MB=0 to measure without the store cache
  --entry <file>              the server script (default packages/server/bin/cohort.js, which runs
                              the compiled server, rebuilding it first when the sources changed)
  --pg-url <url>              PostgreSQL server to create the bench database on`;

const log = (msg: string) => process.stdout.write(`${msg}\n`);

interface Options {
  scale: ScaleName;
  db: DbKind;
  durationS: number;
  warmupS: number;
  connections: number;
  scenarios: string | undefined;
  batchReps: number;
  name: string;
  compare: string | undefined;
  keep: boolean;
  cpuProf: boolean;
  nodeArgs: string[];
  serverEnv: Record<string, string>;
  entry: string | undefined;
  pgUrl: string;
}

function positive(name: string, raw: string | undefined, fallback: number, integer = false): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) throw new UsageError(`--${name} must be a ${integer ? "whole " : ""}number, got "${raw}"`);
  return n;
}

class UsageError extends Error {}

function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      scale: { type: "string" },
      smoke: { type: "boolean" },
      db: { type: "string" },
      duration: { type: "string" },
      warmup: { type: "string" },
      connections: { type: "string" },
      scenarios: { type: "string" },
      "batch-reps": { type: "string" },
      name: { type: "string" },
      compare: { type: "string" },
      keep: { type: "boolean" },
      "cpu-prof": { type: "boolean" },
      "node-args": { type: "string" },
      "server-env": { type: "string", multiple: true },
      entry: { type: "string" },
      "pg-url": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return null;
  const scale = (values.smoke ? "smoke" : (values.scale ?? "small")) as ScaleName;
  if (!(scale in SCALES)) throw new UsageError(`--scale must be smoke, small, large or large10m, got "${scale}"`);
  const db = (values.db ?? "pglite") as DbKind;
  if (db !== "pglite" && db !== "postgres") throw new UsageError(`--db must be pglite or postgres, got "${db}"`);
  const smoke = scale === "smoke";
  const connections = positive("connections", values.connections, 10, true);
  if (connections < 1) throw new UsageError("--connections must be at least 1");
  return {
    scale,
    db,
    durationS: positive("duration", values.duration, smoke ? 0.5 : 10),
    warmupS: positive("warmup", values.warmup, smoke ? 0.2 : 2),
    connections,
    scenarios: values.scenarios,
    batchReps: Math.max(1, positive("batch-reps", values["batch-reps"], smoke ? 1 : 3, true)),
    name: values.name ?? `${scale}-${db}`,
    compare: values.compare,
    keep: Boolean(values.keep),
    cpuProf: Boolean(values["cpu-prof"]),
    nodeArgs: (values["node-args"] ?? "").split(/\s+/).filter(Boolean),
    serverEnv: Object.fromEntries(
      (values["server-env"] ?? []).map((pair) => {
        const eq = pair.indexOf("=");
        if (eq < 1) throw new UsageError(`--server-env takes NAME=VALUE, got "${pair}"`);
        return [pair.slice(0, eq), pair.slice(eq + 1)];
      }),
    ),
    entry: values.entry ? path.resolve(values.entry) : undefined,
    pgUrl: values["pg-url"] ?? "postgres://postgres@127.0.0.1:5432/postgres",
  };
}

function targetFor(options: Options): Target {
  const suffix = options.keep ? options.scale : `${options.scale}_${process.pid}`;
  if (options.db === "pglite") {
    const dataDir = options.keep ? path.join(BENCH_DIR, ".data", options.scale) : path.join(os.tmpdir(), `cohort-bench-${suffix}`);
    return { kind: "pglite", dataDir };
  }
  const databaseName = `cohort_bench_${suffix}`;
  const url = new URL(options.pgUrl);
  url.pathname = `/${databaseName}`;
  return { kind: "postgres", adminUrl: options.pgUrl, databaseUrl: url.toString(), databaseName };
}

function readResults(name: string): BenchResults | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(RESULTS_DIR, `${name}.json`), "utf8")) as BenchResults;
  } catch {
    return null;
  }
}

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  if (!options) {
    log(USAGE);
    return 0;
  }
  const scale = SCALES[options.scale];
  const scenarios = selectScenarios(options.scenarios);
  const target = targetFor(options);
  const startedAt = new Date().toISOString();
  log(`Cohort bench: ${scale.name} data set on ${options.db}, ${options.connections} connections, ${options.durationS} s per scenario`);

  let server: ServerProcess | undefined;
  let dbCpu: DbCpuMeter | undefined;
  const dropAtEnd = !options.keep;
  const cleanup = async () => {
    await server?.stop().catch(() => {});
    await dbCpu?.close().catch(() => {});
    if (dropAtEnd) await dropDatabase(target).catch((err) => log(`could not drop the bench database: ${(err as Error).message}`));
  };
  const onSignal = () => {
    log("interrupted: stopping the server and dropping the bench database");
    void cleanup().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    // 1. The data set: reused with --keep when it is the same one, else loaded afresh.
    let counts: Record<string, number> = {};
    let loadSeconds: number | null = null;
    let reused = false;
    if (options.keep && (await databaseExists(target))) {
      const db = await openTarget(target);
      try {
        if (await loadedVersion(db, scale)) {
          counts = await countRows(db);
          reused = true;
          log("Reusing the kept data set");
        }
      } finally {
        await db.close();
      }
    }
    if (!reused) {
      log(`Loading the ${scale.name} data set into ${target.kind === "pglite" ? target.dataDir : target.databaseName}`);
      const t = performance.now();
      await createDatabase(target);
      const db = await openTarget(target);
      try {
        counts = await loadDataset(db, scale);
      } finally {
        await db.close(); // PGlite: one process per data folder; the server opens it next
      }
      loadSeconds = (performance.now() - t) / 1000;
    }
    const info = { ...describeDataset(scale), counts };

    // 2. The server, as a child process.
    const jwtSecret = randomBytes(32).toString("hex");
    const profDir = path.join(RESULTS_DIR, "prof");
    if (options.cpuProf) fs.mkdirSync(profDir, { recursive: true });
    const serverStart = performance.now();
    server = await startServer({
      env: {
        NODE_ENV: "production",
        LOG_LEVEL: "warn",
        JWT_SECRET: jwtSecret,
        COOKIE_SECRET: randomBytes(32).toString("hex"),
        ...(target.kind === "postgres" ? { DATABASE_URL: target.databaseUrl! } : { COHORT_DATA_DIR: target.dataDir! }),
        ...options.serverEnv,
      },
      nodeArgs: [...options.nodeArgs, ...(options.cpuProf ? ["--cpu-prof", `--cpu-prof-dir=${profDir}`] : [])],
      entry: options.entry,
    });
    const startupRssMb = rssMb(server.pid);
    log(`Server ${server.url} (pid ${server.pid}) up in ${((performance.now() - serverStart) / 1000).toFixed(1)} s, RSS ${startupRssMb?.toFixed(0)} MB`);
    if (target.kind === "postgres") dbCpu = new DbCpuMeter(target.adminUrl, target.databaseName);

    const ctx = await cohortContext(server.url, scale, info, jwtSecret);

    // 3. The scenarios, one after the other.
    const results: ScenarioResult[] = [];
    let peak = peakRssMb(server.pid) ?? 0;
    for (const scenario of scenarios) {
      log(`  (${scenario.id}) ${scenario.title}`);
      const result =
        scenario.kind === "batch"
          ? await runBatchScenario({
              url: ctx.url,
              pid: server.pid,
              adminHeaders: ctx.adminHeaders,
              groupId: info.batchGroupId,
              sizes: scale.batchSizes.map((n) => ({ ids: info.batchCustomerIds(n) })),
              reps: options.batchReps,
            })
          : await runLoadScenario(scenario, ctx, options, { url: ctx.url, pid: server.pid, dbCpu });
      results.push(result);
      const l = result.load;
      if (l) log(`    ${Math.round(l.rps)} req/s, p50 ${l.p50.toFixed(2)} ms, p99 ${l.p99.toFixed(2)} ms, ${l.cpuMsPerRequest?.toFixed(3)} CPU ms/req (${Math.round((l.systemShare ?? 0) * 100)}% system), peak RSS ${l.peakRssMb?.toFixed(0)} MB; other processes used ${l.otherCores?.toFixed(2)} cores`);
      if (result.status !== "ok" || result.message) log(`    ${result.status.toUpperCase()}${result.message ? `: ${result.message}` : ""}`);
      peak = Math.max(peak, l?.peakRssMb ?? 0, ...(result.batch ?? []).map((b) => b.peakRssMb ?? 0));
    }

    const code = await server.stop();
    if (code !== 0 && code !== null) log(`The server exited with code ${code}:\n${server.output()}`);

    // 4. Results.
    const cpus = os.cpus();
    const report: BenchResults = {
      name: options.name,
      scale: scale.name,
      db: options.db,
      startedAt,
      machine: { cpus: cpus.length, cpuModel: cpus[0]?.model.trim() ?? "unknown", memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.versions.node },
      options: { connections: options.connections, durationS: options.durationS, warmupS: options.warmupS, batchReps: options.batchReps, nodeArgs: [...shebangFlags(options.entry ?? CLI_ENTRY), ...options.nodeArgs], serverEnv: options.serverEnv, entry: options.entry ? path.relative(process.cwd(), options.entry) : null },
      dataset: { counts, loadSeconds, reused },
      server: { startupRssMb, peakRssMb: peak || null },
      scenarios: results,
      targets: [],
    };
    report.targets = evaluateTargets(report, scale.name.startsWith("large") ? readResults(options.compare ?? `small-${options.db}`) : null);
    const table = markdown(report);
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    fs.writeFileSync(path.join(RESULTS_DIR, `${options.name}.json`), JSON.stringify(report, null, 2) + "\n");
    fs.writeFileSync(path.join(RESULTS_DIR, `${options.name}.md`), table);
    log(`\n${table}\nWrote bench/results/${options.name}.json and .md`);

    const failed = results.filter((r) => r.status === "failed");
    const skipped = results.filter((r) => r.status === "skipped");
    if (skipped.length) log(`Skipped (route not there yet): ${skipped.map((r) => r.id).join(", ")}`);
    if (failed.length) {
      log(`FAILED: ${failed.map((r) => `(${r.id}) ${r.message}`).join("; ")}`);
      return 1;
    }
    if (code !== 0 && code !== null) return 1;
    return 0;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await cleanup();
  }
}

const argv = process.argv.slice(2);
// --peer: Cohort and a Medusa v1 peer side by side (side-by-side.ts), its own options.
const entry = argv.some((a) => a === "--peer" || a.startsWith("--peer="))
  ? import("./side-by-side.js").then((m) => m.sideBySide(argv))
  : main(argv);
entry.then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof UsageError ? `${err.message}\n\n${USAGE}` : (err as Error)?.stack ?? String(err));
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);
