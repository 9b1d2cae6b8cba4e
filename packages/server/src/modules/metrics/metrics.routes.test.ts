import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app.js";
import type { App } from "../../http/types.js";
import { createTestApp, type TestApp } from "../../../test/harness.js";

let t: TestApp;
let withToken: App;
beforeAll(async () => {
  t = await createTestApp();
  withToken = await buildApp({ config: { ...t.config, metricsToken: "scrape-secret" }, db: t.db });
  await withToken.ready();
});
afterAll(async () => {
  await withToken.close();
  await t.close();
});

/** The value of one sample line, e.g. `http_requests_total{method="GET",…} 3`. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (want.every((w) => line.includes(w))) return Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return undefined;
}

describe("GET /metrics", () => {
  it("refuses a request without credentials, and a wrong bearer", async () => {
    const none = await t.app.inject({ method: "GET", url: "/metrics" });
    expect(none.statusCode).toBe(401);
    expect(none.headers["www-authenticate"]).toBe("Bearer");
    const wrong = await withToken.inject({ method: "GET", url: "/metrics", headers: { authorization: "Bearer nope" } });
    expect(wrong.statusCode).toBe(401);
    // Without METRICS_TOKEN configured, no bearer opens it.
    const noToken = await t.app.inject({ method: "GET", url: "/metrics", headers: { authorization: "Bearer scrape-secret" } });
    expect(noToken.statusCode).toBe(401);
  });

  it("serves Prometheus text to an admin: requests per route pattern and status, latency, pool, event loop, memory", async () => {
    const group = await t.app.inject({ method: "POST", url: "/admin/customer-groups", headers: t.admin.headers, payload: { name: "Metrics" } });
    const id = group.json().customer_group.id;
    for (let i = 0; i < 3; i++) await t.app.inject({ method: "GET", url: `/admin/customer-groups/${id}`, headers: t.admin.headers });
    await t.app.inject({ method: "GET", url: "/admin/customer-groups/cgrp_missing", headers: t.admin.headers });
    await t.app.inject({ method: "GET", url: "/no/such/route" });

    const res = await t.app.inject({ method: "GET", url: "/metrics", headers: t.admin.headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    const route = "/admin/customer-groups/:id";
    expect(sample(text, "http_requests_total", { method: "GET", route, status_code: "200" })).toBe(3);
    expect(sample(text, "http_requests_total", { method: "GET", route, status_code: "404" })).toBe(1);
    expect(sample(text, "http_request_duration_seconds_count", { method: "GET", route, status_code: "200" })).toBe(3);
    expect(sample(text, "http_request_duration_seconds_bucket", { route, status_code: "200", le: "+Inf" })).toBe(3);
    expect(sample(text, "http_requests_total", { route: "unmatched", status_code: "404" })).toBe(1);
    // The raw URL (with the id) never becomes a label.
    expect(text).not.toContain(id);
    expect(text).not.toContain("/no/such/route");
    expect(sample(text, "cohort_db_pool_connections", { state: "in_use" })).toBeGreaterThanOrEqual(0);
    expect(sample(text, "cohort_db_pool_connections", { state: "idle" })).toBeGreaterThanOrEqual(0);
    expect(sample(text, "cohort_db_pool_waiting", {})).toBe(0);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    expect(sample(text, "process_resident_memory_bytes", {})).toBeGreaterThan(10_000_000);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d/m);
  });

  it("accepts the METRICS_TOKEN bearer, and still an admin credential", async () => {
    const res = await withToken.inject({ method: "GET", url: "/metrics", headers: { authorization: "Bearer scrape-secret" } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("# TYPE http_requests_total counter");
    const admin = await withToken.inject({ method: "GET", url: "/metrics", headers: t.admin.headers });
    expect(admin.statusCode).toBe(200);
  });
});
