#!/usr/bin/env -S node --max-semi-space-size=2 --max-old-space-size=128
// The flags above bound the JS heap (measured in bench/README.md, "Memory"): a 2 MB young
// generation and old-space collections that start well before the default limit keep the
// server's resident memory near 100 MB on PostgreSQL under load, at about the same CPU per
// request. They apply when this file is executed (npm start, npx cohort, ./bin/cohort.js);
// `node [your flags] bin/cohort.js` runs without them.
// Runs the compiled server (dist/cli.js) when it is current, in this process (no child
// process, so a signal sent to this pid reaches the server itself). When the sources are
// newer than the build it rebuilds first (esbuild, well under a second); where esbuild is
// not installed (a production install without dev dependencies) it runs the build it has.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { sourceFingerprint } from "../scripts/sources.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const cli = path.join(root, "dist", "cli.js");
const src = path.join(root, "src");

function current() {
  try {
    return fs.readFileSync(path.join(root, "dist", "build-stamp.txt"), "utf8") === sourceFingerprint(src);
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
