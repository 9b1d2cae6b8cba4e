import type { FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../config.js";
import type { Credentials } from "./credentials.js";
import { areaOfPath, normalisedPath, routerPath } from "./route-policy.js";
import { clearedSessionCookie, readCookie, SESSION_COOKIE, sessionCookie, unsignSessionId } from "./session-cookie.js";
import type { App } from "./types.js";

export type { Credentials } from "./credentials.js";

/**
 * The signed-in admin. Its shape is the users module's: modules/users augments this
 * interface with its user row, so http/ needs no import from a module.
 */
export interface AuthenticatedUser {
  id: string;
}

/** Who a request's credentials identify; app.ts builds it from the auth module's service. */
export interface Authenticate {
  /** v1's admin strategies; how the admin signed in: a session or JWT ("user") or an API token. */
  admin(credentials: Credentials): Promise<{ user: AuthenticatedUser; via: "user" | "api_token" } | null>;
  /** The customer of a store request (session or store JWT), or null. */
  customer(credentials: Credentials): Promise<string | null>;
}

declare module "fastify" {
  interface FastifyRequest {
    /** The authenticated admin user; set on every /admin route that is not public. */
    user: AuthenticatedUser | null;
    /** How the admin signed in: a session or JWT ("user") or an API token. */
    userVia: "user" | "api_token" | null;
    /** Memoised customer id of a store request (session or store JWT). */
    customerIdPromise: Promise<string | null> | null;
    /** The request's credentials: a validly signed session cookie's id, a Bearer value, an API token. */
    credentials(): Credentials;
    /** The admin the request's credentials identify, or null (resolved on each call). */
    authenticatedAdmin(): Promise<AuthenticatedUser | null>;
    /** The logged-in customer of a store request, or null; resolved once per request. */
    customerId(): Promise<string | null>;
  }
}

function credentialsOf(request: FastifyRequest, cookieSecret: string): Credentials {
  const cookie = readCookie(request.headers.cookie, SESSION_COOKIE);
  const auth = request.headers.authorization;
  const token = request.headers["x-medusa-access-token"];
  return {
    sid: cookie ? (unsignSessionId(cookie, cookieSecret) ?? undefined) : undefined,
    bearer: auth && /^bearer\s+/i.test(auth) ? auth.replace(/^bearer\s+/i, "").trim() : undefined,
    accessToken: typeof token === "string" && token ? token : undefined,
  };
}

export interface SessionCookies {
  set(reply: FastifyReply, sid: string, expires: Date): void;
  clear(reply: FastifyReply): void;
  sid(request: FastifyRequest): string | undefined;
}

/**
 * Registers authentication, the one place the cookie secret is used: the request
 * decorations (`credentials()`, `authenticatedAdmin()`, `customerId()`), the /admin guard,
 * and the session cookies it returns for the login routes. Every /admin route refuses a
 * request without valid credentials, except routes marked `config: { public: true }`.
 * Which routes those are was decided when they were registered (route-policy.ts); unknown
 * paths are the not-found handler's (refusesAnonymousAdmin).
 */
export function registerAuth(app: App, authenticate: Authenticate, config: Pick<Config, "cookieSecret" | "env">): SessionCookies {
  const { cookieSecret } = config;
  app.decorateRequest("user", null);
  app.decorateRequest("customerIdPromise", null);
  app.decorateRequest("userVia", null);
  app.decorateRequest("credentials", function (this: FastifyRequest) {
    return credentialsOf(this, cookieSecret);
  });
  app.decorateRequest("authenticatedAdmin", async function (this: FastifyRequest) {
    return (await authenticate.admin(this.credentials()))?.user ?? null;
  });
  app.decorateRequest("customerId", function (this: FastifyRequest) {
    this.customerIdPromise ??= authenticate.customer(this.credentials());
    return this.customerIdPromise;
  });
  app.addHook("onRequest", async (request, reply) => {
    if (!request.routeOptions.config?.adminAuth) return;
    const admin = await authenticate.admin(request.credentials());
    request.user = admin?.user ?? null;
    request.userVia = admin?.via ?? null;
    if (!request.user) return reply.status(401).type("text/plain; charset=utf-8").send("Unauthorized");
  });

  const secure = config.env === "production" || config.env === "staging";
  return {
    set: (reply, sid, expires) => void reply.header("set-cookie", sessionCookie(sid, cookieSecret, expires, secure)),
    clear: (reply) => void reply.header("set-cookie", clearedSessionCookie(secure)),
    sid: (request) => request.credentials().sid,
  };
}

/**
 * For a request no route matched: whether to answer 401 rather than 404, so that an
 * anonymous caller cannot tell which admin paths exist. Any spelling of an /admin path
 * counts (see normalisedPath).
 */
export async function refusesAnonymousAdmin(request: FastifyRequest): Promise<boolean> {
  if (areaOfPath(normalisedPath(routerPath(request))) !== "admin") return false;
  return (await request.authenticatedAdmin()) === null;
}
