// The fingerprint of the server's sources that a build records and bin/cohort.js compares:
// the newest modification time, the number of files and their total size. Cheap (one stat
// per file, ~100 files) and it changes on any edit, added or deleted file.
import fs from "node:fs";
import path from "node:path";

export function sourceFingerprint(srcDir) {
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
  walk(srcDir);
  return `${Math.floor(newest)}:${files}:${bytes}`;
}
