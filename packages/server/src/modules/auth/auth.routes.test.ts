import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/harness.js";
import { createHmac } from "node:crypto";
import { signJwt } from "../../shared/jwt.js";

/** An HS256 token with exactly this payload, correctly signed (signJwt always adds exp). */
function rawJwt(payload: Record<string, unknown>): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const unsigned = `${part({ alg: "HS256", typ: "JWT" })}.${part(payload)}`;
  return `${unsigned}.${createHmac("sha256", t.config.jwtSecret).update(unsigned).digest("base64url")}`;
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ loginMaxFailures: 3 });
});
afterAll(() => t.close());

const login = (email: string, password: string, url = "/admin/auth", headers: Record<string, string> = {}) =>
  t.app.inject({ method: "POST", url, payload: { email, password }, headers });

const cookieOf = (setCookie: string | string[] | undefined) => String(Array.isArray(setCookie) ? setCookie[0] : setCookie).split(";")[0]!;

describe("POST /admin/auth (session)", () => {
  it("logs in, sets an HttpOnly connect.sid cookie and returns the user without its password", async () => {
    const res = await login(t.admin.email.toUpperCase(), t.admin.password);
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ id: t.admin.id, email: t.admin.email, role: "admin", api_token: t.admin.token });
    expect(res.body).not.toContain("password");
    const setCookie = String(res.headers["set-cookie"]);
    expect(setCookie).toMatch(/^connect\.sid=s%3A[\w-]+\.[\w%]+; Path=\/; Expires=.+; HttpOnly$/);
    const expires = new Date(setCookie.match(/Expires=([^;]+)/)![1]!).getTime();
    expect(expires - Date.now()).toBeGreaterThan(9.9 * 3600_000);
  });

  it("keeps the user logged in with the cookie until DELETE /admin/auth", async () => {
    const res = await login(t.admin.email, t.admin.password);
    const cookie = cookieOf(res.headers["set-cookie"]);
    const me = await t.app.inject({ method: "GET", url: "/admin/auth", headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.id).toBe(t.admin.id);
    const out = await t.app.inject({ method: "DELETE", url: "/admin/auth", headers: { cookie } });
    expect(out.statusCode).toBe(200);
    expect(out.body).toBe("OK");
    expect(out.headers["content-type"]).toMatch(/^text\/plain/);
    const after = await t.app.inject({ method: "GET", url: "/admin/auth", headers: { cookie } });
    expect(after.statusCode).toBe(401);
  });

  it("refuses a forged or tampered cookie", async () => {
    const res = await login(t.admin.email, t.admin.password);
    const cookie = cookieOf(res.headers["set-cookie"]);
    const tampered = cookie.replace(/\.([\w%]+)$/, ".AAAA");
    expect((await t.app.inject({ method: "GET", url: "/admin/auth", headers: { cookie: tampered } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: "GET", url: "/admin/auth", headers: { cookie: "connect.sid=s%3Anope.nope" } })).statusCode).toBe(401);
  });

  it("answers 401 with a plain-text Unauthorized for a wrong password or an unknown email", async () => {
    for (const res of [await login(t.admin.email, "wrong"), await login("nobody@cohort.test", "x")]) {
      expect(res.statusCode).toBe(401);
      expect(res.body).toBe("Unauthorized");
      expect(res.headers["content-type"]).toMatch(/^text\/plain/);
    }
  });

  it("validates the body with v1's messages", async () => {
    const res = await t.app.inject({ method: "POST", url: "/admin/auth", payload: {} });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      type: "invalid_data",
      message: "email should not be empty, email must be an email, password should not be empty, password must be a string",
    });
  });

  it("limits failed logins per account: 429 with Retry-After, even for the right password", async () => {
    const email = `limited@cohort.test`;
    await t.app.inject({ method: "POST", url: "/admin/users", headers: t.admin.headers, payload: { email, password: "right-pw" } });
    for (let i = 0; i < 3; i++) expect((await login(email, "wrong")).statusCode).toBe(401);
    const blocked = await login(email, "right-pw");
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json()).toEqual({ type: "too_many_requests", message: "Too many failed login attempts. Try again later." });
    expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(0);
    // other accounts are not affected
    expect((await login(t.admin.email, t.admin.password)).statusCode).toBe(200);
  });
});

describe("POST /admin/auth/token (JWT)", () => {
  it("returns an HS256 admin JWT valid for 24 hours that authenticates admin routes", async () => {
    const res = await login(t.admin.email, t.admin.password, "/admin/auth/token");
    expect(res.statusCode).toBe(200);
    const token = res.json().access_token as string;
    const [header, payload] = token.split(".").slice(0, 2).map((p) => JSON.parse(Buffer.from(p, "base64url").toString()) as Record<string, unknown>) as [
      Record<string, unknown>,
      Record<string, number | string>,
    ];
    expect(header.alg).toBe("HS256");
    expect(payload).toMatchObject({ user_id: t.admin.id, domain: "admin" });
    expect(Number(payload.exp) - Number(payload.iat)).toBe(24 * 3600);
    const me = await t.app.inject({ method: "GET", url: "/admin/auth", headers: { authorization: `Bearer ${token}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.id).toBe(t.admin.id);
  });

  it("refuses a wrong password with 401", async () => {
    expect((await login(t.admin.email, "nope", "/admin/auth/token")).statusCode).toBe(401);
  });

  it.each([
    ["a store token", () => signJwt({ customer_id: "cus_1", domain: "store" }, t.config.jwtSecret, 3600)],
    ["an expired token", () => signJwt({ user_id: t.admin.id, domain: "admin" }, t.config.jwtSecret, -10)],
    ["a token signed with another secret", () => signJwt({ user_id: t.admin.id, domain: "admin" }, "other-secret", 3600)],
    ["a token of an unknown user", () => signJwt({ user_id: "usr_gone", domain: "admin" }, t.config.jwtSecret, 3600)],
    ["a token without exp", () => rawJwt({ user_id: t.admin.id, domain: "admin", iat: 1 })],
    ["a token with a string exp", () => rawJwt({ user_id: t.admin.id, domain: "admin", exp: "9999999999" })],
    ["a token with a null exp", () => rawJwt({ user_id: t.admin.id, domain: "admin", exp: null })],
  ])("refuses %s", async (_name, make) => {
    const res = await t.app.inject({ method: "GET", url: "/admin/customer-groups", headers: { authorization: `Bearer ${make()}` } });
    expect(res.statusCode).toBe(401);
  });
});

describe("API tokens", () => {
  it("accepts the token in x-medusa-access-token and as Authorization: Bearer (docs/compatibility.md, fixed v1 bugs)", async () => {
    for (const headers of [{ "x-medusa-access-token": t.admin.token }, { authorization: `Bearer ${t.admin.token}` }]) {
      const res = await t.app.inject({ method: "GET", url: "/admin/auth", headers });
      expect(res.statusCode).toBe(200);
      expect(res.json().user.id).toBe(t.admin.id);
    }
  });

  it("refuses an unknown token", async () => {
    const res = await t.app.inject({ method: "GET", url: "/admin/auth", headers: { "x-medusa-access-token": "nope" } });
    expect(res.statusCode).toBe(401);
    expect(res.body).toBe("Unauthorized");
  });
});

describe("every /admin route needs credentials", () => {
  it("answers 401 for admin routes, unknown ones included, and lets the login routes through", async () => {
    for (const url of ["/admin/auth", "/admin/users", "/admin/customer-groups", "/admin/no-such-route"]) {
      expect((await t.app.inject({ method: "GET", url })).statusCode, url).toBe(401);
    }
    expect((await t.app.inject({ method: "GET", url: "/admin/no-such-route", headers: t.admin.headers })).statusCode).toBe(404);
    expect((await t.app.inject({ method: "DELETE", url: "/admin/auth" })).statusCode).toBe(401);
  });

  it("checks every route the app serves under /admin (from the OpenAPI spec)", async () => {
    const spec = (await t.app.inject({ method: "GET", url: "/openapi.json" })).json() as { paths: Record<string, Record<string, unknown>> };
    const adminPaths = Object.entries(spec.paths).filter(([path]) => path.startsWith("/admin"));
    expect(adminPaths.length).toBeGreaterThan(3);
    for (const [path, operations] of adminPaths) {
      for (const method of Object.keys(operations).map((m) => m.toUpperCase())) {
        const url = path.replace(/\{(\w+)\}/g, "x_$1");
        const isPublicLogin = method === "POST" && (url === "/admin/auth" || url === "/admin/auth/token");
        // The first-run routes answer without credentials (409 once a user exists); see setup.routes.test.ts.
        const isFirstRun = url === "/admin/setup";
        if (isPublicLogin || isFirstRun) continue;
        const res = await t.app.inject({ method: method as "GET", url, payload: method === "GET" ? undefined : {} });
        expect(res.statusCode, `${method} ${url}`).toBe(401);
      }
    }
  });
});
