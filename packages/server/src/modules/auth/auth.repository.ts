import { CompiledQuery, sql } from "kysely";
import type { Database } from "../../db/database.js";
import { PUBLIC_COLUMNS, type PublicUser } from "../users/users.service.js";
import { inTransaction } from "../../db/transaction.js";

export interface SessionData {
  user_id: string | null;
  customer_id: string | null;
}

/**
 * The lookups a request with a session cookie makes, as fixed SQL (like the API-token lookup,
 * see UsersRepository): the admin's session and user in one round trip, not two queries each
 * built and compiled by Kysely. Nothing is cached: a deleted session or user is refused at the
 * next request.
 */
const SESSION_USER = `SELECT ${PUBLIC_COLUMNS.map((c) => `u."${c}"`).join(", ")}
  FROM session s JOIN "user" u ON u.id = s.user_id
  WHERE s.sid = $1 AND s.expires_at > now() AND u.deleted_at IS NULL LIMIT 1`;
const SESSION_CUSTOMER = `SELECT customer_id FROM session WHERE sid = $1 AND expires_at > now() LIMIT 1`;

/** Sessions and failed-login counters live in the database, so every instance shares them. */
export class AuthRepository {
  constructor(private readonly db: Database) {}

  /** The live admin user of a live session, if the session holds one. */
  async findSessionUser(sid: string): Promise<PublicUser | undefined> {
    const { rows } = await this.db.executeQuery(CompiledQuery.raw(SESSION_USER, [sid]) as CompiledQuery<PublicUser>);
    return rows[0];
  }

  /** The customer of a live session, if it holds one. */
  async findSessionCustomerId(sid: string): Promise<string | null> {
    const { rows } = await this.db.executeQuery(CompiledQuery.raw(SESSION_CUSTOMER, [sid]) as CompiledQuery<{ customer_id: string | null }>);
    return rows[0]?.customer_id ?? null;
  }

  /**
   * Starts a session under `sid` holding `data` plus the other identity of the session the
   * browser brought (`previousSid`: an admin and a customer may share one browser), whose
   * row goes: a login never keeps a session id that existed before it.
   */
  async replaceSession(previousSid: string | undefined, sid: string, data: Partial<SessionData>, expiresAt: Date): Promise<void> {
    await inTransaction(this.db, async (trx) => {
      const previous = previousSid
        ? await trx
            .deleteFrom("session")
            .where("sid", "=", previousSid)
            .where("expires_at", ">", sql<Date>`now()`)
            .returning(["user_id", "customer_id"])
            .executeTakeFirst()
        : undefined;
      await trx
        .insertInto("session")
        .values({
          sid,
          user_id: data.user_id !== undefined ? data.user_id : (previous?.user_id ?? null),
          customer_id: data.customer_id !== undefined ? data.customer_id : (previous?.customer_id ?? null),
          expires_at: expiresAt,
        })
        .execute();
    });
  }

  /** Drops one identity from a session; the session goes when nobody is left in it. True when it went. */
  async dropFromSession(sid: string, who: "user_id" | "customer_id"): Promise<boolean> {
    return inTransaction(this.db, async (trx) => {
      await trx.updateTable("session").set({ [who]: null }).where("sid", "=", sid).execute();
      const gone = await trx
        .deleteFrom("session")
        .where("sid", "=", sid)
        .where("user_id", "is", null)
        .where("customer_id", "is", null)
        .executeTakeFirst();
      return gone.numDeletedRows > 0n || !(await trx.selectFrom("session").select("sid").where("sid", "=", sid).executeTakeFirst());
    });
  }

  async purgeExpiredSessions(): Promise<void> {
    await this.db.deleteFrom("session").where("expires_at", "<=", sql<Date>`now()`).execute();
  }

  /**
   * Reserves one login attempt on every key, atomically and before any password is
   * checked: each counter goes up only while it is under its budget within the window
   * (a window that has run out starts again at 1). All or nothing: when one key is spent,
   * none is counted, and the answer says how long until that key's window ends.
   *
   * The conditional upsert takes the key's row lock, so concurrent attempts on one key
   * (from any instance) queue on it and at most `budget` of them get through. Keys are
   * locked in sorted order, so two attempts sharing keys cannot deadlock.
   */
  async reserveAttempt(keys: ReadonlyArray<{ key: string; budget: number }>, windowSeconds: number): Promise<{ ok: true } | { ok: false; retryAfter: number }> {
    const spent = new Error("login budget spent");
    let retryAfter = windowSeconds;
    try {
      await inTransaction(this.db, async (trx) => {
        for (const { key, budget } of [...keys].sort((a, b) => a.key.localeCompare(b.key))) {
          const current = sql`auth_throttle.window_started_at > now() - make_interval(secs => ${windowSeconds})`;
          const { rows } = await sql<{ failures: number }>`
            INSERT INTO auth_throttle (key, failures, window_started_at) VALUES (${key}, 1, now())
            ON CONFLICT (key) DO UPDATE SET
              failures = CASE WHEN ${current} THEN auth_throttle.failures + 1 ELSE 1 END,
              window_started_at = CASE WHEN ${current} THEN auth_throttle.window_started_at ELSE now() END
            WHERE NOT (${current}) OR auth_throttle.failures < ${budget}
            RETURNING failures`.execute(trx);
          if (rows.length === 0) {
            const { rows: left } = await sql<{ s: number }>`
              SELECT ceil(extract(epoch FROM window_started_at + make_interval(secs => ${windowSeconds}) - now()))::int AS s
              FROM auth_throttle WHERE key = ${key}`.execute(trx);
            retryAfter = Math.max(1, Number(left[0]?.s ?? windowSeconds));
            throw spent;
          }
        }
      });
    } catch (err) {
      if (err === spent) return { ok: false, retryAfter };
      throw err;
    }
    return { ok: true };
  }

  /** A successful login: its attempt is not a failure. `clear` keys start afresh, `release` keys give the attempt back. */
  async settleAttempt(clear: string[], release: string[]): Promise<void> {
    await inTransaction(this.db, async (trx) => {
      if (clear.length) await trx.deleteFrom("auth_throttle").where("key", "in", clear).execute();
      if (release.length) {
        await trx
          .updateTable("auth_throttle")
          .set({ failures: sql<number>`greatest(failures - 1, 0)` })
          .where("key", "in", release)
          .execute();
      }
    });
  }
}
