// Compiles the server to JavaScript: one ESM file, dist/cli.js, with its npm dependencies
// left as imports (esbuild bundles only Cohort's own modules, @cohort/contract's TypeScript
// sources included; types are checked separately by `npm run typecheck`). Writes
// dist/build-stamp.txt, which bin/cohort.js compares with the sources (sources.mjs) to
// decide whether the build is current. Safe to run from several processes
// at once: each file is written under a temporary name and renamed into place.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sourceDirs, sourceFingerprint } from "./sources.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// `packages: "external"` leaves every package an import, but @cohort/contract is TypeScript
// source that node cannot load: it is bundled like the server's own modules.
const bundleContract = {
  name: "bundle-contract",
  setup(b) {
    b.onResolve({ filter: /^@cohort\/contract$/ }, () => ({ path: fileURLToPath(import.meta.resolve("@cohort/contract")) }));
  },
};

export async function build({ quiet = false } = {}) {
  const started = Date.now();
  const { build: esbuild } = await import("esbuild");
  const src = path.join(root, "src");
  const dist = path.join(root, "dist");
  const stamp = sourceFingerprint(sourceDirs(root));
  const result = await esbuild({
    entryPoints: [path.join(src, "cli.ts")],
    outfile: path.join(dist, "cli.js"),
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: "linked",
    write: false,
    logLevel: "warning",
    plugins: [bundleContract],
  });
  fs.mkdirSync(dist, { recursive: true });
  const put = (file, contents) => {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, contents);
    fs.renameSync(tmp, file);
  };
  for (const file of result.outputFiles) put(file.path, file.contents);
  put(path.join(dist, "build-stamp.txt"), stamp);
  if (!quiet) console.log(`Built packages/server/dist/cli.js in ${Date.now() - started} ms`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await build();
}
