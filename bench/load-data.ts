import fs from "node:fs";
import { sql, type Transaction } from "kysely";
import pg from "pg";
import { openDb, type DbHandle } from "../packages/server/src/db/database.js";
import { migrate } from "../packages/server/src/db/migrate.js";
import type { DB } from "../packages/server/src/db/schema.js";
import { hashPassword } from "../packages/server/src/shared/password.js";
import { ADMIN_EMAIL, BENCH_PASSWORD, COUNT_TABLES, DATASET_VERSION, loadStatements, SHOPPER_EMAIL, type Scale, type SchemaFeatures } from "./dataset.js";

export type DbKind = "pglite" | "postgres";

/** Where the data set lives: a PGlite folder, or a database on the local PostgreSQL. */
export interface Target {
  kind: DbKind;
  /** PGlite: the data folder. */
  dataDir?: string;
  /** PostgreSQL: the bench database's URL, and the server URL to create/drop it through. */
  databaseUrl?: string;
  adminUrl?: string;
  databaseName?: string;
}

const log = (msg: string) => process.stdout.write(`${msg}\n`);

async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function databaseExists(target: Target): Promise<boolean> {
  if (target.kind === "pglite") return fs.existsSync(target.dataDir!);
  return withAdmin(target.adminUrl!, async (c) => (await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [target.databaseName])).rowCount === 1);
}

export async function createDatabase(target: Target): Promise<void> {
  if (target.kind === "pglite") {
    fs.rmSync(target.dataDir!, { recursive: true, force: true });
    fs.rmSync(`${target.dataDir}.lock`, { force: true });
    return;
  }
  await withAdmin(target.adminUrl!, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${target.databaseName}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${target.databaseName}"`);
  });
}

export async function dropDatabase(target: Target): Promise<void> {
  if (target.kind === "pglite") {
    fs.rmSync(target.dataDir!, { recursive: true, force: true });
    fs.rmSync(`${target.dataDir}.lock`, { force: true });
    return;
  }
  await withAdmin(target.adminUrl!, (c) => c.query(`DROP DATABASE IF EXISTS "${target.databaseName}" WITH (FORCE)`));
}

export function openTarget(target: Target): Promise<DbHandle> {
  return openDb({ databaseUrl: target.databaseUrl, dataDir: target.dataDir ?? "", pgPoolSize: 2 });
}

/** The marker a kept data set carries, so `--keep` reuses it only when it is the same one. */
export async function loadedVersion(db: DbHandle, scale: Scale): Promise<boolean> {
  try {
    const r = await sql<{ scale: string; version: number }>`SELECT scale, version FROM bench_dataset`.execute(db.db);
    return r.rows[0]?.scale === scale.name && r.rows[0]?.version === DATASET_VERSION;
  } catch {
    return false;
  }
}

/**
 * Migrates the empty database with Cohort's own migrations, then fills it with set-based
 * SQL and refreshes the planner statistics (and, on PostgreSQL, the visibility map) as a
 * database in steady state would have them.
 */
export async function loadDataset(db: DbHandle, scale: Scale): Promise<Record<string, number>> {
  const started = performance.now();
  await migrate(db.db);
  await db.db.transaction().execute(async (trx) => {
    if (db.kind === "postgres") await sql.raw("SET LOCAL work_mem = '256MB'; SET LOCAL maintenance_work_mem = '512MB'").execute(trx);
    await withoutIndexes(trx, async () => {
      for (const step of loadStatements(scale, await schemaFeatures(trx))) {
        const t = performance.now();
        await sql.raw(step.sql).execute(trx);
        log(`  loaded ${step.label} in ${Math.round(performance.now() - t)} ms`);
      }
    });
  });
  const t = performance.now();
  await sql.raw(db.kind === "postgres" ? "VACUUM ANALYZE" : "ANALYZE").execute(db.db);
  log(`  ${db.kind === "postgres" ? "VACUUM ANALYZE" : "ANALYZE"} in ${Math.round(performance.now() - t)} ms`);
  if (db.kind === "postgres") {
    // The load writes ~1 GB of WAL at the large scale (the server's max_wal_size), so
    // PostgreSQL would otherwise run a checkpoint, flushing the loaded pages, during the
    // first scenarios. A large reference run straight after a load without this measured
    // (d) at 1.10 s; the next one, with it, at 0.82 s.
    const c = performance.now();
    await sql.raw("CHECKPOINT").execute(db.db);
    log(`  CHECKPOINT in ${Math.round(performance.now() - c)} ms`);
  }
  // Passwords for the two logins the cookie scenarios make (v1's scrypt-kdf layout, as Cohort
  // stores them); hashed here, once, rather than in SQL.
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  await sql`UPDATE "user" SET password_hash = ${passwordHash} WHERE email = ${ADMIN_EMAIL}`.execute(db.db);
  await sql`UPDATE customer SET password_hash = ${passwordHash} WHERE email = ${SHOPPER_EMAIL} AND has_account`.execute(db.db);
  await sql.raw(
    `CREATE TABLE bench_dataset (scale text NOT NULL, version integer NOT NULL);
     INSERT INTO bench_dataset VALUES ('${scale.name}', ${DATASET_VERSION})`,
  ).execute(db.db);
  const counts = await countRows(db);
  log(`  data set ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return counts;
}

/**
 * The classic bulk load: foreign keys, keys and indexes are dropped, the rows go in, then
 * every index is built once (a sort, not millions of random B-tree inserts) and every foreign
 * key is validated in one scan. With the indexes kept, the 2.5 million memberships of the
 * large set alone took minutes. The definitions are read from the catalog, so whatever later
 * migrations add comes back too.
 */
async function withoutIndexes(trx: Transaction<DB>, fn: () => Promise<void>): Promise<void> {
  const tables = [...COUNT_TABLES];
  const fks = await sql<{ tbl: string; name: string; def: string }>`
    SELECT conrelid::regclass::text AS tbl, quote_ident(conname) AS name, pg_get_constraintdef(oid) AS def
    FROM pg_constraint
    WHERE contype = 'f' AND connamespace = current_schema()::regnamespace`.execute(trx);
  const keys = await sql<{ tbl: string; name: string; def: string }>`
    SELECT k.conrelid::regclass::text AS tbl, quote_ident(k.conname) AS name, pg_get_constraintdef(k.oid) AS def
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
    WHERE k.contype IN ('p', 'u') AND c.relname = ANY(${tables}) AND c.relnamespace = current_schema()::regnamespace`.execute(trx);
  const indexes = await sql<{ name: string; def: string }>`
    SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
    FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
    WHERE c.relname = ANY(${tables}) AND c.relnamespace = current_schema()::regnamespace
      AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`.execute(trx);
  for (const fk of fks.rows) await sql.raw(`ALTER TABLE ${fk.tbl} DROP CONSTRAINT ${fk.name}`).execute(trx);
  for (const key of keys.rows) await sql.raw(`ALTER TABLE ${key.tbl} DROP CONSTRAINT ${key.name}`).execute(trx);
  for (const ix of indexes.rows) await sql.raw(`DROP INDEX ${ix.name}`).execute(trx);
  await fn();
  let t = performance.now();
  for (const key of keys.rows) await sql.raw(`ALTER TABLE ${key.tbl} ADD CONSTRAINT ${key.name} ${key.def}`).execute(trx);
  for (const ix of indexes.rows) await sql.raw(ix.def).execute(trx);
  log(`  built ${keys.rows.length + indexes.rows.length} keys and indexes in ${Math.round(performance.now() - t)} ms`);
  t = performance.now();
  for (const fk of fks.rows) await sql.raw(`ALTER TABLE ${fk.tbl} ADD CONSTRAINT ${fk.name} ${fk.def}`).execute(trx);
  log(`  validated ${fks.rows.length} foreign keys in ${Math.round(performance.now() - t)} ms`);
}

async function schemaFeatures(trx: Transaction<DB>): Promise<SchemaFeatures> {
  const r = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name = 'customer_group_customers' AND column_name = 'customer_created_at'`.execute(trx);
  return { memberCreatedAt: r.rows[0]!.n > 0 };
}

export async function countRows(db: DbHandle): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of COUNT_TABLES) {
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(db.db);
    counts[table] = r.rows[0]!.n;
  }
  return counts;
}
