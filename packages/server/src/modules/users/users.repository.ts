import { CompiledQuery, sql } from "kysely";
import type { Database } from "../../db/database.js";
import type { Executor } from "../../db/sql.js";
import type { NewUser, UserRow, UserUpdate } from "../../db/schema.js";

export const PUBLIC_COLUMNS = [
  "id",
  "email",
  "first_name",
  "last_name",
  "api_token",
  "role",
  "metadata",
  "created_at",
  "updated_at",
  "deleted_at",
] as const;

export type PublicUser = Omit<UserRow, "password_hash">;

declare module "../../http/auth.js" {
  /** The signed-in admin of a request (request.user) is a user row without its hash. */
  interface AuthenticatedUser extends PublicUser {}
}

/**
 * The API-token lookup as fixed SQL: it runs on every admin request, and building and
 * compiling it with Kysely each time was a sizeable part of such a request's cost
 * (bench/README.md, "Measurements behind the code").
 */
const BY_API_TOKEN = `SELECT ${PUBLIC_COLUMNS.map((c) => `"${c}"`).join(", ")} FROM "user" WHERE api_token = $1 AND deleted_at IS NULL LIMIT 1`;

export class UsersRepository {
  constructor(private readonly db: Database) {}

  list(): Promise<PublicUser[]> {
    return this.db
      .selectFrom("user")
      .select(PUBLIC_COLUMNS)
      .where("deleted_at", "is", null)
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .execute();
  }

  findById(id: string, executor: Executor = this.db): Promise<PublicUser | undefined> {
    return executor.selectFrom("user").select(PUBLIC_COLUMNS).where("id", "=", id).where("deleted_at", "is", null).executeTakeFirst();
  }

  /**
   * The lookup every admin request with an API token makes (a prepared statement, like every
   * query: see preparingPool). Nothing is cached in the process: a revoked token stops
   * working at the next request.
   */
  async findByApiToken(token: string): Promise<PublicUser | undefined> {
    const { rows } = await this.db.executeQuery(CompiledQuery.raw(BY_API_TOKEN, [token]) as CompiledQuery<PublicUser>);
    return rows[0];
  }

  /** The one read that includes the hash: for verifying a login. */
  findWithHashByEmail(email: string): Promise<UserRow | undefined> {
    return this.db.selectFrom("user").selectAll().where("email", "=", email).where("deleted_at", "is", null).executeTakeFirst();
  }

  insert(user: NewUser): Promise<PublicUser> {
    return this.db.insertInto("user").values(user).returning(PUBLIC_COLUMNS).executeTakeFirstOrThrow();
  }

  /** A live admin's id: the one with this (normalised) email, or the oldest. */
  async findAdminId(email?: string): Promise<string | undefined> {
    let query = this.db.selectFrom("user").select("id").where("role", "=", "admin").where("deleted_at", "is", null);
    if (email !== undefined) query = query.where("email", "=", email);
    return (await query.orderBy("created_at").orderBy("id").executeTakeFirst())?.id;
  }

  /**
   * The live admins' ids, their rows locked until the transaction ends: a role change or
   * delete that could leave no admin checks this first, and concurrent ones queue here.
   */
  async lockAdmins(executor: Executor): Promise<string[]> {
    const rows = await executor.selectFrom("user").select("id").where("role", "=", "admin").where("deleted_at", "is", null).orderBy("id").forUpdate().execute();
    return rows.map((r) => r.id);
  }

  update(id: string, patch: UserUpdate, executor: Executor = this.db): Promise<PublicUser | undefined> {
    return executor
      .updateTable("user")
      .set({ ...patch, updated_at: sql<Date>`now()` })
      .where("id", "=", id)
      .where("deleted_at", "is", null)
      .returning(PUBLIC_COLUMNS)
      .executeTakeFirst();
  }

  async softDelete(id: string, executor: Executor = this.db): Promise<void> {
    await executor
      .updateTable("user")
      .set({ deleted_at: sql<Date>`now()`, api_token: null })
      .where("id", "=", id)
      .where("deleted_at", "is", null)
      .execute();
  }
}
