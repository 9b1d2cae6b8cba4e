import type { PostgresPool, PostgresPoolClient } from "kysely";
import type pg from "pg";
import { isConnectionError } from "../shared/connection-errors.js";

/**
 * Statements worth preparing: single data statements (not BEGIN/COMMIT/SET/SAVEPOINT, not a
 * migration's script, which a prepared statement cannot hold).
 */
const preparable = (text: string) => /^\s*(select|insert|update|delete|with)\b/i.test(text) && !text.includes(";");

/**
 * A statement given a large array (a membership batch) goes out unnamed: planning is
 * nothing next to running it, and a plan made for the array's actual size beats a generic
 * one that assumes a handful of elements.
 */
const isLargeArray = (value: unknown) => Array.isArray(value) && value.length > 1000;

/** PostgreSQL refuses to run a prepared statement whose result columns a DDL has changed. */
const isStaleResultType = (err: unknown) =>
  (err as { code?: string }).code === "0A000" && /cached plan must not change result type/.test(String((err as Error).message));

/**
 * The pool Kysely uses: every data statement goes out as a *named* prepared statement, so
 * PostgreSQL parses and plans it once per connection instead of on every call (Kysely sends
 * them unnamed). Planning was most of the database CPU of the admin lists (the members page
 * was planned afresh on every request, its count subquery included), and on PGlite, where planning runs in WASM on the server's own thread, several
 * times the execution.
 *
 * Names map one-to-one to SQL texts for the life of the process, so a connection never sees
 * one name with two texts. Texts that vary without bound (an `IN ($1, …, $n)` of every
 * length) would make every connection keep a plan per variant; after `maxNames` distinct
 * texts, new ones go out unnamed as before.
 *
 * A migration applied by a newer instance while this one runs (a rolling deploy) may add a
 * column to a table this one reads with `SELECT *`; PostgreSQL then refuses the prepared
 * statement ("cached plan must not change result type"). The text is retired (sent unnamed
 * from then on, by every connection) and, outside a transaction, the call is retried at once;
 * inside one the transaction is already aborted, so that one request fails.
 */
export function preparingPool(pool: pg.Pool, maxNames = 500): PostgresPool {
  const names = new Map<string, string>();
  const retired = new Set<string>();
  const nameOf = (text: string): string | undefined => {
    if (retired.has(text)) return undefined;
    let name = names.get(text);
    if (name === undefined && names.size < maxNames && preparable(text)) {
      name = `cohort_k${names.size + 1}`;
      names.set(text, name);
    }
    return name;
  };
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      let inTransaction = false;
      // A connection that failed (the server ended it) goes back to the pool destroyed, even
      // when its socket's end has not been read yet: the next request gets a fresh one.
      let broken = false;
      const send = async (statement: unknown, parameters?: ReadonlyArray<unknown>) => {
        if (typeof statement !== "string") return client.query(statement as never);
        if (/^\s*(begin|start transaction)\b/i.test(statement)) inTransaction = true;
        else if (/^\s*(commit|rollback)\s*$/i.test(statement)) inTransaction = false;
        const values = parameters as unknown[];
        const name = values.some(isLargeArray) ? undefined : nameOf(statement);
        if (name === undefined) return client.query({ text: statement, values });
        try {
          return await client.query({ name, text: statement, values });
        } catch (err) {
          if (!isStaleResultType(err)) throw err;
          retired.add(statement);
          if (inTransaction) throw err;
          return client.query({ text: statement, values });
        }
      };
      return {
        async query(statement: unknown, parameters?: ReadonlyArray<unknown>) {
          try {
            return await send(statement, parameters);
          } catch (err) {
            if (isConnectionError(err)) broken = true;
            throw err;
          }
        },
        release: () => client.release(broken || undefined),
      } as unknown as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}
