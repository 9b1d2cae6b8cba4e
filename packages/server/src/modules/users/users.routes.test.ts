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
    expect(res.json().user).toMatchObject({ api_token: "fresh-token", first_name: "Ada", metadata: { a: 1 } });
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
