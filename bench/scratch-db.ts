import { randomBytes } from "node:crypto";
import pg from "pg";

/** Where an in-process bench opens its database: openDb()'s second argument. */
export type ScratchWhere = { schema: string } | { dataDir: string };

/**
 * The database of a bench that runs the server in its own process: with a PostgreSQL URL, a
 * fresh schema in that database; else an in-memory PGlite. `drop()` closes the database and
 * drops the schema. `open` is the caller's openDb (a bench may load another checkout's).
 */
export async function scratchDb<D extends { close(): Promise<void> }>(
  pgUrl: string | undefined,
  open: (where: ScratchWhere) => Promise<D>,
  prefix = "bench",
): Promise<{ db: D; drop(): Promise<void> }> {
  const schema = pgUrl ? `${prefix}_${randomBytes(4).toString("hex")}` : undefined;
  if (schema) await onServer(pgUrl!, `CREATE SCHEMA ${schema}`);
  const db = await open(schema ? { schema } : { dataDir: "memory://" });
  return {
    db,
    async drop() {
      await db.close();
      if (schema) await onServer(pgUrl!, `DROP SCHEMA ${schema} CASCADE`);
    },
  };
}

async function onServer(url: string, statement: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
