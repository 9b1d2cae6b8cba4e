import fs from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply } from "fastify";

export interface AdminConsoleOptions {
  /** The console's build output (index.html, assets/). */
  dir: string;
}

/**
 * The browser may load scripts, styles and images from this origin only; inline styles are
 * allowed because the component library positions popovers and toasts with <style> tags.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const HASHED_ASSET_CACHE = "public, max-age=31536000, immutable";

/**
 * The admin console at /app: static files of the Vite build, every other /app path answered
 * with index.html (client-side routes). These are public files, like the login page of any
 * admin; the API calls they make are the authenticated /admin routes.
 */
export async function adminConsoleRoutes(app: FastifyInstance, { dir }: AdminConsoleOptions): Promise<void> {
  const route = { config: { public: true }, schema: { hide: true } } as const;
  const security = (reply: FastifyReply) =>
    reply
      .header("content-security-policy", CONSOLE_CSP)
      .header("x-content-type-options", "nosniff")
      .header("referrer-policy", "same-origin")
      .header("x-frame-options", "DENY");

  const index = path.join(dir, "index.html");
  if (!fs.existsSync(index)) {
    app.log.warn(`The admin console is not built (no ${index}): /app answers 503. Build it with "npm run build -w @cohort/admin".`);
    const notBuilt = async (_request: unknown, reply: FastifyReply) =>
      security(reply).status(503).header("cache-control", "no-store").type("text/html; charset=utf-8").send(NOT_BUILT_PAGE);
    app.get("/app", route, notBuilt);
    app.get("/app/*", route, notBuilt);
    return;
  }

  await app.register(fastifyStatic, { root: dir, serve: false });
  // Files at the top of the build (favicon…) are served as they are; read once, at start.
  const topFiles = new Set(fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name));
  const sendIndex = (reply: FastifyReply) => security(reply).header("cache-control", "no-cache").sendFile("index.html", { cacheControl: false });

  // The router ignores trailing slashes, so this is /app/ too; the build's URLs are absolute.
  app.get("/app", route, async (_request, reply) => sendIndex(reply));
  // Vite names every asset by its content hash, so a URL never changes meaning.
  app.get<{ Params: { "*": string } }>("/app/assets/*", route, async (request, reply) =>
    security(reply).header("cache-control", HASHED_ASSET_CACHE).sendFile(`assets/${request.params["*"]}`, { cacheControl: false }),
  );
  app.get<{ Params: { "*": string } }>("/app/*", route, async (request, reply) => {
    const name = request.params["*"];
    if (name !== "index.html" && topFiles.has(name)) return security(reply).header("cache-control", "no-cache").sendFile(name, { cacheControl: false });
    return sendIndex(reply);
  });
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Cohort admin: not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem; line-height: 1.5">
<h1>The admin console is not built</h1>
<p>This Cohort server has no build of the admin console to serve. <code>npm ci</code> builds it; to build it by hand, run</p>
<pre>npm run build -w @cohort/admin</pre>
<p>then restart the server (or set <code>COHORT_ADMIN_DIR</code> to a folder that holds a build). The API under <code>/admin</code> and <code>/store</code> works without it.</p>
</body>
</html>
`;
