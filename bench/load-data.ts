import fs from "node:fs";
import { sql } from "kysely";
import pg from "pg";
import { openDb, type DbHandle } from "../packages/server/src/db/database.js";
import { migrate } from "../packages/server/src/db/migrate.js";
import { COUNT_TABLES, DATASET_VERSION, loadStatements, type Scale } from "./dataset.js";

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
  for (const step of loadStatements(scale)) {
    const t = performance.now();
    await sql.raw(step.sql).execute(db.db);
    log(`  loaded ${step.label} in ${Math.round(performance.now() - t)} ms`);
  }
  const t = performance.now();
  await sql.raw(db.kind === "postgres" ? "VACUUM ANALYZE" : "ANALYZE").execute(db.db);
  log(`  ${db.kind === "postgres" ? "VACUUM ANALYZE" : "ANALYZE"} in ${Math.round(performance.now() - t)} ms`);
  await sql.raw(
    `CREATE TABLE bench_dataset (scale text NOT NULL, version integer NOT NULL);
     INSERT INTO bench_dataset VALUES ('${scale.name}', ${DATASET_VERSION})`,
  ).execute(db.db);
  const counts = await countRows(db);
  log(`  data set ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return counts;
}

export async function countRows(db: DbHandle): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of COUNT_TABLES) {
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(db.db);
    counts[table] = r.rows[0]!.n;
  }
  return counts;
}
