#!/usr/bin/env -S node --max-semi-space-size=8 --max-old-space-size=128
// The flags above bound the JS heap (measured in bench/README.md, "Memory and start-up"): an
// 8 MB semi-space (V8's default is 16) and a 128 MB old space keep the server at ~110-120 MB
// of resident memory on PostgreSQL under load instead of ~210, for ~0.1 ms more GC per admin
// request. They apply when this file is executed (npm start, npx cohort, ./bin/cohort.js);
// `node [your flags] bin/cohort.js` runs without them.
// Runs the compiled server (dist/cli.js) when it is current, in this process (no child
// process, so a signal sent to this pid reaches the server itself). When the sources are
// newer than the build it rebuilds first (esbuild, well under a second); where esbuild is
// not installed (a production install without dev dependencies) it runs the build it has.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { sourceDirs, sourceFingerprint } from "../scripts/sources.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const cli = path.join(root, "dist", "cli.js");
const src = path.join(root, "src");

function current() {
  try {
    return fs.readFileSync(path.join(root, "dist", "build-stamp.txt"), "utf8") === sourceFingerprint(sourceDirs(root));
  } catch {
    return false;
  }
}

if (fs.existsSync(src) && !current()) {
  try {
    const { build } = await import("../scripts/build.mjs");
    await build({ quiet: true });
  } catch (err) {
    if (!fs.existsSync(cli)) throw err;
    console.error(`cohort: could not rebuild the server (${err.message}); running the existing build`);
  }
}
await import(pathToFileURL(cli).href);
