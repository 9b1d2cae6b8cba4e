import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/harness.js";
import { routeTable } from "../../test/route-table.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/**
 * The only /admin routes that take no credentials: the logins, and the first-run setup (which
 * refuses once any user exists). Listed by hand on purpose: a route made public by mistake
 * fails this test instead of being skipped by it.
 */
const PUBLIC = new Set(["POST /admin/auth", "POST /admin/auth/token", "GET /admin/setup", "HEAD /admin/setup", "POST /admin/setup"]);

const adminRoutes = () =>
  routeTable(t.app)
    .filter((r) => r.path.startsWith("/admin") && !PUBLIC.has(`${r.method} ${r.path}`))
    .map((r) => ({ method: r.method, url: r.path.replace(/:(\w+)/g, "x_$1") }));

/** Ways to write one admin path that the router (or a lenient proxy) may read as that path. */
const spellings = (url: string): string[] => [
  url,
  url.replace(/^\/admin/, "/%61dmin"),
  url.replace(/^\/admin/, "/%61%64%6D%69%6E"),
  url.replace(/^\/admin/, "/%2561dmin"),
  url.replace(/^\/admin\/(\w)/, (_m, c: string) => `/admin/%${c.charCodeAt(0).toString(16)}`),
  url.replace(/^\/admin\/(\w)/, (_m, c: string) => `/admin/%${c.charCodeAt(0).toString(16).toUpperCase()}`),
  `/${url}`,
  url.replace(/^\/admin\//, "/admin//"),
  `${url}/`,
  url.replace(/^\/admin/, "/ADMIN"),
  url.replace(/^\/admin\//, "/admin%2F"),
];

const body = (method: string) => (method === "GET" || method === "HEAD" ? undefined : {});

describe("every /admin route refuses a request without credentials, however its path is spelled", () => {
  it("walks more than the handful of routes a hand-written list would hold", () => {
    expect(adminRoutes().length).toBeGreaterThan(50);
    expect(adminRoutes()).toContainEqual({ method: "POST", url: "/admin/users" });
  });

  it("answers 401 for every method and path in the route table, in every spelling", async () => {
    const failures: string[] = [];
    for (const { method, url } of adminRoutes()) {
      for (const spelled of spellings(url)) {
        const res = await t.app.inject({ method: method as "GET", url: spelled, payload: body(method) });
        if (res.statusCode !== 401) failures.push(`${method} ${spelled} → ${res.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("still serves the routes to a caller with credentials, and 404s unknown paths only then", async () => {
    const res = await t.app.inject({ method: "GET", url: "/%61dmin/us%65rs", headers: t.admin.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json().users.length).toBeGreaterThan(0);
    expect((await t.app.inject({ method: "GET", url: "/%61dmin/nothing" })).statusCode).toBe(401);
    expect((await t.app.inject({ method: "GET", url: "/%61dmin/nothing", headers: t.admin.headers })).statusCode).toBe(404);
  });

  it("lets the login routes through in any spelling (they are public by route, not by URL)", async () => {
    const res = await t.app.inject({ method: "POST", url: "/%61dmin/auth/token", payload: { email: t.admin.email, password: t.admin.password } });
    expect(res.statusCode).toBe(200);
  });

  describe("over a real socket (inject normalises what Node's parser passes through)", () => {
    let port: number;
    beforeAll(async () => {
      await t.app.listen({ port: 0, host: "127.0.0.1" });
      port = (t.app.server.address() as net.AddressInfo).port;
    });

    const raw = (method: string, target: string) =>
      new Promise<number>((resolve, reject) => {
        const socket = net.connect(port, "127.0.0.1", () =>
          socket.write(`${method} ${target} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`),
        );
        let text = "";
        socket.on("data", (chunk) => (text += chunk));
        socket.on("end", () => resolve(Number(text.slice(9, 12))));
        socket.on("error", reject);
      });

    it("answers 401 to absolute-form and dot-segment targets for every admin route", async () => {
      const failures: string[] = [];
      for (const { method, url } of adminRoutes()) {
        for (const target of [`http://x${url}`, `HTTP://X${url.replace(/^\/admin/, "/%61dmin")}`, `https://x:1${url}`, `/x/..${url}`, `/.${url}`]) {
          const status = await raw(method, target);
          if (status !== 401) failures.push(`${method} ${target} → ${status}`);
        }
      }
      expect(failures).toEqual([]);
    });

    it("answers 401, not 404, to unknown admin paths in absolute form too, and 404 with credentials", async () => {
      for (const target of ["http://x/admin/nothing-here", "http://x/%61dmin/nothing-here", "http://x//admin/nothing-here", "/x/../admin/nothing-here"]) {
        expect(await raw("GET", target), target).toBe(401);
      }
      const withToken = await new Promise<number>((resolve, reject) => {
        const socket = net.connect(port, "127.0.0.1", () =>
          socket.write(`GET http://x/admin/nothing-here HTTP/1.1\r\nHost: x\r\nx-medusa-access-token: ${t.admin.token}\r\nConnection: close\r\n\r\n`),
        );
        let text = "";
        socket.on("data", (chunk) => (text += chunk));
        socket.on("end", () => resolve(Number(text.slice(9, 12))));
        socket.on("error", reject);
      });
      expect(withToken).toBe(404);
    });
  });
});

describe("CORS", () => {
  const admin = "http://localhost:7001";
  const store = "http://localhost:8000";
  const preflight = (url: string, origin: string, method = "DELETE") =>
    t.app.inject({ method: "OPTIONS", url, headers: { origin, "access-control-request-method": method } });

  it("allows v1's methods, with credentials, to the admin origins on admin routes", async () => {
    for (const url of ["/admin/users/usr_1", "/%61dmin/users/usr_1", "/admin/auth"]) {
      const res = await preflight(url, admin);
      expect(res.statusCode, url).toBe(204);
      expect(res.headers["access-control-allow-origin"], url).toBe(admin);
      expect(res.headers["access-control-allow-credentials"]).toBe("true");
      expect(String(res.headers["access-control-allow-methods"]).split(/,\s*/).sort()).toEqual(["DELETE", "GET", "HEAD", "PATCH", "POST", "PUT"]);
    }
  });

  it("decides the origins from the route, not the URL spelling", async () => {
    const res = await t.app.inject({ method: "GET", url: "/%61dmin/users", headers: { origin: admin, ...t.admin.headers } });
    expect(res.statusCode).toBe(200);
    expect(res.headers["access-control-allow-origin"]).toBe(admin);
    const storeOnAdmin = await t.app.inject({ method: "GET", url: "/%61dmin/users", headers: { origin: store, ...t.admin.headers } });
    expect(storeOnAdmin.headers["access-control-allow-origin"]).toBeUndefined();
    const onStore = await t.app.inject({ method: "GET", url: "/%73tore/regions", headers: { origin: store } });
    expect(onStore.headers["access-control-allow-origin"]).toBe(store);
  });

  it("gives a foreign origin no CORS headers at all", async () => {
    for (const res of [await preflight("/admin/users", "https://evil.example"), await preflight("/admin/users", store)]) {
      expect(Object.keys(res.headers).filter((h) => h.startsWith("access-control-"))).toEqual([]);
    }
  });
});
