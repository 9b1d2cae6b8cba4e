// The fingerprint of the server's sources that a build records and bin/cohort.js compares:
// the newest modification time, the number of files and their total size. Cheap (one stat
// per file, ~130 files) and it changes on any edit, added or deleted file. The sources are
// the server's src/ and @cohort/contract's (the API schemas), which the build bundles too.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** src/ of the server package at `root`, and @cohort/contract's src/ where it is installed. */
export function sourceDirs(root) {
  const dirs = [path.join(root, "src")];
  try {
    dirs.push(path.dirname(fileURLToPath(import.meta.resolve("@cohort/contract"))));
  } catch {
    // Not installed: a build from the server's sources alone would fail anyway.
  }
  return dirs;
}

export function sourceFingerprint(dirs) {
  let newest = 0;
  let files = 0;
  let bytes = 0;
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) {
        const stat = fs.statSync(full);
        newest = Math.max(newest, stat.mtimeMs);
        files += 1;
        bytes += stat.size;
      }
    }
  };
  for (const dir of dirs) walk(dir);
  return `${Math.floor(newest)}:${files}:${bytes}`;
}
