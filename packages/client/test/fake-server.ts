import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Recorded {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  /** The raw body text; "" when none was sent. */
  body: string;
  /** Whether the request carried a body at all (Content-Length or chunked). */
  hasBody: boolean;
}

/** What to do with one request: answer it, or drop the connection without a word. */
export type Reply = { status: number; body?: unknown; headers?: Record<string, string | string[]> } | "drop";

/**
 * A tiny HTTP server on 127.0.0.1 that records every request and answers from a queue
 * (then with the fallback), for tests of the client's own behaviour.
 */
export async function fakeServer(fallback: Reply = { status: 200, body: {} }) {
  const requests: Recorded[] = [];
  const queue: Reply[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const hasBody = req.headers["content-length"] !== undefined || req.headers["transfer-encoding"] !== undefined;
      requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body, hasBody });
      const reply = queue.shift() ?? fallback;
      if (reply === "drop") {
        req.socket.destroy();
        return;
      }
      const text = reply.body === undefined ? "" : typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
      const type = typeof reply.body === "string" ? "text/plain; charset=utf-8" : "application/json; charset=utf-8";
      res.writeHead(reply.status, { "content-type": type, ...reply.headers });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    /** Queues replies for the next requests, in order. */
    reply(...replies: Reply[]) {
      queue.push(...replies);
    },
    reset() {
      requests.length = 0;
      queue.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type FakeServer = Awaited<ReturnType<typeof fakeServer>>;
