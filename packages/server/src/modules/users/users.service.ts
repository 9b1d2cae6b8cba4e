import type { Config } from "../../config.js";
import type { Database } from "../../db/database.js";
import { inTransaction } from "../../db/transaction.js";
import { isUniqueViolation } from "../../db/sql.js";
import type { Executor } from "../../db/sql.js";
import { conflict, duplicate, forbidden, invalidData, notFound } from "../../shared/errors.js";
import { newId } from "../../shared/ids.js";
import { mergeMetadata } from "../../shared/metadata.js";
import { hashPassword } from "../../shared/password.js";
import type { CreateUserBody, UpdateUserBody } from "@cohort/contract";
import type { PublicUser, UsersRepository } from "./users.repository.js";

export { PUBLIC_COLUMNS, type PublicUser } from "./users.repository.js";

/**
 * The reads the auth module makes of users to sign someone in (UsersRepository is one):
 * other modules use this, never the repository.
 */
export type UserLookup = Pick<UsersRepository, "findById" | "findByApiToken" | "findWithHashByEmail">;

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Who is asking: the authenticated admin user of the request. */
export type Viewer = Pick<PublicUser, "id" | "role">;

/** A user's API token is a credential: it is shown to its owner only (others see null). */
const shownTo = (user: PublicUser, viewer: Viewer): PublicUser => (user.id === viewer.id ? user : { ...user, api_token: null });

export class UsersService {
  constructor(
    private readonly db: Database,
    private readonly users: UsersRepository,
    private readonly config: Pick<Config, "passwordLogN">,
  ) {}

  /** Every user; `api_token` only on the viewer's own row. */
  async list(viewer: Viewer): Promise<PublicUser[]> {
    return (await this.users.list()).map((u) => shownTo(u, viewer));
  }

  async retrieve(id: string, viewer?: Viewer): Promise<PublicUser> {
    const user = await this.users.findById(id);
    if (!user) throw notFound(`User with id: ${id} was not found`);
    return viewer ? shownTo(user, viewer) : user;
  }

  /** Only an admin creates users (`actor` is absent for the CLI, which runs as the operator). */
  async create(input: CreateUserBody & { api_token?: string }, actor?: Viewer): Promise<PublicUser> {
    if (actor && actor.role !== "admin") throw forbidden("Only an admin can create users");
    const created = await this.insert(input);
    return actor ? shownTo(created, actor) : created;
  }

  private async insert(input: CreateUserBody & { api_token?: string }): Promise<PublicUser> {
    const email = input.email.trim().toLowerCase();
    if (!EMAIL.test(email)) throw invalidData("email must be an email");
    if (await this.users.findWithHashByEmail(email)) throw duplicate("A user with the same email already exists.");
    try {
      return await this.users.insert({
        id: newId("usr"),
        email,
        first_name: input.first_name ?? null,
        last_name: input.last_name ?? null,
        role: input.role ?? "member",
        api_token: input.api_token ?? null,
        password_hash: await hashPassword(input.password, this.config.passwordLogN),
        metadata: null,
        deleted_at: null,
      });
    } catch (err) {
      // Two creates of one email racing each other: the unique index decides.
      if (isUniqueViolation(err)) {
        const onToken = String((err as { constraint?: string }).constraint).includes("api_token");
        throw duplicate(onToken ? "A user with the same api_token already exists." : "A user with the same email already exists.");
      }
      throw err;
    }
  }

  /**
   * Anyone changes their own name, metadata and API token; only an admin changes another
   * user. Nobody changes their own role, and the last admin is never demoted (409).
   */
  async update(id: string, input: UpdateUserBody, actor: Viewer): Promise<PublicUser> {
    const self = actor.id === id;
    if (!self && actor.role !== "admin") throw forbidden("Only an admin can change another user");
    try {
      const updated = await inTransaction(this.db, async (trx) => {
        const current = await this.users.findById(id, trx);
        if (!current) throw notFound(`User with id: ${id} was not found`);
        const roleChanges = input.role !== undefined && input.role !== current.role;
        if (roleChanges && self) throw forbidden("You cannot change your own role");
        if (roleChanges && current.role === "admin") await this.keepAnAdmin(id, trx, "demote");
        const patch: Parameters<UsersRepository["update"]>[1] = {};
        if (input.first_name !== undefined) patch.first_name = input.first_name;
        if (input.last_name !== undefined) patch.last_name = input.last_name;
        if (roleChanges) patch.role = input.role;
        if (input.api_token !== undefined) patch.api_token = input.api_token;
        if (input.metadata !== undefined) patch.metadata = JSON.stringify(mergeMetadata(current.metadata, input.metadata));
        return this.users.update(id, patch, trx);
      });
      if (!updated) throw notFound(`User with id: ${id} was not found`);
      return shownTo(updated, actor);
    } catch (err) {
      if (isUniqueViolation(err)) throw duplicate("A user with the same api_token already exists.");
      throw err;
    }
  }

  /** Only an admin deletes users, and never the last admin (409). */
  async delete(id: string, actor: Viewer): Promise<void> {
    if (actor.role !== "admin") throw forbidden("Only an admin can delete users");
    await inTransaction(this.db, async (trx) => {
      const target = await this.users.findById(id, trx);
      if (!target) return;
      if (target.role === "admin") await this.keepAnAdmin(id, trx, "delete");
      await this.users.softDelete(id, trx);
    });
  }

  /**
   * Refuses to take `id` out of the admins when it is the last one. The admins' rows stay
   * locked until the transaction ends, so two admins demoting or deleting each other at
   * once cannot both succeed.
   */
  private async keepAnAdmin(id: string, executor: Executor, action: "demote" | "delete"): Promise<void> {
    const admins = await this.users.lockAdmins(executor);
    if (admins.length <= 1 && admins.includes(id)) {
      throw conflict(`User ${id} is the last admin and cannot be ${action === "delete" ? "deleted" : "demoted"}; make another user an admin first`);
    }
  }
}
