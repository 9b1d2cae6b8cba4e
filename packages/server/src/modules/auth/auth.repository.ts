import { sql } from "kysely";
import type { Database } from "../../db/database.js";

export interface SessionData {
  user_id: string | null;
  customer_id: string | null;
}

/** Sessions and failed-login counters live in the database, so every instance shares them. */
export class AuthRepository {
  constructor(private readonly db: Database) {}

  findSession(sid: string): Promise<SessionData | undefined> {
    return this.db
      .selectFrom("session")
      .select(["user_id", "customer_id"])
      .where("sid", "=", sid)
      .where("expires_at", ">", sql<Date>`now()`)
      .executeTakeFirst();
  }

  /** Creates the session, or sets the given identity on an existing one (admin and customer may share). */
  async upsertSession(sid: string, data: Partial<SessionData>, expiresAt: Date): Promise<void> {
    await this.db
      .insertInto("session")
      .values({ sid, user_id: data.user_id ?? null, customer_id: data.customer_id ?? null, expires_at: expiresAt })
      .onConflict((oc) =>
        oc.column("sid").doUpdateSet((eb) => ({
          user_id: data.user_id !== undefined ? eb.val(data.user_id) : eb.ref("session.user_id"),
          customer_id: data.customer_id !== undefined ? eb.val(data.customer_id) : eb.ref("session.customer_id"),
          expires_at: expiresAt,
        })),
      )
      .execute();
  }

  /** Drops one identity from a session; the session goes when nobody is left in it. */
  async dropFromSession(sid: string, who: "user_id" | "customer_id"): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable("session").set({ [who]: null }).where("sid", "=", sid).execute();
      await trx.deleteFrom("session").where("sid", "=", sid).where("user_id", "is", null).where("customer_id", "is", null).execute();
    });
  }

  async purgeExpiredSessions(): Promise<void> {
    await this.db.deleteFrom("session").where("expires_at", "<=", sql<Date>`now()`).execute();
  }

  /** Largest failure count among the keys within the window. */
  async failures(keys: string[], windowSeconds: number): Promise<number> {
    const row = await this.db
      .selectFrom("auth_throttle")
      .select((eb) => eb.fn.max("failures").as("n"))
      .where("key", "in", keys)
      .where("window_started_at", ">", sql<Date>`now() - make_interval(secs => ${windowSeconds})`)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async recordFailure(keys: string[], windowSeconds: number): Promise<void> {
    await this.db
      .insertInto("auth_throttle")
      .values(keys.map((key) => ({ key, failures: 1, window_started_at: sql<Date>`now()` })))
      .onConflict((oc) =>
        oc.column("key").doUpdateSet({
          failures: sql<number>`CASE WHEN auth_throttle.window_started_at > now() - make_interval(secs => ${windowSeconds})
            THEN auth_throttle.failures + 1 ELSE 1 END`,
          window_started_at: sql<Date>`CASE WHEN auth_throttle.window_started_at > now() - make_interval(secs => ${windowSeconds})
            THEN auth_throttle.window_started_at ELSE now() END`,
        }),
      )
      .execute();
  }

  async clearFailures(keys: string[]): Promise<void> {
    await this.db.deleteFrom("auth_throttle").where("key", "in", keys).execute();
  }
}
