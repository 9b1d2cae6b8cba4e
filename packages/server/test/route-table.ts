import type { App } from "../src/http/types.js";

/**
 * Every method + declared path in Fastify's own route table (`printRoutes`), so a route
 * added later is walked too without anyone listing it here.
 */
export function routeTable(app: App): Array<{ method: string; path: string }> {
  const stack: string[] = [];
  const out: Array<{ method: string; path: string }> = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split("\n")) {
    const m = line.match(/^((?:[│ ] {3})*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    const path = (stack[depth - 1] ?? "") + m[2]!;
    stack[depth] = path;
    stack.length = depth + 1;
    for (const method of (m[3] ?? "").split(", ").filter(Boolean)) out.push({ method, path });
  }
  return out;
}

