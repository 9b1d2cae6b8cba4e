import { sql } from "kysely";
import type { Database } from "../../db/database.js";
import type { Executor } from "../../db/sql.js";
import type { NewUser } from "../../db/schema.js";

// Any constant works; it only has to be the same for every Cohort instance.
const FIRST_ADMIN_LOCK = 7_140_614;

export class SetupRepository {
  constructor(private readonly db: Database) {}

  async hasUser(executor: Executor = this.db): Promise<boolean> {
    const row = await executor.selectFrom("user").select("id").where("deleted_at", "is", null).limit(1).executeTakeFirst();
    return row !== undefined;
  }

  /** Serialises first-admin creation across instances until the transaction ends. */
  async lock(executor: Executor): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(${FIRST_ADMIN_LOCK})`.execute(executor);
  }

  /** Inserts the user only while there is no (live) user at all; returns its id, or undefined. */
  async insertIfNoUser(user: NewUser, executor: Executor): Promise<string | undefined> {
    const { rows } = await sql<{ id: string }>`
      INSERT INTO "user" (id, email, first_name, last_name, role, api_token, password_hash)
      SELECT ${user.id}, ${user.email}, ${user.first_name ?? null}, ${user.last_name ?? null}, ${user.role ?? "admin"},
             ${user.api_token ?? null}, ${user.password_hash ?? null}
      WHERE NOT EXISTS (SELECT 1 FROM "user" WHERE deleted_at IS NULL)
      RETURNING id`.execute(executor);
    return rows[0]?.id;
  }

  /** Adds a token (each start without any user prints one) and drops the expired ones. */
  async insertToken(tokenHash: string, expiresAt: Date): Promise<void> {
    await this.db.deleteFrom("cohort_setup_token").where("expires_at", "<=", sql<Date>`now()`).execute();
    await this.db.insertInto("cohort_setup_token").values({ token_hash: tokenHash, expires_at: expiresAt }).execute();
  }

  async tokenValid(tokenHash: string, executor: Executor): Promise<boolean> {
    const row = await executor
      .selectFrom("cohort_setup_token")
      .select("token_hash")
      .where("token_hash", "=", tokenHash)
      .where("expires_at", ">", sql<Date>`now()`)
      .executeTakeFirst();
    return row !== undefined;
  }

  async deleteTokens(executor: Executor): Promise<void> {
    await executor.deleteFrom("cohort_setup_token").execute();
  }
}
