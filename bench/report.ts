import type { LoadResult } from "./load.js";

export interface BatchRun {
  size: number;
  /** Wall time of each call, in ms, as the client saw it. */
  addMs: number[];
  removeMs: number[];
  /** Server CPU per call (add and remove averaged), in ms. */
  cpuMsPerCall: number | null;
  peakRssMb: number | null;
  /** Calls per add (and per remove): 1 unless the system refuses that many ids in one call. */
  callsPerOperation?: number;
}

export interface ScenarioResult {
  id: string;
  title: string;
  status: "ok" | "skipped" | "failed";
  message?: string;
  load?: LoadResult;
  batch?: BatchRun[];
}

export interface Target {
  what: string;
  goal: string;
  value: string;
  met: boolean;
}

export interface BenchResults {
  name: string;
  scale: string;
  db: string;
  startedAt: string;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string };
  options: { connections: number; durationS: number; warmupS: number; batchReps: number; nodeArgs: string[]; serverEnv?: Record<string, string>; entry: string | null };
  dataset: { counts: Record<string, number>; loadSeconds: number | null; reused: boolean };
  server: { startupRssMb: number | null; peakRssMb: number | null };
  scenarios: ScenarioResult[];
  targets: Target[];
}

/** Medusa v1.20.11 on a 2-core machine, 10 connections, and Cohort's goals on PostgreSQL. */
const MEDUSA: Record<string, { low: number; high: number; factor: number }> = {
  a: { low: 500, high: 500, factor: 10 },
  b: { low: 80, high: 128, factor: 20 },
  c: { low: 26, high: 44, factor: 20 },
};
const RSS_TARGET_MB = 150;
const BATCH_TARGET_MS = 1_000;

const median = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
};
export const medianOf = median;

const fmt = (n: number | null | undefined, digits = 0) =>
  n === null || n === undefined || Number.isNaN(n) ? "–" : n.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ms = (n: number) => (n < 10 ? fmt(n, 2) : n < 100 ? fmt(n, 1) : fmt(n));

function vsMedusa(id: string, rps: number): string {
  const m = MEDUSA[id];
  if (!m) return "";
  const x = (r: number) => fmt(r, r < 10 ? 1 : 0);
  return m.low === m.high ? `${x(rps / m.low)}×` : `${x(rps / m.high)}–${x(rps / m.low)}×`;
}

/** Goals of the issue, checked on PostgreSQL (the PGlite figures are informative). */
export function evaluateTargets(results: BenchResults, small: BenchResults | null): Target[] {
  if (results.db !== "postgres" || results.scale === "smoke") return [];
  const targets: Target[] = [];
  const byId = new Map(results.scenarios.map((s) => [s.id, s]));
  for (const [id, m] of Object.entries(MEDUSA)) {
    const load = byId.get(id)?.load;
    if (!load || byId.get(id)?.status !== "ok") continue;
    const goal = m.factor * m.high;
    targets.push({
      what: `(${id}) throughput`,
      goal: `≥ ${m.factor}× Medusa (≥ ${fmt(goal)} req/s against its best ${fmt(m.high)})`,
      value: `${fmt(load.rps)} req/s (${vsMedusa(id, load.rps)})`,
      met: load.rps >= goal,
    });
  }
  const batch = byId.get("d");
  const big = batch?.batch?.find((b) => b.size === 100_000);
  if (big) {
    const add = median(big.addMs);
    const remove = median(big.removeMs);
    targets.push({
      what: "(d) 100,000 ids in one call",
      goal: `< ${fmt(BATCH_TARGET_MS)} ms`,
      value: `add ${fmt(add)} ms, remove ${fmt(remove)} ms`,
      met: add < BATCH_TARGET_MS && remove < BATCH_TARGET_MS,
    });
  }
  if (results.server.peakRssMb !== null) {
    targets.push({
      what: "server peak RSS",
      goal: `< ${RSS_TARGET_MB} MB`,
      value: `${fmt(results.server.peakRssMb)} MB`,
      met: results.server.peakRssMb < RSS_TARGET_MB,
    });
  }
  if (results.scale.startsWith("large") && small) {
    for (const id of ["a", "b", "c"]) {
      const large = byId.get(id)?.load;
      const ref = small.scenarios.find((s) => s.id === id)?.load;
      if (!large || !ref) continue;
      targets.push({
        what: `(${id}) p99 large vs small`,
        goal: "≤ 2×",
        value: `${ms(large.p99)} ms vs ${ms(ref.p99)} ms (${fmt(large.p99 / ref.p99, 2)}×)`,
        met: large.p99 <= 2 * ref.p99,
      });
    }
  }
  return targets;
}

export function markdown(results: BenchResults): string {
  const lines: string[] = [];
  const { options, machine, dataset } = results;
  lines.push(
    `### ${results.scale} data set on ${results.db === "postgres" ? "PostgreSQL" : "PGlite"}`,
    "",
    `${new Date(results.startedAt).toISOString().slice(0, 10)}, ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}; ` +
      `${options.connections} connections, ${options.durationS} s per scenario after ${options.warmupS} s of warm-up` +
      (options.nodeArgs.length ? `, server node flags \`${options.nodeArgs.join(" ")}\`` : "") +
      (options.serverEnv && Object.keys(options.serverEnv).length
        ? `, server environment ${Object.entries(options.serverEnv).map(([k, v]) => `\`${k}=${v}\``).join(" ")}`
        : "") +
      (options.entry ? `, server entry \`${options.entry}\`` : "") +
      ". " +
      `Data: ${Object.entries(dataset.counts)
        .map(([t, n]) => `${fmt(n)} ${t}`)
        .join(", ")}` +
      (dataset.loadSeconds !== null ? `, loaded in ${fmt(dataset.loadSeconds, 1)} s.` : " (reused)."),
    "",
    "| scenario | req/s | p50 ms | p99 ms | server CPU ms/req | DB CPU ms/req | peak RSS MB | KB/resp | vs Medusa v1 | other load (cores) |",
    "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
  );
  for (const s of results.scenarios) {
    const label = `(${s.id}) ${s.title}`;
    if (s.status !== "ok") {
      lines.push(`| ${label} | ${s.status}: ${s.message ?? ""} | | | | | | | | |`);
      continue;
    }
    if (s.load) {
      const l = s.load;
      lines.push(
        `| ${label} | ${fmt(l.rps)} | ${ms(l.p50)} | ${ms(l.p99)} | ${fmt(l.cpuMsPerRequest, 3)} | ${fmt(l.dbCpuMsPerRequest, 3)} | ${fmt(l.peakRssMb)} | ${fmt(l.bytesPerResponse / 1024, 1)} | ${vsMedusa(s.id, l.rps)} | ${fmt(l.otherCores, 2)} |`,
      );
    }
    for (const b of s.batch ?? []) {
      const reps = b.addMs.length > 1 ? ` (median of ${b.addMs.length})` : "";
      lines.push(
        `| (d) add ${fmt(b.size)} customers in one call${reps} | ${fmt(median(b.addMs))} ms | | | ${fmt(b.cpuMsPerCall)} per call | | ${fmt(b.peakRssMb)} | | ${b.size >= 10_000 ? "v1: refused; ~600 ms as 10 × 1,000" : ""} | |`,
        `| (d) remove ${fmt(b.size)} customers in one call${reps} | ${fmt(median(b.removeMs))} ms | | | | | | | | |`,
      );
    }
  }
  lines.push("", `Server RSS after start ${fmt(results.server.startupRssMb)} MB; peak over the run ${fmt(results.server.peakRssMb)} MB.`);
  if (results.targets.length) {
    lines.push("", "| target | goal | measured | met |", "|---|---|---|---|");
    for (const t of results.targets) lines.push(`| ${t.what} | ${t.goal} | ${t.value} | ${t.met ? "yes" : "**no**"} |`);
  }
  return lines.join("\n") + "\n";
}
