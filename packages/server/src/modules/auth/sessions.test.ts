import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/harness.js";

let t: TestApp;
const shopper = { email: "fixation@cohort.test", password: "shop-pw" };
beforeAll(async () => {
  t = await createTestApp();
  const res = await t.app.inject({ method: "POST", url: "/store/customers", payload: shopper });
  expect(res.statusCode).toBe(200);
});
afterAll(() => t.close());

const setCookie = (res: { headers: Record<string, unknown> }) => {
  const raw = res.headers["set-cookie"];
  return raw === undefined ? undefined : String(Array.isArray(raw) ? raw[0] : raw);
};
const cookieOf = (res: { headers: Record<string, unknown> }) => setCookie(res)!.split(";")[0]!;
const adminLogin = (cookie?: string) =>
  t.app.inject({ method: "POST", url: "/admin/auth", payload: { email: t.admin.email, password: t.admin.password }, headers: cookie ? { cookie } : {} });
const storeLogin = (cookie?: string) => t.app.inject({ method: "POST", url: "/store/auth", payload: shopper, headers: cookie ? { cookie } : {} });
const whoami = async (cookie: string) => ({
  admin: (await t.app.inject({ method: "GET", url: "/admin/auth", headers: { cookie } })).statusCode,
  customer: (await t.app.inject({ method: "GET", url: "/store/auth", headers: { cookie } })).statusCode,
});
const EXPIRED = /^connect\.sid=; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly$/;

describe("session ids (no fixation)", () => {
  it("gives an admin login a new session id, carries the customer over, and retires the old id", async () => {
    const before = cookieOf(await storeLogin());
    const after = cookieOf(await adminLogin(before));
    expect(after).not.toBe(before);
    expect(await whoami(after)).toEqual({ admin: 200, customer: 200 });
    expect(await whoami(before)).toEqual({ admin: 401, customer: 401 });
  });

  it("gives a store login a new session id, carries the admin over, and retires the old id", async () => {
    const before = cookieOf(await adminLogin());
    const after = cookieOf(await storeLogin(before));
    expect(after).not.toBe(before);
    expect(await whoami(after)).toEqual({ admin: 200, customer: 200 });
    expect(await whoami(before)).toEqual({ admin: 401, customer: 401 });
  });

  it("gives a new id on every login, also for a registration that logs in", async () => {
    const first = cookieOf(await adminLogin());
    const second = cookieOf(await adminLogin(first));
    expect(second).not.toBe(first);
    const registered = await t.app.inject({ method: "POST", url: "/store/customers", payload: { email: "fix2@cohort.test", password: "pw" }, headers: { cookie: second } });
    const third = cookieOf(registered);
    expect(third).not.toBe(second);
    expect(await whoami(third)).toEqual({ admin: 200, customer: 200 });
  });
});

describe("logout", () => {
  it("expires the cookie when nobody is left in the session", async () => {
    const cookie = cookieOf(await adminLogin());
    const out = await t.app.inject({ method: "DELETE", url: "/admin/auth", headers: { cookie } });
    expect(out.statusCode).toBe(200);
    expect(setCookie(out)).toMatch(EXPIRED);
    const storeCookie = cookieOf(await storeLogin());
    const storeOut = await t.app.inject({ method: "DELETE", url: "/store/auth", headers: { cookie: storeCookie } });
    expect(setCookie(storeOut)).toMatch(EXPIRED);
  });

  it("keeps the cookie while the other identity still uses the session", async () => {
    const cookie = cookieOf(await adminLogin(cookieOf(await storeLogin())));
    const out = await t.app.inject({ method: "DELETE", url: "/admin/auth", headers: { cookie } });
    expect(setCookie(out)).toBeUndefined();
    expect(await whoami(cookie)).toEqual({ admin: 401, customer: 200 });
    const last = await t.app.inject({ method: "DELETE", url: "/store/auth", headers: { cookie } });
    expect(setCookie(last)).toMatch(EXPIRED);
    expect(await whoami(cookie)).toEqual({ admin: 401, customer: 401 });
  });

  it("refuses a session at the next request once it has expired, or once its admin is deleted (nothing is cached)", async () => {
    const cookie = cookieOf(await adminLogin(cookieOf(await storeLogin())));
    expect(await whoami(cookie)).toEqual({ admin: 200, customer: 200 });
    await sql`UPDATE "user" SET deleted_at = now() WHERE id = ${t.admin.id}`.execute(t.db.db);
    try {
      expect(await whoami(cookie)).toEqual({ admin: 401, customer: 200 });
    } finally {
      await sql`UPDATE "user" SET deleted_at = NULL WHERE id = ${t.admin.id}`.execute(t.db.db);
    }
    expect(await whoami(cookie)).toEqual({ admin: 200, customer: 200 });
    await sql`UPDATE session SET expires_at = now() - interval '1 second'`.execute(t.db.db);
    expect(await whoami(cookie)).toEqual({ admin: 401, customer: 401 });
  });
});
