import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestApp, type TestApp } from "../../../test/harness.js";

// Every password check goes through verifyPassword: counting its calls counts checks.
const checks = vi.hoisted(() => ({ n: 0 }));
vi.mock("../../shared/password.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../shared/password.js")>();
  return {
    ...original,
    verifyPassword: async (password: string, stored: string | null | undefined) => {
      checks.n++;
      return original.verifyPassword(password, stored);
    },
  };
});

const MAX = 5;
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ loginMaxFailures: MAX, trustProxy: true });
});
afterAll(() => t.close());
beforeEach(() => {
  checks.n = 0;
});

let seq = 0;
const uniqueIp = () => `10.0.${Math.floor(++seq / 250)}.${seq % 250}`;

async function adminAccount() {
  const email = `limits${++seq}@cohort.test`;
  const res = await t.app.inject({ method: "POST", url: "/admin/users", headers: t.admin.headers, payload: { email, password: "right-pw" } });
  expect(res.statusCode).toBe(200);
  return email;
}

async function storeAccount() {
  const email = `shopper${++seq}@cohort.test`;
  const res = await t.app.inject({ method: "POST", url: "/store/customers", headers: { "x-forwarded-for": uniqueIp() }, payload: { email, password: "right-pw" } });
  expect(res.statusCode).toBe(200);
  return email;
}

const login = (url: string, email: string, password: string, ip: string) =>
  t.app.inject({ method: "POST", url, payload: { email, password }, headers: { "x-forwarded-for": ip } });

describe.each([
  ["admin session", "/admin/auth", adminAccount],
  ["admin token", "/admin/auth/token", adminAccount],
  ["store session", "/store/auth", storeAccount],
  ["store token", "/store/auth/token", storeAccount],
])("%s login (POST %s)", (_name, url, account) => {
  it(`checks at most LOGIN_MAX_FAILURES passwords for 80 concurrent guesses, then refuses even the right one`, async () => {
    const email = await account();
    const ip = uniqueIp();
    checks.n = 0;
    const guesses = await Promise.all(Array.from({ length: 80 }, (_, i) => login(url, email, `wrong-${i}`, ip)));
    const statuses = guesses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 401)).toHaveLength(MAX);
    expect(statuses.filter((s) => s === 429)).toHaveLength(80 - MAX);
    expect(checks.n).toBe(MAX);
    const right = await login(url, email, "right-pw", ip);
    expect(right.statusCode).toBe(429);
    expect(right.json()).toEqual({ type: "too_many_requests", message: "Too many failed login attempts. Try again later." });
    expect(Number(right.headers["retry-after"])).toBeGreaterThan(0);
    expect(Number(right.headers["retry-after"])).toBeLessThanOrEqual(t.config.loginWindowSeconds);
    expect(checks.n).toBe(MAX);
  });

  it("lets the owner in from an address with no failures while one address is locked out (TRUST_PROXY)", async () => {
    const email = await account();
    const attacker = uniqueIp();
    for (let i = 0; i < MAX + 2; i++) await login(url, email, "wrong", attacker);
    expect((await login(url, email, "right-pw", attacker)).statusCode).toBe(429);
    expect((await login(url, email, "right-pw", uniqueIp())).statusCode).toBe(200);
  });

  it("still locks the account once it failed ten times the limit from all addresses together", async () => {
    const email = await account();
    await Promise.all(Array.from({ length: MAX * 10 }, () => login(url, email, "wrong", uniqueIp())));
    checks.n = 0;
    expect((await login(url, email, "right-pw", uniqueIp())).statusCode).toBe(429);
    expect(checks.n).toBe(0);
  });

  it("checks the password of an unknown email too (against a dummy hash), so timing shows nothing", async () => {
    const res = await login(url, `nobody${++seq}@cohort.test`, "whatever", uniqueIp());
    expect(res.statusCode).toBe(401);
    expect(checks.n).toBe(1);
  });
});

describe("the per-address limit", () => {
  it("keys on the client address from X-Forwarded-For behind a trusted proxy, so one address does not lock out the others", async () => {
    const ip = uniqueIp();
    const emails = await Promise.all(Array.from({ length: 10 }, () => adminAccount()));
    for (const email of emails) for (let i = 0; i < MAX; i++) await login("/admin/auth", email, "wrong", ip);
    const other = await adminAccount();
    expect((await login("/admin/auth", other, "right-pw", ip)).statusCode).toBe(429);
    expect((await login("/admin/auth", other, "right-pw", uniqueIp())).statusCode).toBe(200);
  });

  it("ignores X-Forwarded-For without TRUST_PROXY (a client cannot pick its address)", async () => {
    const plain = await createTestApp({ loginMaxFailures: 2 });
    try {
      const email = plain.admin.email;
      for (let i = 0; i < 3; i++) {
        await plain.app.inject({ method: "POST", url: "/admin/auth", payload: { email, password: "x" }, headers: { "x-forwarded-for": `10.9.9.${i}` } });
      }
      const res = await plain.app.inject({ method: "POST", url: "/admin/auth", payload: { email, password: plain.admin.password }, headers: { "x-forwarded-for": "10.9.9.99" } });
      expect(res.statusCode).toBe(429);
    } finally {
      await plain.close();
    }
  });
});
