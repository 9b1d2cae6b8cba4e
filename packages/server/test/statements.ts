import pg from "pg";

/**
 * Runs an action and counts the statements it sent to the database. Kysely and the raw
 * pool (named prepared statements) both end in pg.Client#query, on PGlite and PostgreSQL.
 */
export async function countStatements<T>(action: () => Promise<T>): Promise<{ n: number; result: T }> {
  let n = 0;
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    n++;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    const result = await action();
    return { n, result };
  } finally {
    pg.Client.prototype.query = original;
  }
}
