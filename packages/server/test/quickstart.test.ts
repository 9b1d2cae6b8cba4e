import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { usingPostgres } from "./harness.js";

// README.md's quick start, followed literally by a newcomer: a fresh copy of the repository
// (the files git knows, as a clone has them), no COHORT_DATA_DIR, `npm ci && npm start`, the
// user line from the repository root in a second shell WHILE the server runs, then the three
// credential checks. Only the port differs (9000 may be taken here). Runs once, on the PGlite
// pass (it is about the embedded database and the install).

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "cohort-quickstart-"));
const repo = path.join(work, "cohort");
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** The ```sh blocks of the README's "Quick start" section. */
function quickStartBlocks(): string[] {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Quick start"), readme.indexOf("\n## ", readme.indexOf("## Quick start") + 1));
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

function copyRepository(): void {
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" }).split("\0").filter(Boolean);
  for (const file of files) {
    const from = path.join(ROOT, file);
    if (!fs.existsSync(from)) continue; // deleted in the working tree
    fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
    fs.copyFileSync(from, path.join(repo, file));
    fs.chmodSync(path.join(repo, file), fs.statSync(from).mode);
  }
}

/** A newcomer's shell: no npm variables or Cohort settings from the test runner. */
function shellEnv(port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(npm_|INIT_CWD$|COHORT_|DATABASE_URL$|PORT$|NODE_ENV$|VITEST|LOG_LEVEL$)/i.test(k)) env[k] = v;
  return { ...env, PORT: String(port) };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function sh(script: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn("sh", ["-c", script], { cwd: repo, env });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", (code) => resolve({ code, out }));
  });
}

describe.skipIf(usingPostgres)("the README's quick start, on a fresh copy", { timeout: 600_000 }, () => {
  it("starts with `npm ci && npm start`, takes the user line while running, and all three credentials work", async () => {
    const [start, user, credentials] = quickStartBlocks();
    const startLine = start!.split("\n").find((l) => l.startsWith("npm ci"))!.replace(/#.*$/, "").trim();
    expect(startLine).toBe("npm ci && npm start");
    expect(user!.trim()).toBe("npx cohort user -e admin@example.com -p supersecret --api-token my-token");

    copyRepository();
    const port = await freePort();
    const env = shellEnv(port);
    // Its own process group, so the test can send what a terminal's Ctrl-C sends.
    const server = spawn("sh", ["-c", startLine], { cwd: repo, env, detached: true });
    let log = "";
    server.stdout.on("data", (d) => (log += d));
    server.stderr.on("data", (d) => (log += d));
    const exited = new Promise<number | string | null>((resolve) => server.on("close", (code, signal) => resolve(code ?? signal)));
    try {
      for (const end = Date.now() + 480_000; !log.includes("Server listening at"); ) {
        if (server.exitCode !== null || Date.now() > end) throw new Error(`npm ci && npm start did not start the server:\n${log}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(log).not.toContain("EBADENGINE");
      expect(log).toContain(`database: embedded PostgreSQL (PGlite) in ${path.join(repo, ".cohort/data")}`);
      expect(log).toContain("No admin user exists yet");

      const created = await sh(user!, env);
      expect(created.out).toMatch(/Created user admin@example\.com \(usr_\w+, role admin\) with an API token\./);
      expect(created.code).toBe(0);

      const checks = await sh(credentials!.replaceAll("127.0.0.1:9000", `127.0.0.1:${port}`), env);
      expect(checks.code).toBe(0);
      expect(checks.out).not.toContain("Unauthorized");
      // /admin/auth with the token, with the JWT, the cookie login's own answer, /admin/auth with the cookie.
      expect(checks.out.match(/\{"user":\{"id":"usr_\w+","email":"admin@example\.com"/g)).toHaveLength(4);

      // One data folder: where the commands ran, not inside packages/server.
      expect(fs.existsSync(path.join(repo, ".cohort/data"))).toBe(true);
      expect(fs.existsSync(path.join(repo, "packages/server/.cohort"))).toBe(false);
    } finally {
      process.kill(-server.pid!, "SIGINT");
    }
    // Ctrl-C: the shell dies of it or reports it (130); the server shut down cleanly and let go of the folder.
    expect([0, 130, "SIGINT"]).toContain(await exited);
    expect(log).toContain('"reason":"SIGINT","msg":"shutting down"');
    const serverPid = Number(log.match(/"pid":(\d+)/)![1]);
    expect(() => process.kill(serverPid, 0)).toThrow();
    expect(fs.existsSync(path.join(repo, ".cohort/data.lock"))).toBe(false);
  });
});
