import type { FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../config.js";
import type { AuthService, Credentials } from "../modules/auth/auth.service.js";
import { clearedSessionCookie, readCookie, SESSION_COOKIE, sessionCookie, unsignSessionId } from "../modules/auth/session-cookie.js";
import type { PublicUser } from "../modules/users/users.repository.js";
import { areaOfPath, normalisedPath, routerPath } from "./route-policy.js";
import type { App } from "./types.js";

declare module "fastify" {
  interface FastifyRequest {
    /** The authenticated admin user; set on every /admin route that is not public. */
    user: PublicUser | null;
    /** How the admin signed in: a session or JWT ("user") or an API token. */
    userVia: "user" | "api_token" | null;
    /** Memoised customer id of a store request (session or store JWT). */
    customerIdPromise: Promise<string | null> | null;
  }
}

export function credentialsOf(request: FastifyRequest, cookieSecret: string): Credentials {
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

export function sessionCookies(config: Pick<Config, "cookieSecret" | "env">): SessionCookies {
  const secure = config.env === "production" || config.env === "staging";
  return {
    set: (reply, sid, expires) => void reply.header("set-cookie", sessionCookie(sid, config.cookieSecret, expires, secure)),
    clear: (reply) => void reply.header("set-cookie", clearedSessionCookie(secure)),
    sid: (request) => credentialsOf(request, config.cookieSecret).sid,
  };
}

/**
 * Every /admin route refuses a request without valid credentials, except routes marked
 * `config: { public: true }`. Which routes those are was decided when they were registered
 * (route-policy.ts); unknown paths are the not-found handler's (adminNotFound).
 */
export function registerAuth(app: App, auth: AuthService, config: Pick<Config, "cookieSecret">): void {
  app.decorateRequest("user", null);
  app.decorateRequest("customerIdPromise", null);
  app.decorateRequest("userVia", null);
  app.addHook("onRequest", async (request, reply) => {
    if (!request.routeOptions.config?.adminAuth) return;
    const admin = await auth.authenticateAdminVia(credentialsOf(request, config.cookieSecret));
    request.user = admin?.user ?? null;
    request.userVia = admin?.via ?? null;
    if (!request.user) return reply.status(401).type("text/plain; charset=utf-8").send("Unauthorized");
  });
}

/**
 * For a request no route matched: whether to answer 401 rather than 404, so that an
 * anonymous caller cannot tell which admin paths exist. Any spelling of an /admin path
 * counts (see normalisedPath).
 */
export async function refusesAnonymousAdmin(request: FastifyRequest, auth: AuthService, cookieSecret: string): Promise<boolean> {
  if (areaOfPath(normalisedPath(routerPath(request))) !== "admin") return false;
  return (await auth.authenticateAdmin(credentialsOf(request, cookieSecret))) === null;
}

/** The logged-in customer of a store request, or null; resolved once per request. */
export function customerIdOf(request: FastifyRequest, auth: AuthService, cookieSecret: string): Promise<string | null> {
  request.customerIdPromise ??= auth.customerIdOf(credentialsOf(request, cookieSecret));
  return request.customerIdPromise;
}
