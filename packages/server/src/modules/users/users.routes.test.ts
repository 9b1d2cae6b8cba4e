import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/harness.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const userShape = {
  id: expect.stringMatching(/^usr_[0-9A-Z]{26}$/),
  email: expect.any(String),
  first_name: null,
  last_name: null,
  api_token: null,
  role: "member",
  metadata: null,
  created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
  updated_at: expect.any(String),
  deleted_at: null,
};

describe("/admin/users", () => {
  it("refuses every users route without credentials", async () => {
    for (const [method, url] of [
      ["GET", "/admin/users"],
      ["GET", "/admin/users/usr_1"],
      ["POST", "/admin/users"],
      ["POST", "/admin/users/usr_1"],
      ["DELETE", "/admin/users/usr_1"],
    ] as const) {
      const res = await t.app.inject({ method, url, payload: method === "GET" ? undefined : {} });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      expect(res.body).toBe("Unauthorized");
    }
  });

  it("creates a user with a lower-cased email and never returns the password hash", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/admin/users",
      headers: t.admin.headers,
      payload: { email: "New.User@Example.com", password: "pw-123456" },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ user: { ...userShape, email: "new.user@example.com" } });
    expect(res.body).not.toContain("password");
  });

  it("answers 422 duplicate_error for an email already taken", async () => {
    const payload = { email: "dup@example.com", password: "pw" };
    await t.app.inject({ method: "POST", url: "/admin/users", headers: t.admin.headers, payload });
    const res = await t.app.inject({ method: "POST", url: "/admin/users", headers: t.admin.headers, payload: { ...payload, email: "DUP@example.com" } });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({ type: "duplicate_error", code: "invalid_request_error", message: "A user with the same email already exists." });
  });

  it("rejects a bad email and unknown properties with v1 messages", async () => {
    const bad = await t.app.inject({ method: "POST", url: "/admin/users", headers: t.admin.headers, payload: { email: "nope", password: "x", foo: 1 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ type: "invalid_data", message: "property foo should not exist, email must be an email" });
  });

  it("sets an API token with update, and that token then authenticates", async () => {
    const created = (
      await t.app.inject({ method: "POST", url: "/admin/users", headers: t.admin.headers, payload: { email: "tok@example.com", password: "pw" } })
    ).json().user;
    const res = await t.app.inject({
      method: "POST",
      url: `/admin/users/${created.id}`,
      headers: t.admin.headers,
      payload: { api_token: "fresh-token", first_name: "Ada", metadata: { a: 1 } },
    });
    expect(res.statusCode).toBe(200);
    // The token is the other user's credential: shown to its owner only.
    expect(res.json().user).toMatchObject({ api_token: null, first_name: "Ada", metadata: { a: 1 } });
    const me = await t.app.inject({ method: "GET", url: "/admin/auth", headers: { "x-medusa-access-token": "fresh-token" } });
    expect(me.json().user.id).toBe(created.id);
  });

  it("lists, retrieves and deletes users; a deleted user's token stops working", async () => {
    const created = (
      await t.app.inject({ method: "POST", url: "/admin/users", headers: t.admin.headers, payload: { email: "gone@example.com", password: "pw" } })
    ).json().user;
    await t.app.inject({ method: "POST", url: `/admin/users/${created.id}`, headers: t.admin.headers, payload: { api_token: "gone-token" } });
    const list = await t.app.inject({ method: "GET", url: "/admin/users", headers: t.admin.headers });
    expect(list.json().users.map((u: { id: string }) => u.id)).toContain(created.id);
    const one = await t.app.inject({ method: "GET", url: `/admin/users/${created.id}`, headers: t.admin.headers });
    expect(one.json().user.email).toBe("gone@example.com");
    const del = await t.app.inject({ method: "DELETE", url: `/admin/users/${created.id}`, headers: t.admin.headers });
    expect(del.json()).toEqual({ id: created.id, object: "user", deleted: true });
    const after = await t.app.inject({ method: "GET", url: `/admin/users/${created.id}`, headers: t.admin.headers });
    expect(after.statusCode).toBe(404);
    expect(after.json()).toEqual({ type: "not_found", message: `User with id: ${created.id} was not found` });
    const denied = await t.app.inject({ method: "GET", url: "/admin/auth", headers: { "x-medusa-access-token": "gone-token" } });
    expect(denied.statusCode).toBe(401);
  });
});

describe("roles", () => {
  const as = (token: string) => ({ "x-medusa-access-token": token });
  const call = (method: "GET" | "POST" | "DELETE", url: string, headers: Record<string, string>, payload?: object) =>
    t.app.inject({ method, url, headers, ...(payload ? { payload } : method === "GET" ? {} : { payload: {} }) });

  /** A user with a role and an API token of its own (set by an admin). */
  async function userWith(role: "admin" | "member" | "developer") {
    const email = `${role}-${Math.random().toString(36).slice(2, 8)}@example.com`;
    const created = await call("POST", "/admin/users", t.admin.headers, { email, password: "pw", role });
    expect(created.statusCode).toBe(200);
    const token = `tok-${email}`;
    expect((await call("POST", `/admin/users/${created.json().user.id}`, t.admin.headers, { api_token: token })).statusCode).toBe(200);
    return { id: created.json().user.id as string, token, headers: as(token) };
  }
  const forbidden = (message: string) => ({ type: "forbidden", message });

  it.each(["member", "developer"] as const)("lets a %s change its own name, metadata and token, but not its role", async (role) => {
    const me = await userWith(role);
    const res = await call("POST", `/admin/users/${me.id}`, me.headers, { first_name: "Me", metadata: { x: 1 }, api_token: `${me.token}-2` });
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ id: me.id, first_name: "Me", metadata: { x: 1 }, api_token: `${me.token}-2`, role });
    const promote = await call("POST", `/admin/users/${me.id}`, as(`${me.token}-2`), { role: "admin" });
    expect(promote.statusCode).toBe(403);
    expect(promote.json()).toEqual(forbidden("You cannot change your own role"));
    expect((await call("GET", `/admin/users/${me.id}`, t.admin.headers)).json().user.role).toBe(role);
  });

  it.each(["member", "developer"] as const)("refuses a %s creating, deleting or changing another user (403), changing nothing", async (role) => {
    const me = await userWith(role);
    const other = await userWith("member");
    const cases: Array<[string, Awaited<ReturnType<typeof call>>]> = [
      ["create", await call("POST", "/admin/users", me.headers, { email: `x${me.id.toLowerCase()}@example.com`, password: "pw", role: "admin" })],
      ["rename", await call("POST", `/admin/users/${other.id}`, me.headers, { first_name: "Owned" })],
      ["set token", await call("POST", `/admin/users/${other.id}`, me.headers, { api_token: "stolen" })],
      ["promote", await call("POST", `/admin/users/${other.id}`, me.headers, { role: "admin" })],
      ["demote admin", await call("POST", `/admin/users/${t.admin.id}`, me.headers, { role: "member" })],
      ["delete", await call("DELETE", `/admin/users/${t.admin.id}`, me.headers)],
    ];
    for (const [what, res] of cases) expect(res.statusCode, what).toBe(403);
    expect(cases[0]![1].json()).toEqual(forbidden("Only an admin can create users"));
    expect(cases[1]![1].json()).toEqual(forbidden("Only an admin can change another user"));
    expect(cases[5]![1].json()).toEqual(forbidden("Only an admin can delete users"));
    expect((await call("GET", "/admin/auth", as("stolen"))).statusCode).toBe(401);
    const after = (await call("GET", `/admin/users/${other.id}`, t.admin.headers)).json().user;
    expect(after).toMatchObject({ first_name: null, role: "member" });
    expect((await call("GET", `/admin/users/${t.admin.id}`, t.admin.headers)).json().user.role).toBe("admin");
  });

  it("shows an api_token to its owner only, in lists and retrieves alike", async () => {
    const me = await userWith("member");
    const list = (await call("GET", "/admin/users", me.headers)).json().users as Array<{ id: string; api_token: string | null }>;
    expect(list.find((u) => u.id === me.id)!.api_token).toBe(me.token);
    expect(list.filter((u) => u.id !== me.id).every((u) => u.api_token === null)).toBe(true);
    expect((await call("GET", `/admin/users/${t.admin.id}`, me.headers)).json().user.api_token).toBeNull();
    expect((await call("GET", `/admin/users/${me.id}`, t.admin.headers)).json().user.api_token).toBeNull();
    expect((await call("GET", "/admin/auth", me.headers)).json().user.api_token).toBe(me.token);
    const adminList = (await call("GET", "/admin/users", t.admin.headers)).json().users as Array<{ id: string; api_token: string | null }>;
    expect(adminList.find((u) => u.id === me.id)!.api_token).toBeNull();
  });

  it("lets an admin change another user's role and token", async () => {
    const other = await userWith("member");
    const res = await call("POST", `/admin/users/${other.id}`, t.admin.headers, { role: "developer", api_token: "given-by-admin" });
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ role: "developer", api_token: null });
    expect((await call("GET", "/admin/auth", as("given-by-admin"))).json().user.id).toBe(other.id);
  });
});

describe("the last admin", () => {
  // An app of its own, whose admins the tests control.
  let own: TestApp;
  beforeAll(async () => {
    own = await createTestApp();
  });
  afterAll(() => own.close());
  const liveAdmins = async () => own.db.db.selectFrom("user").select("id").where("role", "=", "admin").where("deleted_at", "is", null).execute();
  let n = 0;
  /** Another admin with an API token; returns its id and headers. */
  async function secondAdmin() {
    const email = `second${++n}@example.com`;
    const created = await own.app.inject({ method: "POST", url: "/admin/users", headers: own.admin.headers, payload: { email, password: "pw", role: "admin" } });
    const id = created.json().user.id as string;
    await own.app.inject({ method: "POST", url: `/admin/users/${id}`, headers: own.admin.headers, payload: { api_token: `${email}-token` } });
    return { id, headers: { "x-medusa-access-token": `${email}-token` } };
  }

  it("cannot be deleted (409), and an admin may delete another admin", async () => {
    const second = await secondAdmin();
    expect((await own.app.inject({ method: "DELETE", url: `/admin/users/${second.id}`, headers: own.admin.headers, payload: {} })).statusCode).toBe(200);
    const last = await own.app.inject({ method: "DELETE", url: `/admin/users/${own.admin.id}`, headers: own.admin.headers, payload: {} });
    expect(last.statusCode).toBe(409);
    expect(last.json()).toEqual({
      type: "conflict",
      code: "invalid_state_error",
      message: `User ${own.admin.id} is the last admin and cannot be deleted; make another user an admin first`,
    });
    expect((await own.app.inject({ method: "GET", url: "/admin/auth", headers: own.admin.headers })).statusCode).toBe(200);
  });

  it.each([
    ["demote", (id: string) => ({ method: "POST" as const, url: `/admin/users/${id}`, payload: { role: "member" } })],
    ["delete", (id: string) => ({ method: "DELETE" as const, url: `/admin/users/${id}`, payload: {} })],
  ])("survives two admins trying to %s each other at once: one succeeds, the other is refused", async (_what, request) => {
    const b = await secondAdmin();
    const [ab, ba] = await Promise.all([
      own.app.inject({ ...request(b.id), headers: own.admin.headers }),
      own.app.inject({ ...request(own.admin.id), headers: b.headers }),
    ]);
    // The loser gets 409 (last admin) when both got past authentication as admins, or
    // 403 / 401 when the winner had already demoted / deleted it before it authenticated.
    const statuses = [ab.statusCode, ba.statusCode];
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect([401, 403, 409]).toContain(statuses.find((s) => s !== 200));
    const admins = await liveAdmins();
    expect(admins).toHaveLength(1);
    // Back to one admin, the app's own, for the next case.
    await own.db.db.updateTable("user").set({ role: "member" }).where("id", "!=", own.admin.id).execute();
    await own.db.db.updateTable("user").set({ role: "admin", deleted_at: null, api_token: own.admin.token }).where("id", "=", own.admin.id).execute();
  });
});
