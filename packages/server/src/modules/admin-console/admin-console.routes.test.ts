import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app.js";
import { createTestApp, openTestDb, testConfig, type TestApp } from "../../../test/harness.js";
import { CONSOLE_CSP } from "./admin-console.routes.js";

const INDEX = '<!doctype html><html><head><script type="module" src="/app/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';

let t: TestApp;
let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cohort-console-"));
  fs.mkdirSync(path.join(dir, "assets"));
  fs.writeFileSync(path.join(dir, "index.html"), INDEX);
  fs.writeFileSync(path.join(dir, "assets", "index-abc123.js"), "console.log('app')");
  fs.writeFileSync(path.join(dir, "favicon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
  fs.writeFileSync(path.join(dir, "..", "secret-beside-the-build.txt"), "not for the browser");
  t = await createTestApp({ adminDir: dir });
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(path.join(dir, "..", "secret-beside-the-build.txt"), { force: true });
});

const get = (url: string) => t.app.inject({ method: "GET", url });

describe("GET /app", () => {
  it("serves index.html without credentials, never cached, with a Content-Security-Policy", async () => {
    const res = await get("/app/");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    expect(res.body).toBe(INDEX);
    expect(res.headers["cache-control"]).toBe("no-cache");
    expect(res.headers["content-security-policy"]).toBe(CONSOLE_CSP);
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["x-frame-options"]).toBe("DENY");
  });

  it("serves the same page at /app", async () => {
    const res = await get("/app");
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(INDEX);
  });

  it("answers client-side routes with index.html (the app routes them)", async () => {
    for (const url of ["/app/customer-groups", "/app/customer-groups/cgrp_01ABC", "/app/price-lists/new?x=1", "/app/index.html"]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toBe(INDEX);
      expect(res.headers["cache-control"], url).toBe("no-cache");
    }
  });

  it("serves hashed assets as immutable for a year", async () => {
    const res = await get("/app/assets/index-abc123.js");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/javascript/);
    expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(res.body).toBe("console.log('app')");
  });

  it("serves other files of the build as they are, revalidated", async () => {
    const res = await get("/app/favicon.svg");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^image\/svg\+xml/);
    expect(res.headers["cache-control"]).toBe("no-cache");
  });

  it("answers 404 for a missing asset instead of the page", async () => {
    const res = await get("/app/assets/index-gone.js");
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain("<html");
  });

  it("never serves a file outside the build", async () => {
    for (const url of ["/app/assets/../../secret-beside-the-build.txt", "/app/assets/%2e%2e/%2e%2e/secret-beside-the-build.txt", "/app/../secret-beside-the-build.txt"]) {
      const res = await get(url);
      expect(res.body, url).not.toContain("not for the browser");
    }
  });

  it("leaves /admin routes authenticated", async () => {
    expect((await get("/admin/customer-groups")).statusCode).toBe(401);
  });
});

describe("GET /app without a build", () => {
  it("logs one line at start and answers 503 with how to build it", async () => {
    const lines: string[] = [];
    const config = testConfig({ adminDir: path.join(dir, "missing"), logLevel: "info" });
    const testDb = await openTestDb(config);
    const app = await buildApp({ config, db: testDb.handle, logStream: { write: (line) => void lines.push(line) } });
    try {
      await app.ready();
      const warnings = lines.map((l) => JSON.parse(l)).filter((l) => l.msg.includes("admin console"));
      expect(warnings).toHaveLength(1);
      expect(warnings[0].level).toBe(40);
      for (const url of ["/app", "/app/", "/app/customer-groups"]) {
        const res = await app.inject({ method: "GET", url });
        expect(res.statusCode, url).toBe(503);
        expect(res.headers["content-type"]).toMatch(/^text\/html/);
        expect(res.body).toContain("npm run build -w @cohort/admin");
      }
    } finally {
      await app.close();
      await testDb.close();
    }
  });
});
