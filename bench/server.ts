import { spawn, type ChildProcess } from "node:child_process";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CLI = path.join(ROOT, "packages/server/bin/cohort.js");
export const CLI_ENTRY = CLI;

let ticksPerSecond = 100;
try {
  ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
} catch {
  /* Linux's usual value */
}

/** User and system CPU time of a process, in ms, from /proc/<pid>/stat; null when it is gone. */
export function cpuTimes(pid: number): { user: number; system: number } | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may contain spaces and parentheses: fields start after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { user: (Number(fields[11]) * 1000) / ticksPerSecond, system: (Number(fields[12]) * 1000) / ticksPerSecond };
  } catch {
    return null;
  }
}

/** CPU time used on the whole machine (all cores, all processes), in ms, from /proc/stat. */
export function machineBusyMs(): number | null {
  try {
    const line = fs.readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!;
    // cpu user nice system idle iowait irq softirq steal guest guest_nice
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    return ((user! + nice! + system! + irq! + softirq! + steal!) * 1000) / ticksPerSecond;
  } catch {
    return null;
  }
}

/** CPU time (user + system) of a process, in ms; null when it is gone. */
export function cpuMs(pid: number): number | null {
  const t = cpuTimes(pid);
  return t && t.user + t.system;
}

function statusKb(pid: number, key: "VmHWM" | "VmRSS"): number | null {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, "utf8").match(new RegExp(`${key}:\\s+(\\d+) kB`));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** Peak resident memory since start (or since the last resetPeakRss), in MB. */
export const peakRssMb = (pid: number) => {
  const kb = statusKb(pid, "VmHWM");
  return kb === null ? null : kb / 1024;
};
export const rssMb = (pid: number) => {
  const kb = statusKb(pid, "VmRSS");
  return kb === null ? null : kb / 1024;
};

/** Resets VmHWM to the current RSS (Linux ≥ 4.0), so each scenario reports its own peak. */
export function resetPeakRss(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface ServerOptions {
  env: Record<string, string>;
  /** The script that takes `start --port --host` (default: packages/server/bin/cohort.js). */
  entry?: string;
  /** Extra node flags for the server, e.g. --cpu-prof. */
  nodeArgs?: string[];
  /** Where to copy the server's output (kept for the error message when it dies). */
  logFile?: string;
}

export interface ServerProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  /** The last lines the server printed. */
  output(): string;
  stop(): Promise<number | null>;
}

/**
 * Starts Cohort as `cohort start` in a child process, the way it runs in production, and
 * waits until /health answers. A child of its own lets the bench read the server's CPU time
 * and peak memory from /proc without counting the load generator's.
 */
/**
 * The node flags in an entry's `#!/usr/bin/env -S node …` line: the server runs with them, as
 * it does when npm start or npx executes bin/cohort.js (--node-args come after and win).
 */
export function shebangFlags(entry: string): string[] {
  const first = fs.readFileSync(entry, "utf8").split("\n", 1)[0]!;
  const m = first.match(/^#!\S*env\s+-S\s+node\s+(.*)$/);
  return m ? m[1]!.trim().split(/\s+/) : [];
}

export async function startServer(options: ServerOptions): Promise<ServerProcess> {
  const port = await freePort();
  const entry = options.entry ?? CLI;
  const child = spawn(process.execPath, [...shebangFlags(entry), ...(options.nodeArgs ?? []), entry, "start", "--port", String(port), "--host", "127.0.0.1"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let tail = "";
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString("utf8")).slice(-8_000);
    if (options.logFile) fs.appendFileSync(options.logFile, chunk);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  let exited: number | null | undefined;
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve((exited = code))));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited !== undefined) throw new Error(`The server exited with code ${exited} before it listened:\n${tail}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`The server did not answer /health within 120 s:\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    url,
    pid: child.pid!,
    child,
    output: () => tail,
    async stop() {
      if (exited !== undefined) return exited;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      const code = await exit;
      clearTimeout(timer);
      return code;
    },
  };
}
