import { timingSafeEqual } from "node:crypto";
import type pg from "pg";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Config } from "../../config.js";
import "../../http/auth.js";
import type { App } from "../../http/types.js";

/**
 * Process-wide metrics (CPU, memory, heap, GC, event-loop lag) are collected once per
 * process, whatever number of apps it builds (tests build many); each app adds its own
 * request and pool metrics and serves both.
 */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, eventLoopMonitoringPrecision: 20 });
  }
  return processRegistry;
}

const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * GET /metrics in Prometheus' text format: requests per route pattern (never the raw URL, so
 * ids do not explode the label set), method and status, with a latency histogram; the
 * database pool's connections in use, idle and waiting; and the process metrics. Readable
 * with an admin credential, or with `Authorization: Bearer <METRICS_TOKEN>` when it is set.
 */
export function metricsRoutes(app: App, pool: pg.Pool, config: Pick<Config, "metricsToken">): void {
  const registry = new Registry();
  const labelNames = ["method", "route", "status_code"] as const;
  const requests = new Counter({ name: "http_requests_total", help: "HTTP requests answered", labelNames, registers: [registry] });
  const duration = new Histogram({
    name: "http_request_duration_seconds",
    help: "Time to answer an HTTP request, in seconds",
    labelNames,
    buckets: BUCKETS,
    registers: [registry],
  });
  new Gauge({
    name: "cohort_db_pool_connections",
    help: "Database connections of this instance's pool, by state (in_use, idle)",
    labelNames: ["state"],
    registers: [registry],
    collect() {
      this.set({ state: "in_use" }, pool.totalCount - pool.idleCount);
      this.set({ state: "idle" }, pool.idleCount);
    },
  });
  new Gauge({
    name: "cohort_db_pool_waiting",
    help: "Requests waiting for a database connection",
    registers: [registry],
    collect() {
      this.set(pool.waitingCount);
    },
  });
  const shared = processMetrics();

  app.addHook("onResponse", async (request, reply) => {
    const labels = { method: request.method, route: request.routeOptions.url ?? "unmatched", status_code: String(reply.statusCode) };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
  });

  app.get("/metrics", { schema: { hide: true } }, async (request, reply) => {
    const bearer = request.credentials().bearer;
    const allowed =
      (config.metricsToken !== undefined && bearer !== undefined && sameSecret(bearer, config.metricsToken)) ||
      (await request.authenticatedAdmin()) !== null;
    if (!allowed) return reply.status(401).header("www-authenticate", "Bearer").type("text/plain; charset=utf-8").send("Unauthorized");
    const text = (await shared.metrics()) + (await registry.metrics());
    return reply.type(registry.contentType).send(text);
  });
}
