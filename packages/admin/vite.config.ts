import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const target = process.env.COHORT_URL ?? "http://127.0.0.1:9000";

export default defineConfig({
  base: "/app/",
  plugins: [react()],
  resolve: {
    // The client's sources, so the console never waits for (or bundles a stale) client build.
    alias: { "@cohort/client": fileURLToPath(new URL("../client/src/index.ts", import.meta.url)) },
  },
  server: { proxy: { "/admin": target, "/store": target } },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false },
});
