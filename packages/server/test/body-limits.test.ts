import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./harness.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const post = (url: string, payload: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: "POST", url, headers: { "content-type": "application/json", ...headers }, payload });
const TOO_LARGE = { type: "payload_too_large", message: "The request body is larger than this server accepts" };

/** `{"a":{"a":…{}…}}` nesting `levels` objects, the outer one included. */
const nested = (levels: number): unknown => (levels <= 1 ? {} : { a: nested(levels - 1) });

describe("bodies of routes that take no admin credentials (PUBLIC_BODY_LIMIT, 64 KiB)", () => {
  const big = JSON.stringify({ email: "big@cohort.test", password: "x".repeat(70 * 1024) });

  it.each(["/admin/auth", "/%61dmin/auth/token", "/store/auth", "/store/auth/token", "/store/customers", "/store/customers/me"])(
    "answers 413 to a 70 KiB body on %s",
    async (url) => {
      const res = await post(url, big);
      expect(res.statusCode).toBe(413);
      expect(res.json()).toEqual(TOO_LARGE);
    },
  );

  it("reads a small login body as before", async () => {
    expect((await post("/admin/auth", JSON.stringify({ email: t.admin.email, password: t.admin.password }))).statusCode).toBe(200);
  });

  it("keeps BODY_LIMIT for authenticated admin routes, and refuses an anonymous one before reading", async () => {
    const payload = JSON.stringify({ name: "large", metadata: { blob: "x".repeat(200 * 1024) } });
    expect((await post("/admin/customer-groups", payload, t.admin.headers)).statusCode).toBe(200);
    expect((await post("/admin/customer-groups", payload)).statusCode).toBe(401);
  });

  it("bounds bodies of other content types too", async () => {
    const res = await post("/store/auth", "x".repeat(70 * 1024), { "content-type": "application/x-www-form-urlencoded" });
    expect(res.statusCode).toBe(413);
  });
});

describe("deeply nested JSON", () => {
  it.each([5_000, 100_000])("answers 400 (not a stack-overflow 500) to %i levels, on any route", async (levels) => {
    const deep = (n: number) => "[".repeat(n) + "]".repeat(n);
    for (const [url, body] of [
      ["/admin/customer-groups", `{"name":"deep","metadata":{"a":${deep(levels)}}}`],
      // (within the 64 KiB a public route reads)
      ["/store/customers", `{"email":"deep@cohort.test","password":"x","first_name":${deep(Math.min(levels, 30_000))}}`],
    ] as const) {
      const res = await post(url, body, t.admin.headers);
      expect(res.statusCode, url).toBe(400);
      expect(res.json()).toEqual({ type: "invalid_data", message: "The request body is nested too deeply (more than 64 levels)" });
    }
  });

  it("does not count brackets inside strings", async () => {
    const res = await post("/admin/customer-groups", JSON.stringify({ name: "[".repeat(500) + '\\"{'.repeat(100) }), t.admin.headers);
    expect(res.statusCode).toBe(200);
  });

  it("refuses metadata nested deeper than 32 levels with 400, on every route that takes metadata", async () => {
    const group = (await post("/admin/customer-groups", JSON.stringify({ name: "meta" }), t.admin.headers)).json().customer_group;
    const routes: Array<[string, (metadata: unknown) => object]> = [
      ["/admin/customer-groups", (metadata) => ({ name: `m${Math.random()}`, metadata })],
      [`/admin/customer-groups/${group.id}`, (metadata) => ({ metadata })],
      [`/admin/users/${t.admin.id}`, (metadata) => ({ metadata })],
      ["/admin/customers", (metadata) => ({ email: `m${Math.random()}@cohort.test`, first_name: "a", last_name: "b", password: "x", metadata })],
      ["/admin/regions", (metadata) => ({ name: "r", currency_code: "eur", tax_rate: 0, metadata })],
      ["/admin/products", (metadata) => ({ title: "p", metadata })],
    ];
    for (const [url, body] of routes) {
      const refused = await post(url, JSON.stringify(body(nested(33))), t.admin.headers);
      expect(refused.statusCode, url).toBe(400);
      expect(refused.json(), url).toEqual({ type: "invalid_data", message: "metadata must not be nested deeper than 32 levels" });
      const accepted = await post(url, JSON.stringify(body(nested(32))), t.admin.headers);
      expect(accepted.statusCode, `${url} ${accepted.body}`).toBeLessThan(300);
    }
  });
});
