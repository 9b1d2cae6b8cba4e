import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

// The published package, as a user outside this monorepo gets it: `npm pack`, installed into
// an empty project that has nothing but TypeScript, and a consumer file type-checked there.
const run = promisify(execFile);
const packageDir = fileURLToPath(new URL("..", import.meta.url));
const work = fs.mkdtempSync(path.join(os.tmpdir(), "cohort-pack-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe("the packed @cohort/client", { timeout: 180_000 }, () => {
  it("installs into an empty project and its types resolve there without the server or TypeBox", async () => {
    // dist/ as `npm test` built it (pretest); --ignore-scripts so that packing does not rebuild
    // it under the other test files that read it.
    const { stdout } = await run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], { cwd: packageDir });
    const { filename, files } = (JSON.parse(stdout.slice(stdout.indexOf("["))) as Array<{ filename: string; files: Array<{ path: string }> }>)[0]!;
    expect(files.map((f) => f.path)).toContain("dist/index.d.ts");
    expect(files.every((f) => f.path === "package.json" || f.path === "README.md" || f.path.startsWith("dist/"))).toBe(true);

    const project = path.join(work, "consumer");
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    // The tarball has no dependencies, so nothing needs the network.
    await run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", path.join(work, filename)], { cwd: project, env: { ...process.env, npm_config_workspaces: "false" } });
    expect(fs.readdirSync(path.join(project, "node_modules")).filter((f) => !f.startsWith(".")).sort()).toEqual(["@cohort"]);

    fs.copyFileSync(path.join(packageDir, "test/consumer/consumer.ts"), path.join(project, "consumer.ts"));
    fs.copyFileSync(path.join(packageDir, "test/consumer/tsconfig.json"), path.join(project, "tsconfig.json"));
    // TypeScript itself from this repository (the project needs nothing else).
    const tsc = fileURLToPath(import.meta.resolve("typescript/bin/tsc"));
    const result = await run(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: project }).catch((err: { stdout: string }) => err);
    expect(result.stdout).toBe("");
  });
});
