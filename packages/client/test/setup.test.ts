import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Cohort, { CohortError } from "@cohort/client";
import { startCohort, type LiveCohort } from "./cohort-server.js";

let t: LiveCohort;
beforeAll(async () => {
  t = await startCohort();
});
afterAll(() => t.close());

async function failure(promise: Promise<unknown>): Promise<CohortError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(CohortError);
  return err as CohortError;
}

describe("admin.setup: the first admin of a new installation", () => {
  it("says no setup is needed, and refuses a second first admin with 409, while a user exists", async () => {
    const cohort = new Cohort({ baseUrl: t.baseUrl });
    const { setup_required, response } = await cohort.admin.setup.status();
    expect(response.status).toBe(200);
    expect(setup_required).toBe(false);
    const err = await failure(cohort.admin.setup.create({ email: "second@example.com", password: "supersecret" }));
    expect(err).toMatchObject({ status: 409, type: "conflict" });
  });

  it("creates the first admin on an empty database (from this machine), who can then sign in", async () => {
    await t.db.db.deleteFrom("user").execute();
    const cohort = new Cohort({ baseUrl: t.baseUrl });
    expect((await cohort.admin.setup.status()).setup_required).toBe(true);

    const { user, response } = await cohort.admin.setup.create({ email: "First@Example.com", password: "supersecret", first_name: "Ada" });
    expect(response.status).toBe(200);
    expect(user).toMatchObject({ email: "first@example.com", first_name: "Ada", role: "admin" });
    expect((await cohort.admin.setup.status()).setup_required).toBe(false);

    const session = await cohort.admin.auth.createSession({ email: "first@example.com", password: "supersecret" });
    expect(session.user.id).toBe(user.id);
  });

  it("sends the setup token in x-cohort-setup-token", async () => {
    let seen: string | null = null;
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      seen = new Headers(init?.headers).get("x-cohort-setup-token");
      return new Response(JSON.stringify({ type: "conflict", message: "The first admin user already exists." }), { status: 409, headers: { "content-type": "application/json" } });
    };
    const cohort = new Cohort({ baseUrl: t.baseUrl, fetch: fetch as typeof globalThis.fetch });
    await failure(cohort.admin.setup.create({ email: "a@example.com", password: "x" }, "tok_123"));
    expect(seen).toBe("tok_123");
  });
});
