import { randomBytes } from "node:crypto";
import type { Config } from "../../config.js";
import type { Credentials } from "../../http/credentials.js";
import { tooManyRequests, unauthorized } from "../../shared/errors.js";
import { looksLikeJwt, signJwt, verifyJwt } from "../../shared/jwt.js";
import { passwordMatches } from "../../shared/login-password.js";
import type { PublicUser, UserLookup } from "../users/users.service.js";
import type { AuthRepository, SessionData } from "./auth.repository.js";

export const ADMIN_JWT_TTL = 24 * 60 * 60;
export const STORE_JWT_TTL = 30 * 24 * 60 * 60;
/** The account-wide and the per-address budgets, in multiples of LOGIN_MAX_FAILURES. */
const SHARED_BUDGET_FACTOR = 10;

/** v1's session lifetime (express-session cookie maxAge). */
export const SESSION_TTL_MS = 10 * 60 * 60 * 1000;

function newSessionId(): string {
  return randomBytes(24).toString("base64url");
}

type AuthConfig = Pick<Config, "jwtSecret" | "loginMaxFailures" | "loginWindowSeconds" | "passwordLogN">;

export class AuthService {
  constructor(
    private readonly auth: AuthRepository,
    private readonly users: UserLookup,
    private readonly config: AuthConfig,
  ) {}

  /** v1's admin strategies in order: session, admin JWT, API token (header or Bearer). */
  async authenticateAdmin(credentials: Credentials): Promise<PublicUser | null> {
    return (await this.authenticateAdminVia(credentials))?.user ?? null;
  }

  /** The admin and how they signed in: a session or JWT is the user, a token is an API token. */
  async authenticateAdminVia(credentials: Credentials): Promise<{ user: PublicUser; via: "user" | "api_token" } | null> {
    if (credentials.sid) {
      const user = await this.auth.findSessionUser(credentials.sid);
      if (user) return { user, via: "user" };
    }
    if (credentials.bearer) {
      if (looksLikeJwt(credentials.bearer)) {
        const payload = verifyJwt(credentials.bearer, this.config.jwtSecret);
        if (payload?.domain === "admin" && typeof payload.user_id === "string") {
          const user = await this.users.findById(payload.user_id);
          if (user) return { user, via: "user" };
        }
      }
      // An API token is also accepted as a Bearer token (docs/compatibility.md#fixed-v1-bugs-the-contracts-cohort-rules).
      const user = await this.users.findByApiToken(credentials.bearer);
      if (user) return { user, via: "api_token" };
    }
    if (credentials.accessToken) {
      const user = await this.users.findByApiToken(credentials.accessToken);
      if (user) return { user, via: "api_token" };
    }
    return null;
  }

  /** The customer of a store request: session `customer_id`, else a store JWT. Invalid → anonymous. */
  async customerIdOf(credentials: Credentials): Promise<string | null> {
    if (credentials.sid) {
      const customerId = await this.auth.findSessionCustomerId(credentials.sid);
      if (customerId) return customerId;
    }
    if (credentials.bearer && looksLikeJwt(credentials.bearer)) {
      const payload = verifyJwt(credentials.bearer, this.config.jwtSecret);
      if (payload?.domain === "store" && typeof payload.customer_id === "string") return payload.customer_id;
    }
    return null;
  }

  /**
   * Runs a password check behind the failed-login limit (docs/security.md, "Login
   * limits"). The attempt is reserved in the database before the password is checked, so
   * however many arrive at once, on however many instances, at most the budget of them
   * are checked. Three budgets per window:
   * - one account from one address: LOGIN_MAX_FAILURES;
   * - one account from all addresses together: ten times that (a distributed guesser is
   *   stopped too, but one address failing cannot lock the owner out elsewhere);
   * - one address over all accounts: ten times that (many people may share an address).
   * A successful login clears its account-and-address counter and gives its attempt back
   * to the other two.
   */
  async guardedLogin<T>(scope: "admin" | "store", email: string, ip: string, check: () => Promise<T | null>): Promise<T> {
    const account = email.toLowerCase();
    const { loginMaxFailures: max, loginWindowSeconds } = this.config;
    const accountFromAddress = `${scope}:email-ip:${account} ${ip}`;
    const shared = [`${scope}:email:${account}`, `${scope}:ip:${ip}`];
    const reserved = await this.auth.reserveAttempt(
      [
        { key: accountFromAddress, budget: max },
        { key: shared[0]!, budget: max * SHARED_BUDGET_FACTOR },
        { key: shared[1]!, budget: max * SHARED_BUDGET_FACTOR },
      ],
      loginWindowSeconds,
    );
    if (!reserved.ok) throw tooManyRequests("Too many failed login attempts. Try again later.", reserved.retryAfter);
    const result = await check();
    if (result === null) throw unauthorized();
    await this.auth.settleAttempt([accountFromAddress], shared);
    return result;
  }

  loginAdmin(email: string, password: string, ip: string): Promise<PublicUser> {
    return this.guardedLogin("admin", email, ip, async () => {
      const user = await this.users.findWithHashByEmail(email.toLowerCase());
      // An unknown email costs a hash check too, so timing does not tell which emails exist.
      if (!(await passwordMatches(password, user?.password_hash, this.config.passwordLogN)) || !user) return null;
      const { password_hash: _hash, ...rest } = user;
      return rest;
    });
  }

  adminToken(userId: string): string {
    return signJwt({ user_id: userId, domain: "admin" }, this.config.jwtSecret, ADMIN_JWT_TTL);
  }

  storeToken(customerId: string): string {
    return signJwt({ customer_id: customerId, domain: "store" }, this.config.jwtSecret, STORE_JWT_TTL);
  }

  /**
   * Logs an identity in under a new session id (so a session id planted in the browser
   * before the login is worth nothing after it); the other identity of the session the
   * request brought, if any, moves to the new id with it.
   */
  async startSession(existingSid: string | undefined, data: Partial<SessionData>): Promise<{ sid: string; expires: Date }> {
    const sid = newSessionId();
    const expires = new Date(Date.now() + SESSION_TTL_MS);
    await this.auth.replaceSession(existingSid, sid, data, expires);
    return { sid, expires };
  }

  /** Deletes the sessions that have expired (the session-purge background job). */
  purgeExpiredSessions(): Promise<void> {
    return this.auth.purgeExpiredSessions();
  }

  /** Logs one identity out; true when nobody is left in the session (the cookie can go). */
  endSession(sid: string, who: "user_id" | "customer_id"): Promise<boolean> {
    return this.auth.dropFromSession(sid, who);
  }
}
