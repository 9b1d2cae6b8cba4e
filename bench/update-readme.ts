/**
 * Copies the result tables of the reference runs (bench/results/<scale>-<db>.md) into
 * bench/README.md, between the results markers, so the README shows exactly what the
 * committed scripts measured. Usage: node --import tsx bench/update-readme.ts
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchResults } from "./report.js";

const dir = path.dirname(fileURLToPath(import.meta.url));
const RUNS = ["small-postgres", "small-pglite", "large-postgres", "large-postgres-nocache", "large-pglite"];
const START = "<!-- results:start -->";
const END = "<!-- results:end -->";

function replaceSection(text: string, start: string, end: string, content: string): string {
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`bench/README.md has no ${start} … ${end} section`);
  return `${text.slice(0, from + start.length)}\n${content}${text.slice(to)}`;
}

const readmePath = path.join(dir, "README.md");
let readme = fs.readFileSync(readmePath, "utf8");

const tables = RUNS.map((name) => {
  const file = path.join(dir, "results", `${name}.md`);
  if (!fs.existsSync(file)) return `### ${name}\n\nNot run yet (\`npm run bench -- --scale ${name.split("-")[0]} --db ${name.split("-")[1]}\`).\n`;
  return fs.readFileSync(file, "utf8").trim() + "\n";
});
readme = replaceSection(readme, START, END, `\n${tables.join("\n")}\n`);

// The targets of both PostgreSQL runs in one table.
const targetRows: string[] = [];
for (const name of ["small-postgres", "large-postgres"]) {
  const file = path.join(dir, "results", `${name}.json`);
  if (!fs.existsSync(file)) continue;
  const results = JSON.parse(fs.readFileSync(file, "utf8")) as BenchResults;
  for (const t of results.targets) targetRows.push(`| ${results.scale} | ${t.what} | ${t.goal} | ${t.value} | ${t.met ? "yes" : "**no**"} |`);
}
readme = replaceSection(
  readme,
  "<!-- targets:start -->",
  "<!-- targets:end -->",
  targetRows.length ? `| scale | target | goal | measured | met |\n|---|---|---|---|---|\n${targetRows.join("\n")}\n` : "",
);
fs.writeFileSync(readmePath, readme);
console.log(`Updated ${path.relative(process.cwd(), readmePath)} with ${RUNS.join(", ")}`);
