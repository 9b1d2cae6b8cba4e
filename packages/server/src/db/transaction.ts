import type { Transaction } from "kysely";
import type { Database } from "./database.js";
import type { DB } from "./schema.js";

const RETRYABLE = new Set(["40P01", "40001"]); // deadlock detected, serialization failure

/**
 * Runs `work` in a transaction and runs it again (up to `attempts` times) when PostgreSQL
 * aborted it as a deadlock victim or for a serialization failure: concurrent membership
 * changes on PostgreSQL can meet that way, and the client should not see a 409 for it.
 */
export async function inTransaction<T>(
  db: Database,
  work: (trx: Transaction<DB>) => Promise<T>,
  attempts = 3,
  alsoRetry: readonly string[] = [],
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (attempt >= attempts || typeof code !== "string" || (!RETRYABLE.has(code) && !alsoRetry.includes(code))) throw err;
    }
  }
}
