import { createHash, randomBytes } from "node:crypto";
import type { Config } from "../../config.js";
import type { Database } from "../../db/database.js";
import { conflict, forbidden, invalidData } from "../../shared/errors.js";
import { newId } from "../../shared/ids.js";
import { hashPassword } from "../../shared/password.js";
import { EMAIL, type PublicUser, type UsersService } from "../users/users.service.js";
import type { SetupRepository } from "./setup.repository.js";
import type { SetupBody } from "@cohort/contract";
import { inTransaction } from "../../db/transaction.js";

const TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
const hash = (token: string) => createHash("sha256").update(token).digest("hex");

export type FirstRun =
  | { kind: "has_users" }
  | { kind: "created"; user: PublicUser }
  | { kind: "needs_admin"; setupToken: string };

/**
 * The first admin of a new installation: from COHORT_ADMIN_* at start, from the CLI, or from
 * the first-run route, which a later admin console's first-run screen calls. Every path
 * creates it only while there is no user at all, under one advisory lock, so two instances
 * starting together (or two setup requests) create one admin, and nobody is ever overwritten.
 */
export class SetupService {
  constructor(
    private readonly db: Database,
    private readonly repo: SetupRepository,
    private readonly users: UsersService,
    private readonly config: Pick<Config, "passwordLogN" | "firstAdmin">,
  ) {}

  setupRequired(): Promise<boolean> {
    return this.repo.hasUser().then((has) => !has);
  }

  /** At start: create the configured first admin, or hand out a one-time setup token. */
  async firstRun(now = new Date()): Promise<FirstRun> {
    if (await this.repo.hasUser()) return { kind: "has_users" };
    const admin = this.config.firstAdmin;
    if (admin) {
      const user = await this.createFirstAdmin({ email: admin.email, password: admin.password, api_token: admin.apiToken }, { trusted: true });
      if (user) return { kind: "created", user };
      return { kind: "has_users" }; // another instance was first
    }
    const setupToken = randomBytes(24).toString("base64url");
    await this.repo.insertToken(hash(setupToken), new Date(now.getTime() + TOKEN_TTL_MS));
    return { kind: "needs_admin", setupToken };
  }

  /**
   * POST /admin/setup. `trusted`: the request came from this machine (see the route); else a
   * valid setup token is needed. 409 once any user exists, 403 without trust or token.
   */
  async setup(input: SetupBody, access: { trusted: boolean; token?: string }): Promise<PublicUser> {
    const user = await this.createFirstAdmin(input, access);
    if (!user) throw conflict("The first admin user already exists. Log in, or ask an admin to create your user.");
    return user;
  }

  /** Creates the admin, or returns undefined when a user exists already. */
  private async createFirstAdmin(input: SetupBody, access: { trusted: boolean; token?: string }): Promise<PublicUser | undefined> {
    const email = input.email.trim().toLowerCase();
    if (!EMAIL.test(email)) throw invalidData("email must be an email");
    // Hash before taking the lock: scrypt is slow on purpose and must not hold other instances up.
    const password_hash = await hashPassword(input.password, this.config.passwordLogN);
    const id = await inTransaction(this.db, async (trx) => {
      await this.repo.lock(trx);
      if (await this.repo.hasUser(trx)) return undefined;
      if (!access.trusted && !(access.token && (await this.repo.tokenValid(hash(access.token), trx)))) {
        throw forbidden(
          "Creating the first admin needs the setup token that the server printed at start (header x-cohort-setup-token), or a request from this machine.",
        );
      }
      const created = await this.repo.insertIfNoUser(
        {
          id: newId("usr"),
          email,
          first_name: input.first_name ?? null,
          last_name: input.last_name ?? null,
          role: "admin",
          api_token: input.api_token ?? null,
          password_hash,
        },
        trx,
      );
      await this.repo.deleteTokens(trx);
      return created;
    });
    return id === undefined ? undefined : this.users.retrieve(id);
  }
}
