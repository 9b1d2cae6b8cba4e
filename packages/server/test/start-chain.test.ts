import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

// Whatever started Cohort — npm start (npm → node), npx cohort start (npm → sh → node) or node
// itself — a SIGTERM or SIGINT to that top process stops the server: nothing keeps serving
// or holding the PGlite lock. The real commands run here, as a user or a process manager would.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "cohort-chain-"));
const dataDir = path.join(workDir, "data");
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

/** The environment of a fresh shell: no npm variables inherited from the test runner's npm. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_|^INIT_CWD$/i.test(k)) env[k] = v;
  return { ...env, DATABASE_URL: "", NODE_ENV: "development", COHORT_DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "info", JWT_SECRET: "s", COOKIE_SECRET: "s", ...extra };
}

interface Started {
  child: ChildProcess;
  output: () => string;
  url: string;
  serverPid: number;
  exited: Promise<number | null>;
}

function launch(command: string, args: string[], env = cleanEnv()): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code, signal) => resolve(code ?? (signal ? -1 : null))));
  return { child, output: () => output, exited };
}

async function start(command: string, args: string[]): Promise<Started> {
  const run = launch(command, args);
  const deadline = Date.now() + 90_000;
  for (;;) {
    const m = run.output().match(/"pid":(\d+)[^\n]*Server listening at (http:\/\/127\.0\.0\.1:\d+)/);
    if (m) return { child: run.child, output: run.output, url: m[2]!, serverPid: Number(m[1]), exited: run.exited };
    if (run.child.exitCode !== null || Date.now() > deadline) throw new Error(`did not start:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function gone(pid: number, ms = 15_000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !alive(pid);
}

describe("stopping Cohort through its start chain", { timeout: 180_000 }, () => {
  it.each([
    ["npm start", "SIGTERM", "npm", ["start"]],
    ["npm start", "SIGINT", "npm", ["start"]],
    ["npx cohort start", "SIGTERM", "npx", ["cohort", "start"]],
    ["node bin/cohort.js start", "SIGTERM", process.execPath, ["packages/server/bin/cohort.js", "start"]],
  ] as const)("%s: a %s to the top process stops the server and releases the data folder", async (_name, signal, command, args) => {
    const s = await start(command, [...args]);
    expect((await fetch(`${s.url}/health`)).status).toBe(200);
    // No user in this folder: the log says how to make the first admin.
    expect(s.output()).toContain("No admin user exists yet");
    expect(s.output()).toContain("npx cohort user -e admin@example.com -p <password>");
    expect(s.output()).toContain(`database: embedded PostgreSQL (PGlite) in ${dataDir}`);
    expect(fs.existsSync(`${dataDir}.lock`)).toBe(true);
    s.child.kill(signal);
    await s.exited;
    expect(await gone(s.serverPid)).toBe(true);
    await expect(fetch(`${s.url}/health`)).rejects.toThrow();
    expect(fs.existsSync(`${dataDir}.lock`)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, "cohort.sock"))).toBe(false);
  });

  it("a Ctrl-C during start-up (before migrations ran) leaves no lock and never listens", async () => {
    const fresh = path.join(workDir, "early");
    const run = launch(process.execPath, ["packages/server/bin/cohort.js", "start"], cleanEnv({ COHORT_DATA_DIR: fresh }));
    // The lock is the first thing start-up takes; PGlite's first open of a folder takes seconds.
    for (const end = Date.now() + 30_000; !fs.existsSync(`${fresh}.lock`) && Date.now() < end; ) await new Promise((r) => setTimeout(r, 5));
    expect(fs.existsSync(`${fresh}.lock`)).toBe(true);
    run.child.kill("SIGINT");
    expect(await run.exited).toBe(0);
    expect(run.output()).not.toContain("Server listening");
    expect(fs.existsSync(`${fresh}.lock`)).toBe(false);
  });
});
