import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as medusaJs from "@medusajs/medusa-js";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { usingPostgres } from "../harness.js";
import { runSnippet, snippets } from "./guide-snippets.js";

// Three real Cohort processes on one PostgreSQL behind HAProxy (round-robin), driven with the
// official client through the balancer: the guide's snippets, with a session cookie made on
// one instance and used on the others. HAProxy names the instance that answered in a response
// header, so the test sees that consecutive calls went to different processes.

type MedusaClass = typeof medusaJs.default.default;
const loaded = medusaJs.default as unknown as MedusaClass | { default: MedusaClass };
const Medusa: MedusaClass = "default" in loaded ? loaded.default : loaded;

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../bin/cohort.js");
const BACKEND_HEADER = "x-cohort-backend";
const work = fs.mkdtempSync(path.join(os.tmpdir(), "cohort-ha-"));

function haproxyBinary(): string | undefined {
  for (const candidate of ["/usr/sbin/haproxy", "/usr/bin/haproxy", "/usr/local/sbin/haproxy"]) if (fs.existsSync(candidate)) return candidate;
  try {
    return execFileSync("sh", ["-c", "command -v haproxy"], { encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, child: ChildProcess, output: () => string): Promise<void> {
  for (const end = Date.now() + 90_000; ; ) {
    if (child.exitCode !== null) throw new Error(`exited:\n${output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > end) throw new Error(`no answer from ${url}:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function launch(command: string, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

describe.skipIf(!usingPostgres)("three instances behind HAProxy", { timeout: 240_000 }, () => {
  const database = `cohort_ha_${randomBytes(4).toString("hex")}`;
  const adminUrl = process.env.DATABASE_URL!;
  let databaseUrl: string;
  const instances: Array<ReturnType<typeof launch>> = [];
  let haproxy: ReturnType<typeof launch> | undefined;
  let baseUrl: string;

  beforeAll(async () => {
    const bin = haproxyBinary();
    if (!bin) throw new Error("haproxy is not installed (apt-get install -y haproxy; .ci/run installs it)");
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${database}`;
    databaseUrl = url.toString();

    const ports = await Promise.all([0, 1, 2].map(() => freePort()));
    const env = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      NODE_ENV: "development",
      JWT_SECRET: "ha-shared-jwt-secret",
      COOKIE_SECRET: "ha-shared-cookie-secret",
      PASSWORD_SCRYPT_LOG_N: "4",
      PG_POOL_SIZE: "3",
      LOG_LEVEL: "warn",
      // All three start together on an empty database: migrations and the first admin happen once.
      COHORT_ADMIN_EMAIL: "admin@example.com",
      COHORT_ADMIN_PASSWORD: "supersecret",
    };
    for (const port of ports) instances.push(launch(process.execPath, [BIN, "start", "--port", String(port)], env));
    await Promise.all(instances.map((s, i) => waitFor(`http://127.0.0.1:${ports[i]}/health`, s.child, s.output)));

    const front = await freePort();
    const config = [
      "global",
      "  maxconn 256",
      "defaults",
      "  mode http",
      "  timeout connect 5s",
      "  timeout client 60s",
      "  timeout server 60s",
      "frontend cohort_front",
      `  bind 127.0.0.1:${front}`,
      "  default_backend cohort",
      "backend cohort",
      "  balance roundrobin",
      "  option httpchk GET /health",
      `  http-response set-header ${BACKEND_HEADER} %[srv_name]`,
      ...ports.map((p, i) => `  server cohort${i + 1} 127.0.0.1:${p} check inter 2s`),
      "",
    ].join("\n");
    const configPath = path.join(work, "haproxy.cfg");
    fs.writeFileSync(configPath, config);
    haproxy = launch(bin, ["-db", "-f", configPath], process.env);
    baseUrl = `http://127.0.0.1:${front}`;
    await waitFor(`${baseUrl}/health`, haproxy.child, haproxy.output);
  });

  afterAll(async () => {
    haproxy?.child.kill("SIGTERM");
    for (const s of instances) s.child.kill("SIGTERM");
    await Promise.all(instances.map((s) => s.exited));
    await haproxy?.exited;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("created one admin from COHORT_ADMIN_* although three instances started at once", async () => {
    const c = new pg.Client({ connectionString: databaseUrl });
    await c.connect();
    const { rows } = await c.query(`SELECT email, role FROM "user"`);
    const { rows: migrations } = await c.query(`SELECT version FROM cohort_migration ORDER BY version`);
    await c.end();
    expect(rows).toEqual([{ email: "admin@example.com", role: "admin" }]);
    expect(migrations.length).toBeGreaterThan(0);
  });

  it("runs the guide's snippets through the balancer with a session made on another instance", async () => {
    const anonymous = new Medusa({ baseUrl, maxRetries: 0 });
    const session = await anonymous.admin.auth.createSession({ email: "admin@example.com", password: "supersecret" });
    const loginBackend = session.response.headers[BACKEND_HEADER];
    const cookie = String(session.response.headers["set-cookie"]).split(";")[0]!;
    const medusa = new Medusa({ baseUrl, maxRetries: 0, customHeaders: { Cookie: cookie } });

    const code = snippets();
    const snippet = (call: string) => code.find((c) => c.includes(call))!;
    const backends: string[] = [loginBackend];
    const call = async (name: string, vars: Record<string, string> = {}) => {
      const { result, logged } = await runSnippet(snippet(name), medusa, vars);
      backends.push((result.response as { headers: Record<string, string> }).headers[BACKEND_HEADER]!);
      return { result, logged };
    };

    const created = await call("customerGroups.create(");
    const vipId = (created.result.customer_group as { id: string }).id;
    expect(created.logged).toEqual([vipId]);
    expect((await call("customerGroups.list(")).logged).toEqual([1]);
    expect((await call("customerGroups.retrieve(", { customerGroupId: vipId })).logged).toEqual([vipId]);
    const updated = await call("customerGroups.update(", { customerGroupId: vipId });
    expect(updated.result.customer_group).toMatchObject({ metadata: { is_seller: true } });
    expect((await call("customerGroups.delete(", { customerGroupId: vipId })).logged).toEqual([vipId]);

    const groupId = (await medusa.admin.customerGroups.create({ name: "Wholesale" })).customer_group.id;
    const customerId = (await medusa.admin.customers.create({ email: "buyer@example.com", first_name: "B", last_name: "B", password: "pw" })).customer.id;
    expect((await call("customerGroups.addCustomers(", { customerGroupId: groupId, customerId })).logged).toEqual([groupId]);
    const members = await call("customerGroups.listCustomers(", { customerGroupId: groupId });
    expect(members.logged).toEqual([1]);
    expect((await call("customerGroups.removeCustomers(", { customer_group_id: groupId, customer_id: customerId })).logged).toEqual([groupId]);

    // Every call was served, and round-robin spread them over the three processes: the call
    // after the login went to another instance than the login, and so on (the login and the
    // first five snippets are back-to-back requests; later ones have other calls between them).
    expect(backends.every((b) => /^cohort[123]$/.test(b))).toBe(true);
    expect(new Set(backends).size).toBe(3);
    for (let i = 1; i < 6; i++) expect(backends[i], backends.join(",")).not.toBe(backends[i - 1]);
  });

  it("shares the session across instances: a logout on one is seen by all", async () => {
    const anonymous = new Medusa({ baseUrl, maxRetries: 0 });
    const session = await anonymous.admin.auth.createSession({ email: "admin@example.com", password: "supersecret" });
    const cookie = String(session.response.headers["set-cookie"]).split(";")[0]!;
    const medusa = new Medusa({ baseUrl, maxRetries: 0, customHeaders: { Cookie: cookie } });
    const seen = new Set<string>();
    for (let i = 0; i < 3; i++) seen.add((await medusa.admin.auth.getSession()).response.headers[BACKEND_HEADER]);
    expect(seen.size).toBe(3);
    await medusa.admin.auth.deleteSession();
    for (let i = 0; i < 3; i++) {
      const res = await medusa.admin.auth.getSession().catch((e: { response: { status: number } }) => e.response);
      expect(res.status).toBe(401);
    }
  });
});
