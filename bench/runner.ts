/**
 * Running one scenario against one listening server: the answer is checked before and after
 * the load, the load is measured (runLoad). Shared by `npm run bench` (run.ts) and the side-by-side
 * run against a Medusa v1 peer (side-by-side.ts), so both systems go through the same code.
 */
import { signJwt } from "../packages/server/src/shared/jwt.js";
import { ADMIN_EMAIL, BENCH_PASSWORD, SHOPPER_EMAIL, type DatasetInfo, type Scale } from "./dataset.js";
import { DbCpuMeter, runLoad, type LoadRequest } from "./load.js";
import type { BatchRun, ScenarioResult } from "./report.js";
import type { BenchContext } from "./scenarios.js";
import { cpuMs, peakRssMb, resetPeakRss } from "./server.js";

const log = (msg: string) => process.stdout.write(`${msg}\n`);

export interface Probe {
  status: number;
  body: unknown;
  /** Cohort's not-found handler: a route nobody has registered yet (not a domain 404). */
  missingRoute: boolean;
  headers: Headers;
}

export async function send(url: string, request: LoadRequest): Promise<Probe> {
  const res = await fetch(url + request.path, {
    method: request.method ?? "GET",
    headers: { ...(request.body !== undefined ? { "content-type": "application/json" } : {}), ...request.headers },
    body: request.body,
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* plain text */
  }
  const message = (body as { message?: unknown })?.message;
  const missingRoute = res.status === 404 && typeof message === "string" && message.startsWith("Route ");
  return { status: res.status, body, missingRoute, headers: res.headers };
}

export const describeStatus = (p: Probe) => `HTTP ${p.status}: ${typeof p.body === "string" ? p.body.slice(0, 200) : JSON.stringify(p.body).slice(0, 300)}`;

/**
 * Logs in through the API (POST /admin/auth or /store/auth, as a browser does) and returns
 * the session cookie to send back (`name=value`), or throws with the server's answer.
 */
export async function loginCookie(url: string, path: "/admin/auth" | "/store/auth", email: string, password: string): Promise<string> {
  const p = await send(url, { method: "POST", path, body: JSON.stringify({ email, password }) });
  const cookie = p.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .filter((c) => !c.endsWith("="))
    .join("; ");
  if (p.status !== 200 || !cookie) throw new Error(`login of ${email} at ${url}${path} failed: ${describeStatus(p)}`);
  return cookie;
}

/**
 * The credentials of the loaded data set against a Cohort server at `url`: the admin's API
 * token, a store JWT of the shopper signed with the server's secret, and both logged in through
 * the API (the cookie scenarios), as the console and a storefront do.
 */
export async function cohortContext(url: string, scale: Scale, info: DatasetInfo, jwtSecret: string): Promise<BenchContext> {
  return {
    url,
    scale,
    info,
    adminHeaders: { "x-medusa-access-token": info.adminToken },
    shopperHeaders: { authorization: `Bearer ${signJwt({ customer_id: info.shopperId, domain: "store" }, jwtSecret, 24 * 3600)}` },
    adminCookieHeaders: { cookie: await loginCookie(url, "/admin/auth", ADMIN_EMAIL, BENCH_PASSWORD) },
    shopperCookieHeaders: { cookie: await loginCookie(url, "/store/auth", SHOPPER_EMAIL, BENCH_PASSWORD) },
  };
}

/** What the runner needs of a scenario: its request and the check of one answer. */
export interface RunnableScenario<C> {
  id: string;
  title: string;
  request(ctx: C): LoadRequest;
  check(body: unknown, ctx: C): string | null;
  extraChecks?: (ctx: C) => { name: string; request: LoadRequest; check(body: unknown, ctx: C): string | null }[];
}

export interface LoadSettings {
  connections: number;
  durationS: number;
  warmupS: number;
}

/** The server under load: its URL, the pid whose CPU and RSS are measured, its database backends. */
export interface Measured {
  url: string;
  pid: number;
  dbCpu?: DbCpuMeter;
}

export async function runLoadScenario<C>(scenario: RunnableScenario<C>, ctx: C, settings: LoadSettings, target: Measured): Promise<ScenarioResult> {
  const base = { id: scenario.id, title: scenario.title };
  const url = target.url;
  const request = scenario.request(ctx);
  const probe = await send(url, request);
  if (probe.missingRoute) return { ...base, status: "skipped", message: `${request.method ?? "GET"} ${request.path.split("?")[0]} does not exist yet` };
  if (probe.status < 200 || probe.status >= 300) return { ...base, status: "failed", message: describeStatus(probe) };
  const wrong = scenario.check(probe.body, ctx);
  if (wrong) return { ...base, status: "failed", message: `wrong answer: ${wrong}` };
  for (const extra of scenario.extraChecks?.(ctx) ?? []) {
    const p = await send(url, extra.request);
    const err = p.status >= 200 && p.status < 300 ? extra.check(p.body, ctx) : describeStatus(p);
    if (err) return { ...base, status: "failed", message: `${extra.name}: ${err}` };
  }

  const load = await runLoad({ url, request, ...settings, serverPid: target.pid, dbCpu: target.dbCpu });
  // Still right after the load (nothing cached a wrong answer, nothing broke).
  const after = await send(url, request);
  const wrongAfter = after.status >= 200 && after.status < 300 ? scenario.check(after.body, ctx) : describeStatus(after);
  if (load.non2xx > 0 || load.errors > 0 || load.timeouts > 0) {
    return { ...base, status: "failed", load, message: `${load.non2xx} non-2xx responses (${JSON.stringify(load.statusCodes)}), ${load.errors} errors, ${load.timeouts} timeouts` };
  }
  if (load.requests === 0) return { ...base, status: "failed", load, message: "no response at all" };
  if (wrongAfter) return { ...base, status: "failed", load, message: `wrong answer after the load: ${wrongAfter}` };
  return { ...base, status: "ok", load };
}

export interface BatchSetup {
  url: string;
  pid: number;
  adminHeaders: Record<string, string>;
  /** The empty group the ids go into. */
  groupId: string;
  /** Sizes to add and remove, each with its ids. */
  sizes: { ids: string[] }[];
  reps: number;
  /** Ids per call: all in one call (Cohort), or in calls of this many (Medusa v1's body limit). */
  perCall?: number;
}

/** (d): calls add the ids to the empty group, calls remove them; timed, member count checked after each. */
export async function runBatchScenario(setup: BatchSetup): Promise<ScenarioResult> {
  const base = { id: "d", title: "POST and DELETE /admin/customer-groups/:id/customers/batch, one call" };
  const { url, adminHeaders } = setup;
  const batchPath = `/admin/customer-groups/${setup.groupId}/customers/batch`;
  const membersPath = `/admin/customer-groups/${setup.groupId}/customers?limit=1`;
  const probe = await send(url, { method: "POST", path: batchPath, headers: adminHeaders, body: JSON.stringify({ customer_ids: [] }) });
  if (probe.missingRoute) return { ...base, status: "skipped", message: `POST ${batchPath.replace(setup.groupId, ":id")} does not exist yet` };
  // Medusa v1 refuses an empty list (400); Cohort accepts it.
  if (probe.status !== 200 && probe.status !== 400) return { ...base, status: "failed", message: describeStatus(probe) };
  const canCount = !(await send(url, { path: membersPath, headers: adminHeaders })).missingRoute;
  const memberCount = async () => {
    const p = await send(url, { path: membersPath, headers: adminHeaders });
    return p.status === 200 ? (p.body as { count?: unknown }).count : describeStatus(p);
  };

  const runs: BatchRun[] = [];
  for (const { ids } of setup.sizes) {
    const per = setup.perCall ?? ids.length;
    const bodies: string[] = [];
    for (let k = 0; k < ids.length; k += per) bodies.push(JSON.stringify({ customer_ids: ids.slice(k, k + per).map((id) => ({ id })) }));
    const run: BatchRun = { size: ids.length, addMs: [], removeMs: [], cpuMsPerCall: null, peakRssMb: null, callsPerOperation: bodies.length };
    resetPeakRss(setup.pid);
    const cpuBefore = cpuMs(setup.pid);
    for (let rep = 0; rep < setup.reps; rep++) {
      for (const method of ["POST", "DELETE"] as const) {
        const t = performance.now();
        for (const body of bodies) {
          const p = await send(url, { method, path: batchPath, headers: adminHeaders, body });
          if (p.status !== 200) return { ...base, status: "failed", batch: runs, message: `${method} of ${ids.length} ids: ${describeStatus(p)}` };
        }
        const elapsed = performance.now() - t;
        (method === "POST" ? run.addMs : run.removeMs).push(elapsed);
        if (canCount) {
          const count = await memberCount();
          const expected = method === "POST" ? ids.length : 0;
          if (count !== expected) return { ...base, status: "failed", batch: runs, message: `after ${method} of ${ids.length} ids the group has ${String(count)} members, expected ${expected}` };
        }
      }
    }
    const cpuAfter = cpuMs(setup.pid);
    run.cpuMsPerCall = cpuBefore !== null && cpuAfter !== null ? (cpuAfter - cpuBefore) / (2 * setup.reps * bodies.length) : null;
    run.peakRssMb = peakRssMb(setup.pid);
    runs.push(run);
    log(`    ${ids.length} ids${bodies.length > 1 ? ` in ${bodies.length} calls` : ""}: add ${run.addMs.map((x) => Math.round(x)).join(", ")} ms; remove ${run.removeMs.map((x) => Math.round(x)).join(", ")} ms`);
  }
  return { ...base, status: "ok", batch: runs, message: canCount ? undefined : "member counts not checked (members route missing)" };
}
