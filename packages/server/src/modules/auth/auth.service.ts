import type { Config } from "../../config.js";
import { tooManyRequests, unauthorized } from "../../shared/errors.js";
import { looksLikeJwt, signJwt, verifyJwt } from "../../shared/jwt.js";
import { verifyPassword } from "../../shared/password.js";
import type { PublicUser, UsersRepository } from "../users/users.repository.js";
import type { AuthRepository, SessionData } from "./auth.repository.js";
import { newSessionId, SESSION_TTL_MS } from "./session-cookie.js";

export const ADMIN_JWT_TTL = 24 * 60 * 60;
export const STORE_JWT_TTL = 30 * 24 * 60 * 60;
const IP_BUDGET_FACTOR = 10;

/** What a request carries that may identify someone. */
export interface Credentials {
  sid?: string;
  bearer?: string;
  accessToken?: string;
}

type AuthConfig = Pick<Config, "jwtSecret" | "loginMaxFailures" | "loginWindowSeconds">;

export class AuthService {
  constructor(
    private readonly auth: AuthRepository,
    private readonly users: UsersRepository,
    private readonly config: AuthConfig,
  ) {}

  /** v1's admin strategies in order: session, admin JWT, API token (header or Bearer). */
  async authenticateAdmin(credentials: Credentials): Promise<PublicUser | null> {
    if (credentials.sid) {
      const session = await this.auth.findSession(credentials.sid);
      if (session?.user_id) {
        const user = await this.users.findById(session.user_id);
        if (user) return user;
      }
    }
    if (credentials.bearer) {
      if (looksLikeJwt(credentials.bearer)) {
        const payload = verifyJwt(credentials.bearer, this.config.jwtSecret);
        if (payload?.domain === "admin" && typeof payload.user_id === "string") {
          const user = await this.users.findById(payload.user_id);
          if (user) return user;
        }
      }
      // Cohort rule 7: an API token is also accepted as a Bearer token.
      const user = await this.users.findByApiToken(credentials.bearer);
      if (user) return user;
    }
    if (credentials.accessToken) {
      const user = await this.users.findByApiToken(credentials.accessToken);
      if (user) return user;
    }
    return null;
  }

  /** The customer of a store request: session `customer_id`, else a store JWT. Invalid → anonymous. */
  async customerIdOf(credentials: Credentials): Promise<string | null> {
    if (credentials.sid) {
      const session = await this.auth.findSession(credentials.sid);
      if (session?.customer_id) return session.customer_id;
    }
    if (credentials.bearer && looksLikeJwt(credentials.bearer)) {
      const payload = verifyJwt(credentials.bearer, this.config.jwtSecret);
      if (payload?.domain === "store" && typeof payload.customer_id === "string") return payload.customer_id;
    }
    return null;
  }

  /**
   * Runs a password check behind the failed-login limit: after too many failures for the
   * account or the address within the window, 429 without even checking.
   */
  async guardedLogin<T>(scope: "admin" | "store", email: string, ip: string, check: () => Promise<T | null>): Promise<T> {
    const accountKey = `${scope}:email:${email.toLowerCase()}`;
    const ipKey = `${scope}:ip:${ip}`;
    const { loginMaxFailures, loginWindowSeconds } = this.config;
    const [account, address] = await Promise.all([
      this.auth.failures([accountKey], loginWindowSeconds),
      this.auth.failures([ipKey], loginWindowSeconds),
    ]);
    // An address may be shared by many people (NAT, an office), so it gets a larger budget.
    if (account >= loginMaxFailures || address >= loginMaxFailures * IP_BUDGET_FACTOR) {
      throw tooManyRequests("Too many failed login attempts. Try again later.", loginWindowSeconds);
    }
    const result = await check();
    if (result === null) {
      await this.auth.recordFailure([accountKey, ipKey], loginWindowSeconds);
      throw unauthorized();
    }
    await this.auth.clearFailures([accountKey]);
    return result;
  }

  loginAdmin(email: string, password: string, ip: string): Promise<PublicUser> {
    return this.guardedLogin("admin", email, ip, async () => {
      const user = await this.users.findWithHashByEmail(email.toLowerCase());
      if (!user || !(await verifyPassword(password, user.password_hash))) return null;
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

  /** Puts an identity into the request's session (a new one when it has none). */
  async startSession(existingSid: string | undefined, data: Partial<SessionData>): Promise<{ sid: string; expires: Date }> {
    const sid = existingSid && (await this.auth.findSession(existingSid)) ? existingSid : newSessionId();
    const expires = new Date(Date.now() + SESSION_TTL_MS);
    await this.auth.upsertSession(sid, data, expires);
    if (Math.random() < 0.01) await this.auth.purgeExpiredSessions();
    return { sid, expires };
  }

  endSession(sid: string, who: "user_id" | "customer_id"): Promise<void> {
    return this.auth.dropFromSession(sid, who);
  }
}
