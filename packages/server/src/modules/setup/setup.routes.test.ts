import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app.js";
import type { App } from "../../http/types.js";
import { openTestDb, testConfig, usingPostgres, type TestDb } from "../../../test/harness.js";
import { UsersRepository } from "../users/users.repository.js";
import { UsersService } from "../users/users.service.js";
import { SetupRepository } from "./setup.repository.js";
import { SetupService } from "./setup.service.js";
import type { Config } from "../../config.js";

// A database without any user: what a new installation starts with. One database for the
// file, emptied of users and tokens after each test.
let testDb: TestDb;
let app: App;
let config: Config;

beforeAll(async () => {
  config = testConfig();
  testDb = await openTestDb(config);
  app = await buildApp({ config, db: testDb.handle });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await testDb.close();
});
afterEach(async () => {
  await sql`DELETE FROM session`.execute(testDb.handle.db);
  await sql`DELETE FROM "user"`.execute(testDb.handle.db);
  await sql`DELETE FROM cohort_setup_token`.execute(testDb.handle.db);
});

const setupService = (db = testDb.handle, c = config) =>
  new SetupService(db.db, new SetupRepository(db.db), new UsersService(db.db, new UsersRepository(db.db), c), c);

const body = { email: "First@Example.com", password: "supersecret", api_token: "first-token" };
const remote = { remoteAddress: "203.0.113.9" };

describe("first run", () => {
  it("GET /admin/setup says whether the first admin is still missing, without credentials", async () => {
    const before = await app.inject({ method: "GET", url: "/admin/setup" });
    expect(before.statusCode).toBe(200);
    expect(before.json()).toEqual({ setup_required: true });
    await app.inject({ method: "POST", url: "/admin/setup", payload: body });
    expect((await app.inject({ method: "GET", url: "/admin/setup" })).json()).toEqual({ setup_required: false });
  });

  it("POST /admin/setup from this machine creates the first admin, whose API token then works; a second call is a 409", async () => {
    const res = await app.inject({ method: "POST", url: "/admin/setup", payload: body });
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ email: "first@example.com", role: "admin", api_token: "first-token" });
    expect(res.json().user.password_hash).toBeUndefined();
    const me = await app.inject({ method: "GET", url: "/admin/auth", headers: { "x-medusa-access-token": "first-token" } });
    expect(me.statusCode).toBe(200);

    const again = await app.inject({ method: "POST", url: "/admin/setup", payload: { ...body, email: "second@example.com", api_token: "second" } });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ type: "conflict", message: expect.stringContaining("already exists") });
    const users = await app.inject({ method: "GET", url: "/admin/users", headers: { "x-medusa-access-token": "first-token" } });
    expect(users.json().users.map((u: { email: string }) => u.email)).toEqual(["first@example.com"]);
  });

  it("refuses a remote request without the setup token (403) and a forwarded one from a local proxy", async () => {
    const res = await app.inject({ method: "POST", url: "/admin/setup", payload: body, ...remote });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({ type: "forbidden", message: expect.stringContaining("setup token") });
    const proxied = await app.inject({ method: "POST", url: "/admin/setup", payload: body, headers: { "x-forwarded-for": "203.0.113.9" } });
    expect(proxied.statusCode).toBe(403);
    const wrong = await app.inject({ method: "POST", url: "/admin/setup", payload: body, headers: { "x-cohort-setup-token": "guess" }, ...remote });
    expect(wrong.statusCode).toBe(403);
    expect((await app.inject({ method: "GET", url: "/admin/setup" })).json()).toEqual({ setup_required: true });
  });

  it("accepts the one-time token printed at start from anywhere, once", async () => {
    const first = await setupService().firstRun();
    if (first.kind !== "needs_admin") throw new Error(first.kind);
    const res = await app.inject({ method: "POST", url: "/admin/setup", payload: body, headers: { "x-cohort-setup-token": first.setupToken }, ...remote });
    expect(res.statusCode).toBe(200);
    const reuse = await app.inject({ method: "POST", url: "/admin/setup", payload: { ...body, email: "x@example.com", api_token: "x" }, headers: { "x-cohort-setup-token": first.setupToken }, ...remote });
    expect(reuse.statusCode).toBe(409);
  });

  it("rejects an expired token", async () => {
    const first = await setupService().firstRun(new Date(Date.now() - 25 * 60 * 60 * 1000));
    if (first.kind !== "needs_admin") throw new Error(first.kind);
    const res = await app.inject({ method: "POST", url: "/admin/setup", payload: body, headers: { "x-cohort-setup-token": first.setupToken }, ...remote });
    expect(res.statusCode).toBe(403);
  });

  it("validates the body like POST /admin/users", async () => {
    const res = await app.inject({ method: "POST", url: "/admin/setup", payload: { email: "nope", password: "x" } });
    expect(res.statusCode).toBe(400);
    expect(res.json().type).toBe("invalid_data");
  });

  it("creates the admin from COHORT_ADMIN_* only while there is no user, and never overwrites one", async () => {
    const withAdmin = { ...config, firstAdmin: { email: "ops@example.com", password: "pw-ops", apiToken: "ops-token" } };
    const created = await setupService(testDb.handle, withAdmin).firstRun();
    expect(created).toMatchObject({ kind: "created", user: { email: "ops@example.com", role: "admin", api_token: "ops-token" } });
    const other = { ...config, firstAdmin: { email: "other@example.com", password: "pw", apiToken: "other" } };
    expect(await setupService(testDb.handle, other).firstRun()).toEqual({ kind: "has_users" });
    const login = await app.inject({ method: "POST", url: "/admin/auth/token", payload: { email: "ops@example.com", password: "pw-ops" } });
    expect(login.statusCode).toBe(200);
  });
});

describe("first run in production", () => {
  it("needs the setup token even from this machine", async () => {
    const production = await buildApp({ config: { ...config, env: "production" }, db: testDb.handle });
    try {
      const res = await production.inject({ method: "POST", url: "/admin/setup", payload: body });
      expect(res.statusCode).toBe(403);
    } finally {
      await production.close();
    }
  });
});

describe.runIf(usingPostgres)("first run on several instances at once", () => {
  it("creates exactly one admin when five instances start together with different COHORT_ADMIN_EMAIL", async () => {
    const handles = [testDb.handle, ...(await Promise.all([1, 2, 3, 4].map(() => testDb.reopen())))];
    const results = await Promise.all(
      handles.map((h, i) => setupService(h, { ...config, firstAdmin: { email: `admin${i}@example.com`, password: "pw", apiToken: `t${i}` } }).firstRun()),
    );
    expect(results.filter((r) => r.kind === "created")).toHaveLength(1);
    const users = await testDb.handle.db.selectFrom("user").select("email").execute();
    expect(users).toHaveLength(1);
  });

  it("accepts a token printed by one instance on another", async () => {
    const second = await testDb.reopen();
    const first = await setupService(second).firstRun();
    if (first.kind !== "needs_admin") throw new Error(first.kind);
    const res = await app.inject({ method: "POST", url: "/admin/setup", payload: body, headers: { "x-cohort-setup-token": first.setupToken }, ...remote });
    expect(res.statusCode).toBe(200);
  });
});
