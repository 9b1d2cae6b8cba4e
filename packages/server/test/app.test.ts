import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./harness.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ bodyLimit: 64 * 1024 });
});
afterAll(() => t.close());

describe("GET /health", () => {
  it("answers 200 OK without credentials", async () => {
    const res = await t.app.inject({ method: "GET", url: "/health" });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe("OK");
  });
});

describe("GET /openapi.json", () => {
  it("serves the spec generated from the route schemas", async () => {
    const res = await t.app.inject({ method: "GET", url: "/openapi.json" });
    expect(res.statusCode).toBe(200);
    const spec = res.json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(spec.paths["/admin/auth"]).toHaveProperty("post");
    expect(spec.paths["/admin/users/{id}"]).toHaveProperty("delete");
    expect(spec.paths["/health"]).toBeUndefined();
  });
});

describe("request bodies (docs/compatibility.md, fixed v1 bugs)", () => {
  const post = (payload: string, contentType = "application/json") =>
    t.app.inject({ method: "POST", url: "/admin/users", headers: { ...t.admin.headers, "content-type": contentType }, payload });

  it("answers malformed JSON with a JSON 400, not an HTML page", async () => {
    const res = await post('{"email": ');
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toMatch(/application\/json/);
    expect(res.json()).toMatchObject({ type: "invalid_data", message: expect.stringContaining("not valid JSON") });
  });

  it.each(["null", "42", '"text"'])("answers a JSON %s body with 400", async (body) => {
    const res = await post(body);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ type: "invalid_data", message: "The request body must be a JSON object" });
  });

  it("answers an over-size body with a JSON 413", async () => {
    const res = await post(JSON.stringify({ email: "a@b.co", password: "x".repeat(70 * 1024) }));
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({ type: "payload_too_large", message: "The request body is larger than this server accepts" });
  });

  it("reads a form-encoded body as empty, so validation errors follow (as v1)", async () => {
    const res = await post("email=a@b.co&password=x", "application/x-www-form-urlencoded");
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ type: "invalid_data", message: "email must be an email, password must be a string" });
  });

  it("accepts an empty JSON body on DELETE (medusa-js sends {}, curl may send nothing)", async () => {
    const created = await t.app.inject({ method: "POST", url: "/admin/users", headers: t.admin.headers, payload: { email: "del@cohort.test", password: "x" } });
    const id = created.json().user.id;
    const res = await t.app.inject({ method: "DELETE", url: `/admin/users/${id}`, headers: { ...t.admin.headers, "content-type": "application/json" }, payload: "" });
    expect(res.statusCode).toBe(200);
  });

  it("refuses a NUL character in a string with 400, not 500", async () => {
    const res = await post(JSON.stringify({ email: "nul@cohort.test", password: "x", first_name: "a\u0000b" }));
    expect(res.statusCode).toBe(400);
    expect(res.json().type).toBe("invalid_data");
  });
});

describe("routing", () => {
  it("accepts a trailing slash", async () => {
    const res = await t.app.inject({ method: "GET", url: "/admin/users/", headers: t.admin.headers });
    expect(res.statusCode).toBe(200);
  });

  it("answers an unknown route with a JSON 404", async () => {
    const res = await t.app.inject({ method: "GET", url: "/store/nothing-here" });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ type: "not_found", message: "Route GET:/store/nothing-here not found" });
  });

  it("answers a CORS preflight for the admin origin with 204 and credentials", async () => {
    const res = await t.app.inject({
      method: "OPTIONS",
      url: "/admin/users",
      headers: { origin: "http://localhost:7001", "access-control-request-method": "POST" },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers["access-control-allow-origin"]).toBe("http://localhost:7001");
    expect(res.headers["access-control-allow-credentials"]).toBe("true");
  });
});

describe("errors before routing, in Medusa's {type, message}", () => {
  it("answers a malformed percent-encoding in the URL with a JSON 400", async () => {
    const res = await t.app.inject({ method: "GET", url: "/store/products/%E0%A4%A" });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ type: "invalid_data", message: "The request URL is not valid (malformed percent-encoding)" });
  });

  it("answers over-size headers with 431 and malformed HTTP with 400, both as JSON", async () => {
    const { buildApp } = await import("../src/app.js");
    const app = await buildApp({ config: t.config, db: t.db });
    await app.listen({ port: 0, host: "127.0.0.1" });
    const port = (app.server.address() as net.AddressInfo).port;
    const send = (raw: string) =>
      new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
        const socket = net.connect(port, "127.0.0.1", () => socket.write(raw));
        let text = "";
        socket.on("data", (chunk) => (text += chunk));
        socket.on("close", () => {
          const [head, body = ""] = text.split("\r\n\r\n");
          resolve({ status: Number(head!.slice(9, 12)), type: /content-type: ([^\r]+)/i.exec(head!)?.[1] ?? "", body });
        });
        socket.on("error", reject);
      });
    try {
      const big = await send(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`);
      expect(big.status).toBe(431);
      expect(big.type).toMatch(/^application\/json/);
      expect(JSON.parse(big.body)).toEqual({ type: "invalid_data", message: "The request headers are larger than this server accepts" });
      const garbage = await send("NOT HTTP AT ALL\r\n\r\n");
      expect(garbage.status).toBe(400);
      expect(JSON.parse(garbage.body)).toEqual({ type: "invalid_data", message: "The request is not valid HTTP" });
    } finally {
      await app.close();
    }
  });
});

describe("request logs", () => {
  it("write one line per request with a request id, and no password, token or cookie", async () => {
    const { buildApp } = await import("../src/app.js");
    const lines: string[] = [];
    const app = await buildApp({ config: { ...t.config, logLevel: "info" }, db: t.db, logStream: { write: (line) => void lines.push(line) } });
    try {
      await app.inject({ method: "POST", url: "/admin/auth", payload: { email: t.admin.email, password: t.admin.password } });
      await app.inject({ method: "GET", url: "/admin/users?q=x", headers: { ...t.admin.headers, cookie: "connect.sid=s%3Asecret.sig", "x-request-id": "req-42" } });
      await app.inject({ method: "GET", url: "/store/auth/jane.doe@example.com" });
      await app.inject({ method: "GET", url: "/store/auth/john.roe%40example.com/extra" });
      await app.inject({ method: "GET", url: "/admin/customers/cus_1", headers: t.admin.headers });
    } finally {
      await app.close();
    }
    const requests = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === "request");
    expect(requests).toHaveLength(5);
    expect(requests[0]).toMatchObject({ method: "POST", url: "/admin/auth", statusCode: 200, reqId: expect.any(String) });
    expect(requests[1]).toMatchObject({ method: "GET", url: "/admin/users", statusCode: 200, reqId: "req-42" });
    expect(requests[2]).toMatchObject({ method: "GET", url: "/store/auth/:email", statusCode: 200 });
    expect(requests[3]).toMatchObject({ method: "GET", url: "/store/auth/[redacted]/extra", statusCode: 404 });
    expect(requests[4]).toMatchObject({ method: "GET", url: "/admin/customers/:id", statusCode: 404 });
    const all = lines.join("\n");
    for (const secret of [t.admin.password, t.admin.token, "connect.sid", "secret.sig", "jane.doe", "john.roe"]) expect(all).not.toContain(secret);
  });
});
