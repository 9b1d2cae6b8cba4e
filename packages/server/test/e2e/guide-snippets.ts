import { readFileSync } from "node:fs";
import { expect } from "vitest";

// The guide's snippets, run as written. Shared by the medusa-js end-to-end test beside this
// file and by @cohort/client's guide test, which runs the same snippets with that client.

/** A verbatim copy of shared/seed/customer-groups-guide.txt. */
export const GUIDE = readFileSync(new URL("./customer-groups-guide.txt", import.meta.url), "utf8");

/** The code blocks: the lines between a "Report Incorrect Code…" line and the next "Copy to Clipboard". */
export function snippets(text: string = GUIDE): string[] {
  const out: string[] = [];
  let block: string[] | null = null;
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith("Report Incorrect Code")) block = [];
    else if (block && line.trim() === "Copy to Clipboard") {
      out.push(block.join("\n"));
      block = null;
    } else if (block) block.push(line);
  }
  return out;
}

export interface Run {
  /** What the snippet passed to console.log. */
  logged: unknown[];
  /** What the client call resolved to (the value the snippet's `.then` received). */
  result: Record<string, unknown>;
}

/**
 * Runs a snippet as written, with the variables it names bound, `console.log` captured, and
 * the client wrapped so the resolved value of its call is recorded.
 */
export async function runSnippet(source: string, medusa: object, vars: Record<string, string> = {}): Promise<Run> {
  const logged: unknown[] = [];
  const results: unknown[] = [];
  const record = (target: object): object =>
    new Proxy(target, {
      get(obj, key, receiver) {
        const value = Reflect.get(obj, key, receiver);
        if (typeof value === "function") {
          return (...args: unknown[]) => {
            const out = value.apply(obj, args);
            return out instanceof Promise ? out.then((r) => (results.push(r), r)) : out;
          };
        }
        return value && typeof value === "object" ? record(value) : value;
      },
    });
  const names = ["medusa", "console", ...Object.keys(vars)];
  const run = new Function(...names, `"use strict"; return ${source.trim()}`) as (...args: unknown[]) => Promise<unknown>;
  await run(record(medusa), { log: (...args: unknown[]) => logged.push(...args) }, ...Object.values(vars));
  expect(results, "the snippet makes exactly one client call").toHaveLength(1);
  return { logged, result: results[0] as Record<string, unknown> };
}
