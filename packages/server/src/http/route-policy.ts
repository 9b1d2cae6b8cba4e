import type { Config } from "../config.js";
import { invalidData } from "../shared/errors.js";
import { ErrorBody } from "@cohort/contract";
import type { App } from "./types.js";

/** The API a declared route path (`/admin/users/:id`), or a router-decoded request path, belongs to. */
export function areaOfPath(path: string): "admin" | "store" | "other" {
  if (/^\/admin(?![\w-])/i.test(path)) return "admin";
  if (/^\/store(?![\w-])/i.test(path)) return "store";
  return "other";
}

/** The admin credentials (components.securitySchemes in app.ts): any one of them. */
const ADMIN_SECURITY: Array<Record<string, string[]>> = [{ api_token: [] }, { jwt_token: [] }, { cookie_auth: [] }];

const error = (description: string) => ({ ...ErrorBody, description });
const UNAUTHORIZED = {
  description: "No valid credentials: the plain-text body Unauthorized (as v1)",
  content: { "text/plain": { schema: { type: "string", enum: ["Unauthorized"] } } },
};

/** The error responses a route can give, for its OpenAPI operation (its own declarations win). */
function errorResponses(route: { method: string | string[]; url: string; config?: { public?: boolean } }, adminAuth: boolean) {
  const methods = ([] as string[]).concat(route.method);
  const takesBody = methods.some((m) => m === "POST" || m === "PUT" || m === "PATCH" || m === "DELETE");
  const mayRefuse = adminAuth || route.config?.public === true || /^\/store\/(auth|customers\/me)/.test(route.url);
  return {
    400: error("Invalid input: `{type: invalid_data, message}` naming the field"),
    ...(mayRefuse ? { 401: UNAUTHORIZED } : {}),
    404: error("An unknown id or route: `{type: not_found, message}`"),
    ...(takesBody ? { 413: error("The body is larger than the route accepts: `{type: payload_too_large, message}`") } : {}),
    500: error("An unexpected error: `{type: unknown_error, message}`"),
    503: error("The database is unreachable, or the server too busy (Retry-After): `{type: database_unavailable | server_busy, message}`"),
  };
}

/**
 * Decides, when each route is registered, what the request hooks later read from
 * `request.routeOptions.config`: authorization comes from the route that matched, never
 * from the URL string (which may be spelled `/%61dmin/users` or `http://x/admin/users`).
 * Added before any route, so every route passes through it (HEAD twins included).
 */
export function registerRoutePolicy(app: App, config: Pick<Config, "maxPageSize" | "publicBodyLimit">): void {
  app.addHook("onRoute", (route) => {
    const area = areaOfPath(route.url);
    const adminAuth = area === "admin" && route.config?.public !== true;
    // A body sent without credentials (logins, registration, the store) is small; only
    // authenticated admin routes take BODY_LIMIT (a 100,000-id batch), and their auth
    // runs before the body is read.
    if (!adminAuth && route.bodyLimit === undefined) route.bodyLimit = config.publicBodyLimit;
    const query = route.schema?.querystring as { properties?: Record<string, unknown> } | undefined;
    // The OpenAPI operation says who may call it and how it fails, for every route alike.
    if (route.schema && !(route.schema as { hide?: boolean }).hide) {
      route.schema = {
        ...route.schema,
        security: adminAuth ? ADMIN_SECURITY : [],
        response: { ...errorResponses(route, adminAuth), ...(route.schema.response as object | undefined) },
      } as typeof route.schema;
    }
    route.config = {
      ...route.config,
      area,
      adminAuth,
      paginated: query?.properties?.limit !== undefined,
    };
  });

  // Every list's page is bounded: a `limit` above MAX_PAGE_SIZE is a 400, and v1's
  // `limit=0` ("no limit") reads as the largest page instead of the whole table.
  app.addHook("preHandler", async (request) => {
    if (!request.routeOptions.config?.paginated) return;
    const query = request.query as { limit?: number };
    if (typeof query.limit !== "number") return;
    if (query.limit > config.maxPageSize) throw invalidData(`limit must not be greater than ${config.maxPageSize}`);
    if (query.limit === 0) query.limit = config.maxPageSize;
  });
}

/**
 * The path as the router decoded it, for a request that matched a wildcard: Fastify's
 * not-found route and the cors package's `OPTIONS *` both are, and their `*` parameter
 * is the path without the absolute-form origin or the query, percent-decoded once.
 */
export function routerPath(request: { params: unknown; url: string }): string {
  const wildcard = (request.params as Record<string, unknown> | undefined)?.["*"];
  return typeof wildcard === "string" ? `/${wildcard}` : request.url;
}

/**
 * A path normalised further, to refuse anonymous callers on anything that looks like an
 * admin path, erring on the side of "admin": without an absolute-form origin, query or
 * fragment, percent-decoded until stable, dot segments resolved, repeated slashes
 * collapsed.
 */
export function normalisedPath(url: string): string {
  let path = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "").split(/[?#]/)[0] ?? "";
  for (let i = 0; i < 5; i++) {
    const decoded = path.replace(/%([0-9a-f]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    if (decoded === path) break;
    path = decoded;
  }
  const segments: string[] = [];
  for (const segment of path.replace(/\\/g, "/").split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  return `/${segments.join("/")}`;
}
