/**
 * Cohort and a Medusa v1 peer in one run: `npm run bench -- --peer http://127.0.0.1:9000 [--db postgres]`.
 *
 * The peer is the real Medusa v1.20.11 set up by ../shared/peer-medusa-v1/ (setup.sh, then
 * load-data.mjs): its ids come from $PEER_HOME/app/bench-ids.env, its pid from
 * $PEER_HOME/app/server.pid, its database backends from its cluster on port 55432. Cohort gets
 * the small data set (the same shape) on PGlite or a throwaway PostgreSQL database. Both are
 * driven by the same code (runner.ts: autocannon, answer checked before and after the load,
 * CPU from /proc), scenario by scenario, alternating which system goes first. The caches-off
 * (c) restarts the peer with CACHE_TTL=0 (peer-stop.sh / peer-start.sh) and Cohort with
 * STORE_CACHE_MB=0; the peer is restarted with its stock cache at the end.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { describeDataset, SCALES } from "./dataset.js";
import { createDatabase, dropDatabase, loadDataset, openTarget, type DbKind, type Target } from "./load-data.js";
import { DbCpuMeter } from "./load.js";
import type { ScenarioResult } from "./report.js";
import { cohortContext, loginCookie, runBatchScenario, runLoadScenario, type LoadSettings, type RunnableScenario } from "./runner.js";
import { SCENARIOS, type LoadScenario } from "./scenarios.js";
import { rssMb, startServer, type ServerProcess } from "./server.js";

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const RESULTS_DIR = path.join(BENCH_DIR, "results");
const log = (msg: string) => process.stdout.write(`${msg}\n`);

export const SIDE_BY_SIDE_USAGE = `Usage: npm run bench -- --peer <url> [options]   (Cohort and a Medusa v1 peer, side by side)

  --peer <url>                the peer (../shared/peer-medusa-v1, e.g. http://127.0.0.1:9000)
  --peer-home <dir>           the peer's PEER_HOME (default $PEER_HOME, else /tmp/medusa-peer)
  --peer-scripts <dir>        peer-start.sh / peer-stop.sh (default ../shared/peer-medusa-v1)
  --peer-db <url>             the peer's database (default postgres://postgres@127.0.0.1:55432/medusa_peer)
  --db pglite|postgres        Cohort's database (default pglite), small data set
  --pg-url <url>              PostgreSQL server for Cohort's throwaway database
  --scenarios a,a2,b,c,d,c0   which (default all; c0 = (c) with both caches off)
  --duration <s> --warmup <s> --connections <n> --batch-reps <n>   as for npm run bench
  --cpu-prof                  profile Cohort (bench/results/prof)
  --name <name>               results file name (default side-by-side-<db>)`;

/** The peer's admin and shopper, as ../shared/peer-medusa-v1/README.md sets them up. */
const PEER_ADMIN = { email: "admin@example.com", password: "supersecret", token: "peer-admin-api-token" };
const PEER_SHOPPER = { email: "bench-vip@example.com", password: "supersecret" };

/** What a peer scenario needs: ids from bench-ids.env, logins, and the answers its database says are right. */
interface PeerContext {
  url: string;
  groupCount: number;
  bigGroupId: string;
  bigGroupMembers: number;
  productId: string;
  regionId: string;
  /** Per variant id: the member's price (cheapest of the shopper's group's lists) and the plain price. */
  prices: Map<string, { member: number; plain: number }>;
  tokenHeaders: Record<string, string>;
  adminCookieHeaders: Record<string, string>;
  shopperCookieHeaders: Record<string, string>;
}

interface Pair {
  id: string;
  title: string;
  cohort: LoadScenario;
  peer: RunnableScenario<PeerContext>;
  cachesOff?: boolean;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === "object" ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const eq = (what: string, actual: unknown, expected: unknown) => (actual === expected ? null : `${what} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
const first = (...e: (string | null)[]) => e.find((x) => x !== null) ?? null;

const peerGroupsPage = (body: unknown, ctx: PeerContext) => {
  const b = obj(body);
  const groups = arr(b.customer_groups);
  const dates = groups.map((g) => String(obj(g).created_at));
  return first(
    eq("count", b.count, ctx.groupCount),
    eq("customer_groups.length", groups.length, 20),
    eq("limit", b.limit, 20),
    groups.every((g) => String(obj(g).id).startsWith("cgrp_")) ? null : "a group without an id",
    dates.length ? null : "no groups",
  );
};

function peerProduct(priceOf: "member" | "plain") {
  return (body: unknown, ctx: PeerContext) => {
    const product = obj(obj(body).product);
    const variants = arr(product.variants).map(obj);
    const err = first(eq("product.id", product.id, ctx.productId), eq("variants.length", variants.length, ctx.prices.size));
    if (err) return err;
    for (const v of variants) {
      const want = ctx.prices.get(String(v.id));
      if (!want) return `unexpected variant ${String(v.id)}`;
      const e = first(eq(`calculated_price of ${String(v.id)}`, v.calculated_price, want[priceOf]), eq(`original_price of ${String(v.id)}`, v.original_price, want.plain));
      if (e) return e;
    }
    return null;
  };
}

const cohortScenario = (id: string) => SCENARIOS.find((s): s is LoadScenario => s.id === id && s.kind === "load")!;

function pairs(): Pair[] {
  const groups = (h: "tokenHeaders" | "adminCookieHeaders"): RunnableScenario<PeerContext> => ({
    id: "",
    title: "",
    request: (ctx) => ({ path: "/admin/customer-groups?limit=20", headers: ctx[h] }),
    check: peerGroupsPage,
  });
  const product: RunnableScenario<PeerContext> = {
    id: "c",
    title: "",
    request: (ctx) => ({ path: `/store/products/${ctx.productId}?region_id=${ctx.regionId}`, headers: ctx.shopperCookieHeaders }),
    check: peerProduct("member"),
    extraChecks: (ctx) => [{ name: "anonymous shopper sees the plain price", request: { path: `/store/products/${ctx.productId}?region_id=${ctx.regionId}` }, check: peerProduct("plain") }],
  };
  return [
    { id: "a", title: "(a) GET /admin/customer-groups?limit=20, API token", cohort: cohortScenario("a"), peer: groups("tokenHeaders") },
    { id: "a2", title: "(a) the same, admin cookie session", cohort: cohortScenario("a2"), peer: groups("adminCookieHeaders") },
    {
      id: "b",
      title: "(b) GET /admin/customer-groups/:id/customers?limit=50, 10,000-member group",
      cohort: cohortScenario("b"),
      peer: {
        id: "b",
        title: "",
        request: (ctx) => ({ path: `/admin/customer-groups/${ctx.bigGroupId}/customers?limit=50`, headers: ctx.tokenHeaders }),
        check(body, ctx) {
          const b = obj(body);
          const customers = arr(b.customers);
          return first(
            eq("count", b.count, ctx.bigGroupMembers),
            eq("customers.length", customers.length, 50),
            customers.every((c) => String(obj(c).id).startsWith("cus_")) ? null : "a customer without an id",
            customers.every((c) => obj(c).password_hash === undefined) ? null : "password_hash is returned",
          );
        },
      },
    },
    { id: "c", title: "(c) GET /store/products/:id?region_id=…, logged-in member (cookie session), caches on", cohort: cohortScenario("c3"), peer: product },
    { id: "c0", title: "(c) the same, both caches off (peer CACHE_TTL=0, Cohort STORE_CACHE_MB=0)", cohort: cohortScenario("c3"), peer: product, cachesOff: true },
  ];
}

function readEnvFile(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    const m = line.match(/^([A-Z0-9_]+)=(.*)$/);
    if (m) out[m[1]!] = m[2]!.replace(/^'(.*)'$/, "$1");
  }
  return out;
}

/** Is the peer's node process running with the price cache off? (its CACHE_TTL, from /proc) */
function peerCacheOff(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes("CACHE_TTL=0");
  } catch {
    return false;
  }
}

interface Options {
  peerUrl: string;
  peerHome: string;
  peerScripts: string;
  peerDb: string;
  db: DbKind;
  pgUrl: string;
  scenarios: Set<string> | null;
  settings: LoadSettings;
  batchReps: number;
  cpuProf: boolean;
  name: string;
}

function parse(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      peer: { type: "string" },
      "peer-home": { type: "string" },
      "peer-scripts": { type: "string" },
      "peer-db": { type: "string" },
      db: { type: "string" },
      "pg-url": { type: "string" },
      scenarios: { type: "string" },
      duration: { type: "string" },
      warmup: { type: "string" },
      connections: { type: "string" },
      "batch-reps": { type: "string" },
      "cpu-prof": { type: "boolean" },
      name: { type: "string" },
    },
  });
  const db = (values.db ?? "pglite") as DbKind;
  if (db !== "pglite" && db !== "postgres") throw new Error(`--db must be pglite or postgres, got "${db}"`);
  const num = (v: string | undefined, d: number) => {
    const n = v === undefined ? d : Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`not a number: ${v}`);
    return n;
  };
  return {
    peerUrl: values.peer!.replace(/\/$/, ""),
    peerHome: values["peer-home"] ?? process.env.PEER_HOME ?? "/tmp/medusa-peer",
    peerScripts: values["peer-scripts"] ?? path.resolve(BENCH_DIR, "../../shared/peer-medusa-v1"),
    peerDb: values["peer-db"] ?? "postgres://postgres@127.0.0.1:55432/medusa_peer",
    db,
    pgUrl: values["pg-url"] ?? "postgres://postgres@127.0.0.1:5432/postgres",
    scenarios: values.scenarios ? new Set(values.scenarios.split(",").map((s) => s.trim())) : null,
    settings: { connections: num(values.connections, 10), durationS: num(values.duration, 10), warmupS: num(values.warmup, 2) },
    batchReps: Math.max(1, num(values["batch-reps"], 3)),
    cpuProf: Boolean(values["cpu-prof"]),
    name: values.name ?? `side-by-side-${db}`,
  };
}

class Peer {
  readonly home: string;
  readonly dbCpu: DbCpuMeter;
  constructor(private readonly options: Options) {
    this.home = options.peerHome;
    const admin = new URL(options.peerDb);
    const dbName = admin.pathname.slice(1);
    admin.pathname = "/postgres";
    this.dbCpu = new DbCpuMeter(admin.toString(), dbName);
  }

  pid(): number {
    return Number(fs.readFileSync(path.join(this.home, "app/server.pid"), "utf8").trim());
  }

  /** Restarts the peer's Medusa (not its cluster) with or without its price cache, unless it already runs so. */
  restart(cacheOff: boolean) {
    let running = false;
    try {
      process.kill(this.pid(), 0);
      running = true;
    } catch {
      /* not running */
    }
    if (running && peerCacheOff(this.pid()) === cacheOff) return;
    const env = { ...process.env, PEER_HOME: this.home, ...(cacheOff ? { CACHE_TTL: "0" } : {}) };
    if (!cacheOff) delete env.CACHE_TTL;
    log(`  restarting the peer ${cacheOff ? "with CACHE_TTL=0" : "with its stock price cache"}`);
    execFileSync("bash", [path.join(this.options.peerScripts, "peer-stop.sh"), "--medusa-only"], { env, stdio: "inherit" });
    execFileSync("bash", [path.join(this.options.peerScripts, "peer-start.sh")], { env, stdio: "inherit" });
  }

  async context(): Promise<PeerContext> {
    const ids = readEnvFile(path.join(this.home, "app/bench-ids.env"));
    const url = this.options.peerUrl;
    const client = new pg.Client({ connectionString: this.options.peerDb });
    await client.connect();
    try {
      const groupCount = Number((await client.query("SELECT count(*)::int AS n FROM customer_group WHERE deleted_at IS NULL")).rows[0].n);
      const bigGroupMembers = Number((await client.query("SELECT count(*)::int AS n FROM customer_group_customers WHERE customer_group_id = $1", [ids.GROUP_10K_ID])).rows[0].n);
      // The right answers, from the peer's own tables: the cheapest price of an active list of
      // the shopper's group, and the variant's plain price (no list), in the region's currency.
      const r = await client.query(
        `SELECT v.id,
                (SELECT min(ma.amount) FROM money_amount ma
                   JOIN product_variant_money_amount pvma ON pvma.money_amount_id = ma.id
                   JOIN price_list pl ON pl.id = ma.price_list_id
                   JOIN price_list_customer_groups plcg ON plcg.price_list_id = pl.id
                  WHERE pvma.variant_id = v.id AND plcg.customer_group_id = $2 AND pl.status = 'active' AND pl.deleted_at IS NULL
                    AND ma.currency_code = rg.currency_code AND ma.deleted_at IS NULL) AS member,
                (SELECT min(ma.amount) FROM money_amount ma
                   JOIN product_variant_money_amount pvma ON pvma.money_amount_id = ma.id
                  WHERE pvma.variant_id = v.id AND ma.price_list_id IS NULL AND ma.currency_code = rg.currency_code AND ma.deleted_at IS NULL) AS plain
           FROM product_variant v, region rg
          WHERE v.product_id = $1 AND v.deleted_at IS NULL AND rg.id = $3`,
        [ids.PRODUCT_ID, ids.GROUP_VIP_ID, ids.REGION_ID],
      );
      const prices = new Map<string, { member: number; plain: number }>(r.rows.map((row) => [row.id as string, { member: Number(row.member), plain: Number(row.plain) }]));
      return {
        url,
        groupCount,
        bigGroupId: ids.GROUP_10K_ID!,
        bigGroupMembers,
        productId: ids.PRODUCT_ID!,
        regionId: ids.REGION_ID!,
        prices,
        tokenHeaders: { "x-medusa-access-token": PEER_ADMIN.token },
        adminCookieHeaders: { cookie: await loginCookie(url, "/admin/auth", PEER_ADMIN.email, PEER_ADMIN.password) },
        shopperCookieHeaders: { cookie: await loginCookie(url, "/store/auth", PEER_SHOPPER.email, PEER_SHOPPER.password) },
      };
    } finally {
      await client.end();
    }
  }

  /** (d) on the peer: an empty group ("bench-10k-single") and the 10,000 bench customers. */
  async batchSetup(): Promise<{ groupId: string; ids: string[] }> {
    const client = new pg.Client({ connectionString: this.options.peerDb });
    await client.connect();
    try {
      const groupId = (await client.query("SELECT id FROM customer_group WHERE name = 'bench-10k-single' AND deleted_at IS NULL")).rows[0].id as string;
      await client.query("DELETE FROM customer_group_customers WHERE customer_group_id = $1", [groupId]);
      const ids = (await client.query("SELECT id FROM customer WHERE id LIKE 'cus_bench%' ORDER BY id")).rows.map((r) => r.id as string);
      return { groupId, ids };
    } finally {
      await client.end();
    }
  }
}

interface SideResult {
  id: string;
  title: string;
  peer: ScenarioResult;
  cohort: ScenarioResult;
  order: "peer first" | "cohort first";
  /** The peer's answer to one call with all ids (d). */
  peerOneCall?: string;
}

export interface SideBySideResults {
  name: string;
  db: DbKind;
  startedAt: string;
  machine: { cpus: number; cpuModel: string; node: string };
  settings: LoadSettings & { batchReps: number };
  peer: { url: string; version: string; startupRssMb: number | null };
  cohort: { startupRssMb: number | null };
  scenarios: SideResult[];
  targets: { what: string; goal: string; value: string; met: boolean }[];
}

export async function sideBySide(argv: string[]): Promise<number> {
  const options = parse(argv);
  const wanted = (id: string) => !options.scenarios || options.scenarios.has(id);
  const scale = SCALES.small;
  const startedAt = new Date().toISOString();
  log(`Side by side: Medusa v1 at ${options.peerUrl} and Cohort on ${options.db} (small data set), ${options.settings.connections} connections, ${options.settings.durationS} s per scenario`);

  const peer = new Peer(options);
  peer.restart(false);
  const suffix = `small_sbs_${process.pid}`;
  const target: Target =
    options.db === "pglite"
      ? { kind: "pglite", dataDir: path.join(os.tmpdir(), `cohort-bench-${suffix}`) }
      : (() => {
          const u = new URL(options.pgUrl);
          u.pathname = `/cohort_bench_${suffix}`;
          return { kind: "postgres" as const, adminUrl: options.pgUrl, databaseUrl: u.toString(), databaseName: `cohort_bench_${suffix}` };
        })();

  let server: ServerProcess | undefined;
  const cohortDbCpu = target.kind === "postgres" ? new DbCpuMeter(target.adminUrl, target.databaseName) : undefined;
  const cleanup = async () => {
    await server?.stop().catch(() => {});
    await cohortDbCpu?.close().catch(() => {});
    await peer.dbCpu.close().catch(() => {});
    await dropDatabase(target).catch((err) => log(`could not drop the bench database: ${(err as Error).message}`));
  };
  const onSignal = () => void cleanup().finally(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    log(`Loading Cohort's small data set into ${target.kind === "pglite" ? target.dataDir : target.databaseName}`);
    await createDatabase(target);
    const db = await openTarget(target);
    let counts: Record<string, number>;
    try {
      counts = await loadDataset(db, scale);
    } finally {
      await db.close();
    }
    const info = { ...describeDataset(scale), counts };
    const jwtSecret = randomBytes(32).toString("hex");
    const serverEnv = {
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      JWT_SECRET: jwtSecret,
      COOKIE_SECRET: randomBytes(32).toString("hex"),
      ...(target.kind === "postgres" ? { DATABASE_URL: target.databaseUrl! } : { COHORT_DATA_DIR: target.dataDir! }),
    };
    const profDir = path.join(RESULTS_DIR, "prof");
    if (options.cpuProf) fs.mkdirSync(profDir, { recursive: true });
    const start = async (extra: Record<string, string>) => {
      server = await startServer({ env: { ...serverEnv, ...extra }, nodeArgs: options.cpuProf ? ["--cpu-prof", `--cpu-prof-dir=${profDir}`] : [] });
      log(`  Cohort ${server.url} (pid ${server.pid}) ${Object.keys(extra).length ? JSON.stringify(extra) : ""}`);
      return server;
    };
    let cohort = await start({});
    const cohortStartRss = rssMb(cohort.pid);
    const cohortCtx = () => cohortContext(cohort.url, scale, info, jwtSecret);
    let ctx = await cohortCtx();
    let peerCtx = await peer.context();
    const peerVersion = readPeerVersion(options.peerHome);
    const peerStartRss = rssMb(peer.pid());

    const results: SideResult[] = [];
    let turn = 0;
    const both = async (id: string, title: string, runPeer: () => Promise<ScenarioResult>, runCohort: () => Promise<ScenarioResult>, extra: Partial<SideResult> = {}) => {
      const peerFirst = turn++ % 2 === 0;
      log(`  ${title} — ${peerFirst ? "peer first" : "Cohort first"}`);
      const out: Partial<SideResult> = {};
      for (const who of peerFirst ? (["peer", "cohort"] as const) : (["cohort", "peer"] as const)) {
        const r = who === "peer" ? await runPeer() : await runCohort();
        out[who] = r;
        const l = r.load;
        log(
          `    ${who === "peer" ? "Medusa v1" : "Cohort   "}: ${r.status}${r.message ? ` (${r.message})` : ""}` +
            (l ? `; ${Math.round(l.rps)} req/s, p50 ${l.p50.toFixed(2)} ms, p99 ${l.p99.toFixed(2)} ms, CPU ${l.cpuMsPerRequest?.toFixed(3)} + DB ${l.dbCpuMsPerRequest?.toFixed(3) ?? "–"} ms/req, other load ${l.otherCores?.toFixed(2)} cores` : ""),
        );
      }
      results.push({ id, title, peer: out.peer!, cohort: out.cohort!, order: peerFirst ? "peer first" : "cohort first", ...extra });
    };

    const all = pairs();
    for (const pair of all.filter((p) => !p.cachesOff && wanted(p.id))) {
      await both(
        pair.id,
        pair.title,
        () => runLoadScenario({ ...pair.peer, id: pair.id, title: pair.title }, peerCtx, options.settings, { url: options.peerUrl, pid: peer.pid(), dbCpu: peer.dbCpu }),
        () => runLoadScenario({ ...pair.cohort, id: pair.id, title: pair.title }, ctx, options.settings, { url: cohort.url, pid: cohort.pid, dbCpu: cohortDbCpu }),
      );
    }

    if (wanted("d")) {
      // Cohort: all 10,000 ids in one call. Medusa v1 refuses a body over 100 kB (~2,800 ids),
      // so it gets them as ten calls of 1,000, as its README measures.
      const peerBatch = await peer.batchSetup();
      const one = await fetch(`${options.peerUrl}/admin/customer-groups/${peerBatch.groupId}/customers/batch`, {
        method: "POST",
        headers: { ...peerCtx.tokenHeaders, "content-type": "application/json" },
        body: JSON.stringify({ customer_ids: peerBatch.ids.map((id) => ({ id })) }),
      });
      const peerOneCall = `HTTP ${one.status} for ${peerBatch.ids.length.toLocaleString("en")} ids in one call`;
      await one.text();
      await peer.batchSetup(); // empty again, whatever that call did
      await both(
        "d",
        "(d) add, then remove, 10,000 customers (Cohort: one call each; Medusa v1: ten calls of 1,000)",
        () => runBatchScenario({ url: options.peerUrl, pid: peer.pid(), adminHeaders: peerCtx.tokenHeaders, groupId: peerBatch.groupId, sizes: [{ ids: peerBatch.ids }], reps: options.batchReps, perCall: 1_000 }),
        () => runBatchScenario({ url: cohort.url, pid: cohort.pid, adminHeaders: ctx.adminHeaders, groupId: info.batchGroupId, sizes: [{ ids: info.batchCustomerIds(10_000) }], reps: options.batchReps }),
        { peerOneCall },
      );
    }

    const off = all.filter((p) => p.cachesOff && wanted(p.id));
    if (off.length) {
      await cohort.stop();
      cohort = await start({ STORE_CACHE_MB: "0" });
      ctx = await cohortCtx();
      peer.restart(true);
      peerCtx = await peer.context();
      for (const pair of off) {
        await both(
          pair.id,
          pair.title,
          () => runLoadScenario({ ...pair.peer, id: pair.id, title: pair.title }, peerCtx, options.settings, { url: options.peerUrl, pid: peer.pid(), dbCpu: peer.dbCpu }),
          () => runLoadScenario({ ...pair.cohort, id: pair.id, title: pair.title }, ctx, options.settings, { url: cohort.url, pid: cohort.pid, dbCpu: cohortDbCpu }),
        );
      }
      peer.restart(false);
    }
    await cohort.stop();
    server = undefined;

    const cpus = os.cpus();
    const report: SideBySideResults = {
      name: options.name,
      db: options.db,
      startedAt,
      machine: { cpus: cpus.length, cpuModel: cpus[0]?.model.trim() ?? "unknown", node: process.versions.node },
      settings: { ...options.settings, batchReps: options.batchReps },
      peer: { url: options.peerUrl, version: peerVersion, startupRssMb: peerStartRss },
      cohort: { startupRssMb: cohortStartRss },
      scenarios: results,
      targets: [],
    };
    report.targets = sideBySideTargets(report);
    const md = sideBySideMarkdown(report);
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    fs.writeFileSync(path.join(RESULTS_DIR, `${options.name}.json`), JSON.stringify(report, null, 2) + "\n");
    fs.writeFileSync(path.join(RESULTS_DIR, `${options.name}.md`), md);
    log(`\n${md}\nWrote bench/results/${options.name}.json and .md`);
    const failed = results.filter((r) => r.peer.status === "failed" || r.cohort.status === "failed");
    if (failed.length) {
      log(`FAILED: ${failed.map((r) => `(${r.id}) ${r.peer.status === "failed" ? `peer: ${r.peer.message}` : ""} ${r.cohort.status === "failed" ? `Cohort: ${r.cohort.message}` : ""}`).join("; ")}`);
      return 1;
    }
    return 0;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await cleanup();
  }
}

function readPeerVersion(home: string): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(home, "app/node_modules/@medusajs/medusa/package.json"), "utf8")).version as string;
  } catch {
    return "unknown";
  }
}

const fmt = (n: number | null | undefined, digits = 0) =>
  n === null || n === undefined || !Number.isFinite(n) ? "–" : n.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (n: number) => (n < 10 ? fmt(n, 2) : n < 100 ? fmt(n, 1) : fmt(n));
const median = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
};
const total = (r: ScenarioResult) => (r.load?.cpuMsPerRequest ?? NaN) + (r.load?.dbCpuMsPerRequest ?? 0);

/** The goals of issue 17, as ratios taken in this run. */
export function sideBySideTargets(report: SideBySideResults) {
  const goals: Record<string, number> =
    report.db === "postgres" ? { a: 10, a2: 8, b: 20, c: 40, c0: 20 } : { a: 5, a2: 5, b: 5, c: 5, c0: 5 };
  const label: Record<string, string> = { a: "(a) API token", a2: "(a) cookie session", b: "(b)", c: "(c) caches on", c0: "(c) caches off" };
  const out: SideBySideResults["targets"] = [];
  for (const s of report.scenarios) {
    const goal = goals[s.id];
    const p = s.peer.load;
    const c = s.cohort.load;
    if (goal === undefined || !p || !c || s.peer.status !== "ok" || s.cohort.status !== "ok") continue;
    const ratio = c.rps / p.rps;
    out.push({ what: `${label[s.id]} req/s`, goal: `≥ ${goal}× the peer`, value: `${fmt(ratio, 1)}× (${fmt(c.rps)} vs ${fmt(p.rps)})`, met: ratio >= goal });
    if (report.db === "postgres") out.push({ what: `${label[s.id]} p99`, goal: "< 10 ms", value: `${ms(c.p99)} ms`, met: c.p99 < 10 });
  }
  return out;
}

export function sideBySideMarkdown(report: SideBySideResults): string {
  const { settings, machine } = report;
  const lines = [
    `### Cohort on ${report.db === "postgres" ? "PostgreSQL" : "PGlite"} and Medusa v1 (${report.peer.version}, PostgreSQL 15), small data set, one run`,
    "",
    `${report.startedAt.slice(0, 16).replace("T", " ")} UTC, ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}; autocannon, ${settings.connections} connections, ` +
      `${settings.durationS} s per scenario after ${settings.warmupS} s of warm-up, peer and Cohort alternating (who went first is in the JSON). ` +
      `Each cell is "Medusa v1 / Cohort". CPU is per request: the server process, and the PostgreSQL backends serving its database ` +
      `(Cohort on PGlite: in the server figure). Other load: CPU the rest of the machine used meanwhile, in cores (of ${machine.cpus}).`,
    "",
    "| scenario | req/s | ratio | p50 ms | p99 ms | server CPU ms/req | DB CPU ms/req | CPU ratio (server+DB) | peak RSS MB | other load (cores) |",
    "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
  ];
  for (const s of report.scenarios) {
    const p = s.peer.load;
    const c = s.cohort.load;
    if (s.peer.batch || s.cohort.batch) {
      const pb = s.peer.batch?.[0];
      const cb = s.cohort.batch?.[0];
      const cell = (b: typeof pb, k: "addMs" | "removeMs") => (b ? `${fmt(median(b[k]))} ms${(b.callsPerOperation ?? 1) > 1 ? ` (${b.callsPerOperation} calls)` : ""}` : "–");
      lines.push(
        `| ${s.title}: add${s.peerOneCall ? ` (peer, one call: ${s.peerOneCall})` : ""} | ${cell(pb, "addMs")} / ${cell(cb, "addMs")} | ${pb && cb ? `${fmt(median(pb.addMs) / median(cb.addMs), 1)}×` : ""} | | | ${fmt(pb?.cpuMsPerCall)} / ${fmt(cb?.cpuMsPerCall)} per call | | | ${fmt(pb?.peakRssMb)} / ${fmt(cb?.peakRssMb)} | |`,
        `| ${s.title}: remove | ${cell(pb, "removeMs")} / ${cell(cb, "removeMs")} | ${pb && cb ? `${fmt(median(pb.removeMs) / median(cb.removeMs), 1)}×` : ""} | | | | | | | |`,
      );
      continue;
    }
    if (!p || !c || s.peer.status !== "ok" || s.cohort.status !== "ok") {
      lines.push(`| ${s.title} | peer ${s.peer.status}${s.peer.message ? `: ${s.peer.message}` : ""}; Cohort ${s.cohort.status}${s.cohort.message ? `: ${s.cohort.message}` : ""} | | | | | | | | |`);
      continue;
    }
    lines.push(
      `| ${s.title} | ${fmt(p.rps)} / ${fmt(c.rps)} | **${fmt(c.rps / p.rps, 1)}×** | ${ms(p.p50)} / ${ms(c.p50)} | ${ms(p.p99)} / ${ms(c.p99)} | ${fmt(p.cpuMsPerRequest, 3)} / ${fmt(c.cpuMsPerRequest, 3)} | ${fmt(p.dbCpuMsPerRequest, 3)} / ${fmt(c.dbCpuMsPerRequest, 3)} | ${fmt(total(s.peer) / total(s.cohort), 1)}× | ${fmt(p.peakRssMb)} / ${fmt(c.peakRssMb)} | ${fmt(p.otherCores, 2)} / ${fmt(c.otherCores, 2)} |`,
    );
  }
  lines.push("", `RSS after start: Medusa v1 ${fmt(report.peer.startupRssMb)} MB, Cohort ${fmt(report.cohort.startupRssMb)} MB.`);
  if (report.targets.length) {
    lines.push("", "| target (issue 17) | goal | measured | met |", "|---|---|---|---|");
    for (const t of report.targets) lines.push(`| ${t.what} | ${t.goal} | ${t.value} | ${t.met ? "yes" : "**no**"} |`);
  }
  return lines.join("\n") + "\n";
}
