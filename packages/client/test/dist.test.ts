import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakeServer, type FakeServer } from "./fake-server.js";

// These run against dist/, which `npm ci` (prepare) and `npm test` (pretest) build.
const run = promisify(execFile);
const packageDir = fileURLToPath(new URL("..", import.meta.url));

let server: FakeServer;
beforeAll(async () => {
  server = await fakeServer({ status: 200, body: { users: [] } });
});
afterAll(() => server.close());

describe("the built package", () => {
  it("imports from plain Node ESM as '@cohort/client' (default and named export) and makes calls", async () => {
    const script = `
      import Cohort, { Cohort as Named, CohortError } from "@cohort/client";
      if (Cohort !== Named || typeof CohortError !== "function") throw new Error("exports");
      const cohort = new Cohort({ baseUrl: process.env.BASE_URL, apiKey: "k" });
      const res = await cohort.admin.users.list({ q: "a" });
      console.log(JSON.stringify({ users: res.users, status: res.response.status }));
    `;
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], {
      cwd: packageDir,
      env: { ...process.env, BASE_URL: server.baseUrl },
    });
    expect(JSON.parse(stdout)).toEqual({ users: [], status: 200 });
    expect(server.requests.at(-1)).toMatchObject({ url: "/admin/users?q=a", headers: expect.objectContaining({ "x-medusa-access-token": "k" }) });
  });

  it("has no runtime dependency: dist imports nothing but its own files", async () => {
    const { stdout } = await run("grep", ["-rhoE", "from \"[^\"]+\"|import\\(\"[^\"]+\"\\)", "dist", "--include=*.js"], { cwd: packageDir });
    const specifiers = new Set(stdout.split("\n").filter(Boolean).map((line) => line.replace(/^from |^import\(|\)$/g, "").replaceAll('"', "")));
    for (const specifier of specifiers) expect(specifier).toMatch(/^\.\.?\//);
  });

  it("ships declarations that type-check for a consumer in this monorepo", async () => {
    const tsc = fileURLToPath(import.meta.resolve("typescript/bin/tsc"));
    const result = await run(process.execPath, [tsc, "-p", "test/consumer/tsconfig.json"], { cwd: packageDir }).catch((err: { stdout: string }) => err);
    expect(result.stdout).toBe("");
  });
});
