import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import net from "node:net";
import { afterAll, describe, expect, it } from "vitest";

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../bin/cohort.js");
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "cohort-cli-"));
// Always the embedded database here: these tests are about the process, its folder and its lock.
const env = {
  ...process.env,
  DATABASE_URL: "",
  NODE_ENV: "development",
  COHORT_DATA_DIR: path.join(workDir, "nested", "data"),
  PASSWORD_SCRYPT_LOG_N: "4",
  JWT_SECRET: "cli-test",
  COOKIE_SECRET: "cli-test",
  LOG_LEVEL: "info",
};

afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

function run(args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...env, ...extraEnv }, cwd: workDir });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

async function start(): Promise<{ child: ChildProcess; url: string; output: () => string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [BIN, "start", "--port", "0"], { env, cwd: workDir });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 45_000);
    const onData = (d: Buffer) => {
      output += d;
      const m = output.match(/Server listening at (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("close", () => reject(new Error(`server exited: ${output}`)));
  });
  return { child, url, output: () => output, exited };
}

// Each test spawns processes that boot tsx and PGlite: slow on a busy 2-core machine.
describe("cohort CLI", { timeout: 240_000 }, () => {
  it("creates an admin user, and refuses a duplicate email and a bad one with clear messages", async () => {
    const ok = await run(["user", "-e", "Admin@Example.com", "-p", "supersecret", "--api-token", "cli-token"]);
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^Created user admin@example\.com \(usr_[0-9A-Z]{26}, role admin\) with an API token\.$/m);

    const dup = await run(["user", "-e", "admin@example.com", "-p", "x"]);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain("A user with the same email already exists.");

    const bad = await run(["user", "-e", "not-an-email", "-p", "x"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("email must be an email");

    const missing = await run(["user", "-e", "x@example.com"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("cohort user needs -p <password>");
  });

  it("prints the usage and exits 2 on an unknown option, not a stack trace", async () => {
    for (const args of [["user", "-e", "a@b.co", "-p", "x", "--frobnicate"], ["start", "--nope"], ["migrate", "extra"], ["seed", "--force=yes"]]) {
      const res = await run(args);
      expect(res.code, args.join(" ")).toBe(2);
      expect(res.stderr).toContain("Usage: cohort <command>");
      expect(res.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("reports an unreachable database and an unknown command with non-zero exits", async () => {
    const down = await run(["migrate"], { DATABASE_URL: "postgres://postgres@127.0.0.1:1/nope" });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain("Cannot connect to the database");
    const unknown = await run(["frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "frobnicate"');
  });

  it("starts, serves /health and the admin API, takes the CLI's user and migrate commands over its control socket, and stops cleanly on SIGTERM", async () => {
    const server = await start();
    try {
      const health = await fetch(`${server.url}/health`);
      expect(health.status).toBe(200);
      expect(await health.text()).toBe("OK");
      const me = await fetch(`${server.url}/admin/auth`, { headers: { "x-medusa-access-token": "cli-token" } });
      expect(me.status).toBe(200);
      expect((await me.json()).user.email).toBe("admin@example.com");

      // The folder is the server's: the CLI hands the command to it over the control socket,
      // which only the folder's owner can reach.
      const dataDir = env.COHORT_DATA_DIR;
      expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);
      expect(fs.statSync(path.join(dataDir, "cohort.sock")).mode & 0o777).toBe(0o600);
      const second = await run(["user", "-e", "other@example.com", "-p", "x", "--api-token", "other-token"]);
      expect(second.stderr).toBe("");
      expect(second.code).toBe(0);
      expect(second.stdout).toMatch(/^Created user other@example\.com \(usr_\w+, role admin\) with an API token\.$/m);
      const other = await fetch(`${server.url}/admin/auth`, { headers: { "x-medusa-access-token": "other-token" } });
      expect(other.status).toBe(200);
      const dup = await run(["user", "-e", "other@example.com", "-p", "x"]);
      expect(dup.code).toBe(1);
      expect(dup.stderr).toContain("A user with the same email already exists.");
      expect((await run(["migrate"])).stdout).toContain("The database is up to date.");
      expect(server.output()).toContain('"command":"user"');
    } finally {
      server.child.kill("SIGTERM");
    }
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain("shutting down");
    expect(fs.existsSync(`${env.COHORT_DATA_DIR}.lock`)).toBe(false);

    // The data survived the stop, and the folder is usable again.
    const after = await run(["user", "-e", "third@example.com", "-p", "x"]);
    expect(after.code).toBe(0);
    const again = await start();
    try {
      const login = await fetch(`${again.url}/admin/auth/token`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "admin@example.com", password: "supersecret" }),
      });
      expect(login.status).toBe(200);
    } finally {
      again.child.kill("SIGINT");
    }
    expect(await again.exited).toBe(0);
  });

  it("answers on its control socket only the CLI's database commands", async () => {
    const server = await start();
    try {
      const ask = (line: string) =>
        new Promise<string>((resolve, reject) => {
          const socket = net.connect(path.join(env.COHORT_DATA_DIR, "cohort.sock"));
          let data = "";
          socket.on("connect", () => socket.write(line));
          socket.on("data", (d) => (data += d));
          socket.on("end", () => resolve(data));
          socket.on("error", reject);
        });
      for (const request of ['{"name":"start"}\n', '{"name":"user","email":"x@example.com","password":"x","role":"admin","sql":"DROP TABLE x"}\n', "not json\n", '["user"]\n']) {
        const reply = JSON.parse(await ask(request));
        expect(reply.ok, request).toBe(false);
        expect(reply.exitCode).toBe(2);
      }
    } finally {
      server.child.kill("SIGTERM");
    }
    expect(await server.exited).toBe(0);
  });

  it("loads the demo store through the running server, once", async () => {
    const server = await start();
    try {
      const seeded = await run(["seed"]);
      expect(seeded.stderr).toBe("");
      expect(seeded.code).toBe(0);
      expect(seeded.stdout).toContain("Loaded the demo store:");
      expect(seeded.stdout).toContain(`curl -b shopper-cookies '${server.url}/store/products/prod_`);
      const again = await run(["seed"]);
      expect(again.stdout).toMatch(/^The demo store already exists/);
    } finally {
      server.child.kill("SIGTERM");
    }
    expect(await server.exited).toBe(0);
  });

  it("lets in-flight requests finish when it is stopped", async () => {
    await run(["user", "-e", "inflight@example.com", "-p", "x", "--api-token", "inflight-token"]);
    const server = await start();
    const get = () =>
      fetch(`${server.url}/admin/users`, { headers: { "x-medusa-access-token": "inflight-token" } }).then(async (r) => {
        await r.text();
        return r.status;
      });
    expect(await get()).toBe(200);
    const inflight = Array.from({ length: 20 }, get);
    server.child.kill("SIGTERM");
    const statuses = await Promise.all(inflight.map((p) => p.catch(() => "refused")));
    // Requests already being served complete; ones that arrive during shutdown get a clean
    // 503 (a load balancer retries them elsewhere); none fails half-way.
    expect(statuses.filter((s) => s !== 200 && s !== 503 && s !== "refused")).toEqual([]);
    expect(await server.exited).toBe(0);
  });
});
