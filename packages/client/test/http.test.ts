import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import Cohort, { CohortError, Cohort as NamedCohort } from "@cohort/client";
import { fakeServer, type FakeServer } from "./fake-server.js";

let server: FakeServer;
beforeAll(async () => {
  server = await fakeServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function rejection(promise: Promise<unknown>): Promise<CohortError> {
  const err = await promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CohortError);
  return err as CohortError;
}

describe("new Cohort(config)", () => {
  it("is both the default and the named export", () => {
    expect(NamedCohort).toBe(Cohort);
  });

  it("defaults to http://localhost:9000 and no retries", () => {
    const cohort = new Cohort();
    expect(cohort.client.config.baseUrl).toBe("http://localhost:9000");
    expect(cohort.client.config.maxRetries).toBe(0);
  });
});

describe("fetch", () => {
  it("calls fetch as a plain function, as a browser's window.fetch requires (no Illegal invocation)", async () => {
    const realFetch = globalThis.fetch;
    // A browser's fetch throws a TypeError when called as a method of another object.
    const browserLikeFetch = function (this: unknown, ...args: Parameters<typeof fetch>) {
      if (this !== undefined && this !== globalThis) throw new TypeError("Failed to execute 'fetch' on 'Window': Illegal invocation");
      return realFetch(...args);
    } as typeof fetch;
    globalThis.fetch = browserLikeFetch;
    try {
      const res = await new Cohort({ baseUrl: server.baseUrl }).admin.custom.get("/ping");
      expect(res.response.status).toBe(200);
      const withOption = await new Cohort({ baseUrl: server.baseUrl, fetch: browserLikeFetch }).admin.custom.get("/ping");
      expect(withOption.response.status).toBe(200);
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});

describe("request headers", () => {
  it("sends JSON headers and no body on GET", async () => {
    const cohort = new Cohort({ baseUrl: server.baseUrl });
    await cohort.admin.users.list();
    const [req] = server.requests;
    expect(req).toMatchObject({ method: "GET", url: "/admin/users", body: "", hasBody: false });
    expect(req!.headers.accept).toBe("application/json");
    expect(req!.headers["content-type"]).toBe("application/json");
  });

  it("sends {} on POST and DELETE without a payload", async () => {
    const cohort = new Cohort({ baseUrl: server.baseUrl });
    await cohort.admin.users.delete("usr_1");
    await cohort.admin.custom.post("/things");
    expect(server.requests.map((r) => [r.method, r.url, r.body])).toEqual([
      ["DELETE", "/admin/users/usr_1", "{}"],
      ["POST", "/admin/things", "{}"],
    ]);
  });

  it("sends the API key on /admin paths except POST /admin/auth, and never on /store", async () => {
    const cohort = new Cohort({ baseUrl: server.baseUrl, apiKey: "tok_1" });
    await cohort.admin.users.list();
    await cohort.admin.auth.getSession();
    await cohort.admin.auth.createSession({ email: "a@b.co", password: "pw" });
    await cohort.admin.auth.getToken({ email: "a@b.co", password: "pw" });
    await cohort.client.request("GET", "/store/products");
    expect(server.requests.map((r) => [r.method, r.url, r.headers["x-medusa-access-token"]])).toEqual([
      ["GET", "/admin/users", "tok_1"],
      ["GET", "/admin/auth", "tok_1"],
      ["POST", "/admin/auth", undefined],
      ["POST", "/admin/auth/token", "tok_1"],
      ["GET", "/store/products", undefined],
    ]);
  });

  it("sends the publishable key on every request, admin ones included", async () => {
    const cohort = new Cohort({ baseUrl: server.baseUrl, publishableApiKey: "pk_1" });
    await cohort.admin.users.list();
    await cohort.client.request("GET", "/store/regions");
    cohort.setPublishableKey("pk_2");
    await cohort.client.request("GET", "/store/regions");
    expect(server.requests.map((r) => r.headers["x-publishable-api-key"])).toEqual(["pk_1", "pk_1", "pk_2"]);
    expect(new Cohort({ baseUrl: server.baseUrl }).client.config.publishableApiKey).toBeUndefined();
  });

  it("adds config customHeaders, then per-call ones, which override defaults in any letter case", async () => {
    const cohort = new Cohort({ baseUrl: server.baseUrl, apiKey: "tok_1", customHeaders: { "X-Tenant": "a", "x-trace": "1" } });
    await cohort.admin.users.retrieve("usr_1", { "x-trace": "2", "X-Medusa-Access-Token": "tok_2", Accept: "text/plain" });
    const [req] = server.requests;
    expect(req!.headers["x-tenant"]).toBe("a");
    expect(req!.headers["x-trace"]).toBe("2");
    expect(req!.headers["x-medusa-access-token"]).toBe("tok_2");
    expect(req!.headers.accept).toBe("text/plain");
  });

  it("adds an Idempotency-Key (uuid v4) to POSTs only when retries are on", async () => {
    await new Cohort({ baseUrl: server.baseUrl, maxRetries: 1 }).admin.users.create({ email: "a@b.co", password: "pw" });
    await new Cohort({ baseUrl: server.baseUrl, maxRetries: 1 }).admin.users.list();
    await new Cohort({ baseUrl: server.baseUrl }).admin.users.create({ email: "a@b.co", password: "pw" });
    const keys = server.requests.map((r) => r.headers["idempotency-key"]);
    expect(keys[0]).toMatch(UUID_V4);
    expect(keys.slice(1)).toEqual([undefined, undefined]);
  });

  it("makes a uuid v4 without crypto.randomUUID (browsers on insecure origins)", async () => {
    Object.defineProperty(globalThis.crypto, "randomUUID", { value: undefined, configurable: true });
    try {
      await new Cohort({ baseUrl: server.baseUrl, maxRetries: 1 }).admin.users.create({ email: "a@b.co", password: "pw" });
      await new Cohort({ baseUrl: server.baseUrl, maxRetries: 1 }).admin.users.create({ email: "a@b.co", password: "pw" });
    } finally {
      delete (globalThis.crypto as { randomUUID?: unknown }).randomUUID;
    }
    const [a, b] = server.requests.map((r) => r.headers["idempotency-key"]);
    expect(a).toMatch(UUID_V4);
    expect(b).toMatch(UUID_V4);
    expect(a).not.toBe(b);
    expect(typeof globalThis.crypto.randomUUID).toBe("function");
  });

  it("encodes path parameters", async () => {
    await new Cohort({ baseUrl: server.baseUrl }).admin.users.retrieve("a/b c");
    expect(server.requests[0]!.url).toBe("/admin/users/a%2Fb%20c");
  });

  it("accepts a baseUrl with a trailing slash", async () => {
    await new Cohort({ baseUrl: `${server.baseUrl}/` }).admin.users.list();
    expect(server.requests[0]!.url).toBe("/admin/users");
  });
});

describe("admin.custom and client.request", () => {
  it("admin.custom reaches any admin path, with a query and per-call headers", async () => {
    const cohort = new Cohort({ baseUrl: server.baseUrl, apiKey: "tok_1" });
    await cohort.admin.custom.get("customer-groups", { limit: 1 }, {}, { "x-a": "1" });
    await cohort.admin.custom.post("/admin/customer-groups", { name: "VIP" });
    await cohort.admin.custom.delete("/customer-groups/cgrp_1");
    expect(server.requests.map((r) => [r.method, r.url, r.body, r.headers["x-medusa-access-token"]])).toEqual([
      ["GET", "/admin/customer-groups?limit=1", "", "tok_1"],
      ["POST", "/admin/customer-groups", '{"name":"VIP"}', "tok_1"],
      ["DELETE", "/admin/customer-groups/cgrp_1", "{}", "tok_1"],
    ]);
    expect(server.requests[0]!.headers["x-a"]).toBe("1");
  });

  it("client.request honours options.numberOfRetries and options.timeout", async () => {
    const cohort = new Cohort({ baseUrl: server.baseUrl });
    server.reply({ status: 503, body: { type: "unavailable", message: "later" } });
    const res = await cohort.client.request("GET", "/store/regions", undefined, { numberOfRetries: 1 });
    expect(res.response.status).toBe(200);
    expect(server.requests).toHaveLength(2);

    // A server that never answers: the timeout aborts the call, as a network error.
    const stalled = createServer(() => {});
    await new Promise<void>((resolve) => stalled.listen(0, "127.0.0.1", resolve));
    const { port } = stalled.address() as AddressInfo;
    try {
      const started = Date.now();
      const err = await rejection(new Cohort({ baseUrl: `http://127.0.0.1:${port}` }).client.request("GET", "/store/regions", undefined, { timeout: 200 }));
      expect(err.type).toBe("network_error");
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      stalled.closeAllConnections();
      stalled.close();
    }
  });
});

describe("resolved values", () => {
  it("resolves to the body's fields plus response (status, statusText, headers)", async () => {
    server.reply({ status: 200, body: { users: [], extra: 1 }, headers: { "x-request-id": "r1" } });
    const res = await new Cohort({ baseUrl: server.baseUrl }).admin.users.list();
    expect(res).toEqual({
      users: [],
      extra: 1,
      response: { status: 200, statusText: "OK", headers: expect.objectContaining({ "x-request-id": "r1", "content-type": "application/json; charset=utf-8" }) },
    });
  });

  it("resolves a text body (DELETE /admin/auth's OK) to just response", async () => {
    server.reply({ status: 200, body: "OK" });
    const res = await new Cohort({ baseUrl: server.baseUrl }).admin.auth.deleteSession();
    expect(Object.keys(res)).toEqual(["response"]);
    expect(res.response.status).toBe(200);
  });
});

describe("errors", () => {
  it("rejects with status, type, message, code and body, shaped like an axios error", async () => {
    const body = { type: "duplicate_error", code: "invalid_request_error", message: "Key (name)=(VIP) already exists." };
    server.reply({ status: 422, body });
    const err = await rejection(new Cohort({ baseUrl: server.baseUrl }).admin.users.create({ email: "a@b.co", password: "pw" }));
    expect(err).toMatchObject({ status: 422, type: "duplicate_error", code: "invalid_request_error", message: body.message, body, isAxiosError: true });
    expect(err.response).toMatchObject({ status: 422, data: body });
    expect(err.request).toEqual({ method: "POST", url: `${server.baseUrl}/admin/users` });
  });

  it("turns a text 401 into type unauthorized with data 'Unauthorized'", async () => {
    server.reply({ status: 401, body: "Unauthorized" });
    const err = await rejection(new Cohort({ baseUrl: server.baseUrl }).admin.users.list());
    expect(err).toMatchObject({ status: 401, type: "unauthorized", message: "Unauthorized", body: "Unauthorized" });
    expect(err.response?.data).toBe("Unauthorized");
  });

  it("derives a message for an empty error body", async () => {
    server.reply({ status: 404 });
    const err = await rejection(new Cohort({ baseUrl: server.baseUrl }).admin.users.list());
    expect(err).toMatchObject({ status: 404, type: "not_found", message: "Request failed with status code 404", body: "" });
  });

  it("rejects a refused connection with status 0, type network_error and no response", async () => {
    const gone = await fakeServer();
    await gone.close();
    const err = await rejection(new Cohort({ baseUrl: gone.baseUrl }).admin.users.list());
    expect(err).toMatchObject({ status: 0, type: "network_error", response: undefined, code: "ECONNREFUSED" });
    expect(err.cause).toBeDefined();
  });
});

describe("retries", () => {
  const post = (cohort: Cohort) => cohort.admin.users.create({ email: "a@b.co", password: "pw" });

  // The back-off runs on a fake clock: the tests see exactly when a retry may go out, and never wait.
  // Only setTimeout is faked (setImmediate, sockets and fetch stay real), so the loop below can
  // let real I/O run while the fake clock stands still.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Lets real I/O run (fake time stands still) until the server has seen `n` requests. */
  async function untilRequests(n: number) {
    for (let spins = 0; server.requests.length < n; spins++) {
      if (spins > 100_000) throw new Error(`the server saw ${server.requests.length} requests, expected ${n}`);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  /** Lets real I/O run for a while and checks that no request beyond `n` went out. */
  async function stillRequests(n: number) {
    for (let i = 0; i < 200; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(server.requests).toHaveLength(n);
  }
  /** Asserts the next retry goes out after exactly `ms` of fake time, not before. */
  async function retriesAfter(ms: number, n: number) {
    await stillRequests(n - 1);
    await vi.advanceTimersByTimeAsync(ms - 1);
    await stillRequests(n - 1);
    await vi.advanceTimersByTimeAsync(1);
    await untilRequests(n);
  }

  it("retries a 409 after 0.5 s, keeping the Idempotency-Key", async () => {
    server.reply({ status: 409, body: { type: "conflict", message: "busy" } });
    const call = post(new Cohort({ baseUrl: server.baseUrl, maxRetries: 3 }));
    await untilRequests(1);
    await retriesAfter(500, 2);
    const res = await call;
    expect(res.response.status).toBe(200);
    expect(server.requests).toHaveLength(2);
    const [first, second] = server.requests.map((r) => r.headers["idempotency-key"]);
    expect(first).toMatch(UUID_V4);
    expect(second).toBe(first);
  });

  it("honours Retry-After on a 503", async () => {
    server.reply({ status: 503, body: { type: "unavailable", message: "later" }, headers: { "retry-after": "1" } });
    const call = post(new Cohort({ baseUrl: server.baseUrl, maxRetries: 1 }));
    await untilRequests(1);
    await retriesAfter(1000, 2);
    expect((await call).response.status).toBe(200);
  });

  it("retries a dropped connection", async () => {
    server.reply("drop");
    const call = new Cohort({ baseUrl: server.baseUrl, maxRetries: 1 }).admin.users.list();
    await untilRequests(1);
    await retriesAfter(500, 2);
    expect((await call).response.status).toBe(200);
    expect(server.requests).toHaveLength(2);
  });

  it("does not retry a 500", async () => {
    server.reply({ status: 500, body: { code: "unknown_error", type: "unknown_error", message: "An unknown error occurred." } });
    const err = await rejection(post(new Cohort({ baseUrl: server.baseUrl, maxRetries: 3 })));
    expect(err).toMatchObject({ status: 500, type: "unknown_error" });
    expect(server.requests).toHaveLength(1);
  });

  it("does not retry other 4xx", async () => {
    server.reply({ status: 400, body: { type: "invalid_data", message: "email must be an email" } });
    await rejection(post(new Cohort({ baseUrl: server.baseUrl, maxRetries: 3 })));
    expect(server.requests).toHaveLength(1);
  });

  it("backs off 0.5 s then 1.5 s and gives up after maxRetries with the last error, one key throughout", async () => {
    server.reply(
      { status: 502, body: { type: "bad_gateway", message: "1" } },
      { status: 504, body: { type: "timeout", message: "2" } },
      { status: 503, body: { type: "unavailable", message: "3" } },
    );
    const call = rejection(post(new Cohort({ baseUrl: server.baseUrl, maxRetries: 2 })));
    await untilRequests(1);
    await retriesAfter(500, 2);
    await retriesAfter(1500, 3);
    const err = await call;
    expect(err).toMatchObject({ status: 503, message: "3" });
    expect(server.requests).toHaveLength(3);
    expect(new Set(server.requests.map((r) => r.headers["idempotency-key"])).size).toBe(1);
  });

  it("never retries without maxRetries", async () => {
    server.reply({ status: 503, body: { type: "unavailable", message: "later" } }, "drop");
    const cohort = new Cohort({ baseUrl: server.baseUrl });
    expect((await rejection(cohort.admin.users.list())).status).toBe(503);
    expect((await rejection(cohort.admin.users.list())).type).toBe("network_error");
    expect(server.requests).toHaveLength(2);
  });

  it("does not wait for a Retry-After beyond five minutes", async () => {
    server.reply({ status: 503, body: { type: "unavailable", message: "much later" }, headers: { "retry-after": "3600" } });
    const err = await rejection(new Cohort({ baseUrl: server.baseUrl, maxRetries: 1 }).admin.users.list());
    expect(err.status).toBe(503);
    expect(server.requests).toHaveLength(1);
  });
});

describe("cookies (Node)", () => {
  it("keeps the session cookie after a login, sends it on, and forgets it on logout", async () => {
    const cohort = new Cohort({ baseUrl: server.baseUrl });
    server.reply({
      status: 200,
      body: { user: {} },
      headers: { "set-cookie": ["connect.sid=s%3Aabc.sig; Path=/; Expires=Wed, 01 Jan 2200 00:00:00 GMT; HttpOnly"] },
    });
    await cohort.admin.auth.createSession({ email: "a@b.co", password: "pw" });
    await cohort.admin.auth.getSession();
    await cohort.admin.auth.deleteSession();
    await cohort.admin.auth.getSession();
    expect(server.requests.map((r) => r.headers.cookie)).toEqual([undefined, "connect.sid=s%3Aabc.sig", "connect.sid=s%3Aabc.sig", undefined]);
  });

  it("drops a cookie the server expires, and lets a per-call Cookie header win", async () => {
    const cohort = new Cohort({ baseUrl: server.baseUrl });
    server.reply(
      { status: 200, body: {}, headers: { "set-cookie": ["a=1; Path=/", "b=2"] } },
      { status: 200, body: {}, headers: { "set-cookie": ["a=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT", "b=3; Max-Age=60"] } },
    );
    await cohort.admin.users.list();
    await cohort.admin.users.list();
    await cohort.admin.users.list();
    await cohort.admin.users.list({}, { Cookie: "mine=1" });
    expect(server.requests.map((r) => r.headers.cookie)).toEqual([undefined, "a=1; b=2", "b=3", "mine=1"]);
  });
});
