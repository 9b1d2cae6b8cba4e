import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Cohort, { CohortError } from "@cohort/client";
import { startCohort, uniq, type LiveCohort } from "./cohort-server.js";

let t: LiveCohort;
let admin: Cohort;
beforeAll(async () => {
  t = await startCohort();
  admin = new Cohort({ baseUrl: t.baseUrl, apiKey: t.admin.token });
});
afterAll(() => t.close());

const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
const credentials = () => ({ email: t.admin.email, password: t.admin.password });

async function failure(promise: Promise<unknown>): Promise<CohortError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(CohortError);
  return err as CohortError;
}

describe("API key auth", () => {
  it("authenticates admin calls with apiKey (x-medusa-access-token)", async () => {
    const { user, response } = await admin.admin.auth.getSession();
    expect(response.status).toBe(200);
    expect(user).toMatchObject({ id: t.admin.id, email: t.admin.email, role: "admin" });
  });

  it("rejects admin calls without credentials: 401, data 'Unauthorized'", async () => {
    const err = await failure(new Cohort({ baseUrl: t.baseUrl }).admin.users.list());
    expect(err).toMatchObject({ status: 401, type: "unauthorized", message: "Unauthorized" });
    expect(err.response?.status).toBe(401);
    expect(err.response?.data).toBe("Unauthorized");
  });

  it("rejects a wrong API key", async () => {
    const err = await failure(new Cohort({ baseUrl: t.baseUrl, apiKey: "nope" }).admin.auth.getSession());
    expect(err.status).toBe(401);
  });
});

describe("session auth in Node (admin.auth)", () => {
  it("createSession logs in and later calls of the same instance are authenticated", async () => {
    const cohort = new Cohort({ baseUrl: t.baseUrl });
    const { user, response } = await cohort.admin.auth.createSession(credentials());
    expect(response.status).toBe(200);
    expect(response.headers["set-cookie"]?.[0]).toMatch(/^connect\.sid=/);
    expect(user).toEqual({
      id: t.admin.id,
      email: t.admin.email,
      first_name: null,
      last_name: null,
      api_token: t.admin.token,
      role: "admin",
      metadata: null,
      created_at: ISO,
      updated_at: ISO,
      deleted_at: null,
    });
    expect(cohort.client.getSessionCookie()).toMatch(/^s%3A/);
    expect((await cohort.admin.auth.getSession()).user.id).toBe(t.admin.id);
    expect((await cohort.admin.users.list()).users.length).toBeGreaterThanOrEqual(1);
    // another instance has its own (empty) session
    expect((await failure(new Cohort({ baseUrl: t.baseUrl }).admin.auth.getSession())).status).toBe(401);
  });

  it("deleteSession logs out: the server ends the session and the instance drops the cookie", async () => {
    const cohort = new Cohort({ baseUrl: t.baseUrl });
    await cohort.admin.auth.createSession(credentials());
    const cookie = `connect.sid=${cohort.client.getSessionCookie()}`;
    const res = await cohort.admin.auth.deleteSession();
    expect(res.response.status).toBe(200);
    expect(cohort.client.getSessionCookie()).toBeUndefined();
    expect((await failure(cohort.admin.auth.getSession())).status).toBe(401);
    // the old cookie, passed by hand as medusa-js users do, is dead too
    expect((await failure(new Cohort({ baseUrl: t.baseUrl }).admin.auth.getSession({ Cookie: cookie }))).status).toBe(401);
  });

  it("rejects wrong credentials with 401 Unauthorized and keeps no session", async () => {
    const cohort = new Cohort({ baseUrl: t.baseUrl });
    const err = await failure(cohort.admin.auth.createSession({ email: t.admin.email, password: "wrong" }));
    expect(err).toMatchObject({ status: 401, body: "Unauthorized" });
    expect(cohort.client.getSessionCookie()).toBeUndefined();
  });

  it("surfaces validation errors as invalid_data with v1's message", async () => {
    const err = await failure(new Cohort({ baseUrl: t.baseUrl }).admin.auth.createSession({ email: "", password: "" }));
    expect(err.status).toBe(400);
    expect(err.type).toBe("invalid_data");
    expect(err.response?.data).toEqual({ type: "invalid_data", message: expect.stringContaining("email") });
  });
});

describe("JWT auth in Node (admin.auth.getToken)", () => {
  it("getToken resolves to the token and the instance sends it as Bearer on admin calls", async () => {
    const cohort = new Cohort({ baseUrl: t.baseUrl });
    const { access_token, response } = await cohort.admin.auth.getToken(credentials());
    expect(response.status).toBe(200);
    expect(access_token.split(".")).toHaveLength(3);
    expect(cohort.client.getJwt("admin")).toBe(access_token);
    expect(cohort.client.getJwt("store")).toBeUndefined();
    expect((await cohort.admin.auth.getSession()).user.id).toBe(t.admin.id);
    expect((await failure(new Cohort({ baseUrl: t.baseUrl }).admin.auth.getSession())).status).toBe(401);
  });

  it("the token also works when passed by hand as medusa-js users do", async () => {
    const { access_token } = await new Cohort({ baseUrl: t.baseUrl }).admin.auth.getToken(credentials());
    const { user } = await new Cohort({ baseUrl: t.baseUrl }).admin.auth.getSession({ Authorization: `Bearer ${access_token}` });
    expect(user.id).toBe(t.admin.id);
  });
});

describe("admin.users", () => {
  it("create, retrieve, update (api_token), list and delete", async () => {
    const email = `${uniq("user")}@example.com`;
    const { user } = await admin.admin.users.create({ email: email.toUpperCase(), password: "pw-123456", first_name: "Ada", role: "developer" });
    expect(user).toEqual({
      id: expect.stringMatching(/^usr_/),
      email,
      first_name: "Ada",
      last_name: null,
      api_token: null,
      role: "developer",
      metadata: null,
      created_at: ISO,
      updated_at: ISO,
      deleted_at: null,
    });

    expect((await admin.admin.users.retrieve(user.id)).user).toEqual(user);

    const token = uniq("tok_");
    const updated = await admin.admin.users.update(user.id, { last_name: "Lovelace", api_token: token, metadata: { a: 1 } });
    // Another user's token is shown to its owner only (docs/security.md).
    expect(updated.user).toMatchObject({ id: user.id, last_name: "Lovelace", api_token: null, metadata: { a: 1 } });
    // the new token works as an API key
    expect((await new Cohort({ baseUrl: t.baseUrl, apiKey: token }).admin.auth.getSession()).user.id).toBe(user.id);

    const { users } = await admin.admin.users.list();
    expect(users.map((u) => u.id)).toContain(user.id);

    const deleted = await admin.admin.users.delete(user.id);
    expect(deleted).toEqual({ id: user.id, object: "user", deleted: true, response: expect.objectContaining({ status: 200 }) });
    const err = await failure(admin.admin.users.retrieve(user.id));
    expect(err).toMatchObject({ status: 404, type: "not_found" });
  });

  it("rejects a duplicate email with 422 duplicate_error", async () => {
    const email = `${uniq("dup")}@example.com`;
    await admin.admin.users.create({ email, password: "pw" });
    const err = await failure(admin.admin.users.create({ email, password: "pw" }));
    expect(err).toMatchObject({ status: 422, type: "duplicate_error", code: "invalid_request_error" });
  });
});
