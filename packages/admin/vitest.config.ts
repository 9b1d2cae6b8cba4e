import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: { "@cohort/client": fileURLToPath(new URL("../client/src/index.ts", import.meta.url)) },
  },
  test: {
    include: ["src/**/*.test.{ts,tsx}", "test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // One browser at a time: the machine has two cores, and each file runs a server too.
    maxWorkers: 1,
  },
});
