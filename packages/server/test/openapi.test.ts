import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./harness.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

interface Operation {
  security?: Array<Record<string, string[]>>;
  responses: Record<string, { content?: Record<string, { schema: { properties?: Record<string, unknown> } }> }>;
}

describe("GET /openapi.json: every operation declares its security and its error responses", () => {
  it("has the admin credentials on admin operations, none on public ones, and the error bodies everywhere", async () => {
    const spec = (await t.app.inject({ method: "GET", url: "/openapi.json" })).json() as { paths: Record<string, Record<string, Operation>> };
    const operations = Object.entries(spec.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));
    expect(operations.length).toBeGreaterThan(55);
    const admin = [{ api_token: [] }, { jwt_token: [] }, { cookie_auth: [] }];
    for (const { path, method, op } of operations) {
      const name = `${method.toUpperCase()} ${path}`;
      const isPublic = (method === "post" && (path === "/admin/auth" || path === "/admin/auth/token")) || path === "/admin/setup";
      expect(op.security, name).toEqual(path.startsWith("/admin") && !isPublic ? admin : []);
      for (const status of ["400", "404", "500", "503"]) {
        expect(op.responses[status]?.content?.["application/json"]?.schema.properties, `${name} ${status}`).toHaveProperty("type");
      }
      if (path.startsWith("/admin")) expect(op.responses["401"]?.content?.["text/plain"], `${name} 401`).toBeDefined();
    }
  });
});
