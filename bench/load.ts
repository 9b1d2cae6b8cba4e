import autocannon from "autocannon";
import pg from "pg";
import { cpuMs, cpuTimes, machineBusyMs, peakRssMb, resetPeakRss } from "./server.js";

export interface LoadRequest {
  method?: "GET" | "POST" | "DELETE";
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  requests: number;
  durationS: number;
  rps: number;
  /** Latency percentiles in ms (from every response, at µs resolution). */
  p50: number;
  p99: number;
  max: number;
  /** Server process CPU (user + system) per request, in ms. */
  cpuMsPerRequest: number | null;
  /** The share of it spent in the kernel (mostly the loopback TCP path). */
  systemShare: number | null;
  /** PostgreSQL backends' CPU per request, in ms (PostgreSQL only; PGlite runs inside the server). */
  dbCpuMsPerRequest: number | null;
  peakRssMb: number | null;
  /**
   * CPU that other processes of the machine (not the server, its database backends or the
   * load generator) used during the run, in cores: how contended the measurement was.
   */
  otherCores: number | null;
  /** Mean response size (headers and body), in bytes. */
  bytesPerResponse: number;
  statusCodes: Record<string, number>;
  non2xx: number;
  errors: number;
  timeouts: number;
}

export function percentile(sorted: Float64Array | number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/**
 * CPU of the PostgreSQL backends serving the bench database, read from /proc (the server
 * runs on this machine). Backends that come and go between two readings are missed, so it is
 * a lower bound; the pool keeps its connections open under load, which makes it close.
 */
export class DbCpuMeter {
  private client: pg.Client | undefined;
  constructor(
    private readonly adminUrl: string | undefined,
    private readonly databaseName: string | undefined,
  ) {}

  async snapshot(): Promise<Map<number, number> | null> {
    if (!this.adminUrl || !this.databaseName) return null;
    if (!this.client) {
      this.client = new pg.Client({ connectionString: this.adminUrl });
      await this.client.connect();
    }
    const r = await this.client.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend' AND pid <> pg_backend_pid()",
      [this.databaseName],
    );
    const out = new Map<number, number>();
    for (const { pid } of r.rows) {
      const ms = cpuMs(pid);
      if (ms !== null) out.set(pid, ms);
    }
    return out;
  }

  static delta(before: Map<number, number> | null, after: Map<number, number> | null): number | null {
    if (!before || !after) return null;
    let total = 0;
    for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
    return total;
  }

  async close() {
    await this.client?.end();
  }
}

export interface RunLoadOptions {
  url: string;
  request: LoadRequest;
  connections: number;
  durationS: number;
  serverPid: number;
  dbCpu?: DbCpuMeter;
}

function fire(url: string, request: LoadRequest, connections: number, durationS: number, latencies: number[] | null) {
  return new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: url + request.path,
        connections,
        duration: durationS,
        method: request.method ?? "GET",
        headers: { ...(request.body !== undefined ? { "content-type": "application/json" } : {}), ...request.headers },
        body: request.body,
        timeout: 30,
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    if (latencies) instance.on("response", (_client, _status, _bytes, ms) => void latencies.push(ms));
  });
}

/** A short unmeasured run first (JIT, plan caches, pool connections), then the measured one. */
export async function runLoad(options: RunLoadOptions & { warmupS: number }): Promise<LoadResult> {
  const { url, request, connections, durationS, serverPid } = options;
  if (options.warmupS > 0) await fire(url, request, connections, options.warmupS, null);

  resetPeakRss(serverPid);
  const dbBefore = (await options.dbCpu?.snapshot()) ?? null;
  const cpuBefore = cpuTimes(serverPid);
  const busyBefore = machineBusyMs();
  const selfBefore = process.cpuUsage();
  const latencies: number[] = [];
  const result = await fire(url, request, connections, durationS, latencies);
  const selfUsed = process.cpuUsage(selfBefore);
  const busyAfter = machineBusyMs();
  const cpuAfter = cpuTimes(serverPid);
  const dbAfter = (await options.dbCpu?.snapshot()) ?? null;
  const peak = peakRssMb(serverPid);

  const sorted = Float64Array.from(latencies).sort();
  const requests = sorted.length;
  const statusCodes: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats)) statusCodes[code] = Number(count);
  const dbMs = DbCpuMeter.delta(dbBefore, dbAfter);
  const serverMs = cpuBefore && cpuAfter ? cpuAfter.user + cpuAfter.system - cpuBefore.user - cpuBefore.system : null;
  const otherMs =
    busyBefore !== null && busyAfter !== null && serverMs !== null
      ? busyAfter - busyBefore - serverMs - (dbMs ?? 0) - (selfUsed.user + selfUsed.system) / 1000
      : null;
  return {
    requests,
    durationS: result.duration,
    rps: requests / result.duration,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1]! : 0,
    cpuMsPerRequest: cpuBefore && cpuAfter && requests > 0 ? (cpuAfter.user + cpuAfter.system - cpuBefore.user - cpuBefore.system) / requests : null,
    systemShare:
      cpuBefore && cpuAfter && cpuAfter.user + cpuAfter.system > cpuBefore.user + cpuBefore.system
        ? (cpuAfter.system - cpuBefore.system) / (cpuAfter.user + cpuAfter.system - cpuBefore.user - cpuBefore.system)
        : null,
    dbCpuMsPerRequest: dbMs !== null && requests > 0 ? dbMs / requests : null,
    peakRssMb: peak,
    otherCores: otherMs !== null ? Math.max(0, otherMs) / 1000 / result.duration : null,
    bytesPerResponse: requests > 0 ? Math.round(result.throughput.total / requests) : 0,
    statusCodes,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}
