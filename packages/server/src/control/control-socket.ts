import { createHash } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/**
 * The local control socket of a server on the embedded database. PGlite may be opened by one
 * process only, so `cohort user` and `cohort seed` hand their command to the running server
 * instead of opening the folder a second time. Access is the data folder's: the socket sits in
 * it, the folder is 0700 and the socket 0600, so only the folder's owner (and root) can connect.
 * One JSON request line in, one JSON reply line out.
 */

export interface ControlReply {
  ok: boolean;
  /** What the CLI prints: the command's output, or the error message. */
  output: string;
  exitCode: number;
}

/** Unix socket paths are limited to ~107 bytes; longer data-folder paths use a private tmp folder. */
const MAX_SOCKET_PATH = 100;
const MAX_REQUEST_BYTES = 64 * 1024;

export function controlSocketPath(dataDir: string): string {
  const inside = path.join(dataDir, "cohort.sock");
  if (Buffer.byteLength(inside) <= MAX_SOCKET_PATH) return inside;
  const digest = createHash("sha256").update(path.resolve(dataDir)).digest("hex").slice(0, 16);
  return path.join(os.tmpdir(), `cohort-${digest}`, "cohort.sock");
}

/** Makes `dir` owner-only, refusing one that is a symlink or belongs to someone else. */
function privateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = fs.lstatSync(dir);
  if (!stat.isDirectory() || (typeof process.getuid === "function" && stat.uid !== process.getuid())) {
    throw new Error(`${dir} is not a folder owned by this user; refusing to put the control socket there`);
  }
  fs.chmodSync(dir, 0o700);
}

export interface ControlServer {
  readonly path: string;
  close(): Promise<void>;
}

export async function listenControl(socketPath: string, handle: (request: unknown) => Promise<ControlReply>): Promise<ControlServer> {
  privateDir(path.dirname(socketPath));
  // Only the holder of the data folder's lock gets here, so a socket file left behind is stale.
  fs.rmSync(socketPath, { force: true });
  const server = net.createServer((socket) => {
    let buffered = "";
    let answered = false;
    const reply = (r: ControlReply) => {
      if (answered) return;
      answered = true;
      socket.end(`${JSON.stringify(r)}\n`);
    };
    socket.setEncoding("utf8");
    socket.setTimeout(30_000, () => socket.destroy());
    socket.on("error", () => {});
    socket.on("data", (chunk: string) => {
      if (answered) return;
      buffered += chunk;
      if (buffered.length > MAX_REQUEST_BYTES) return reply({ ok: false, output: "request too large", exitCode: 2 });
      const newline = buffered.indexOf("\n");
      if (newline < 0) return;
      socket.setTimeout(0);
      let request: unknown;
      try {
        request = JSON.parse(buffered.slice(0, newline));
      } catch {
        return reply({ ok: false, output: "malformed request", exitCode: 2 });
      }
      handle(request).then(reply, (err: Error) => reply({ ok: false, output: err.message, exitCode: 1 }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, () => {
      server.off("error", reject);
      resolve();
    });
  });
  fs.chmodSync(socketPath, 0o600);
  return {
    path: socketPath,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          fs.rmSync(socketPath, { force: true });
          resolve();
        });
      }),
  };
}

/** Sends one request; rejects with the socket's error (ENOENT, ECONNREFUSED) when nobody listens. */
export function sendControl(socketPath: string, request: unknown, timeoutMs = 600_000): Promise<ControlReply> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(socketPath);
    let data = "";
    socket.setEncoding("utf8");
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error("the server did not answer in time")));
    socket.on("connect", () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on("data", (chunk: string) => (data += chunk));
    socket.on("error", reject);
    socket.on("end", () => {
      try {
        resolve(JSON.parse(data) as ControlReply);
      } catch {
        reject(new Error("the server closed the control connection without an answer"));
      }
    });
  });
}
