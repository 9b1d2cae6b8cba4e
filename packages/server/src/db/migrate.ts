import { sql } from "kysely";
import type { Database } from "./database.js";
import { migrations as allMigrations, type Migration } from "./migrations/index.js";
import { inTransaction } from "./transaction.js";

// Any constant works; it only has to be the same for every Cohort instance.
const MIGRATION_LOCK = 7_140_613;

export interface MigrationResult {
  applied: string[];
}

/**
 * Applies pending migrations. An advisory lock serialises instances that start together
 * on one PostgreSQL, so each migration runs exactly once.
 */
export async function migrate(db: Database, migrations: readonly Migration[] = allMigrations): Promise<MigrationResult> {
  // The usual start: everything applied already. One read instead of a locked transaction per
  // migration (a noticeable part of PGlite's start-up); any gap takes the locked path below.
  if (await allApplied(db, migrations)) return { applied: [] };
  const applied: string[] = [];
  for (const migration of migrations) {
    const done = await inTransaction(db, async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
      await sql`CREATE TABLE IF NOT EXISTS cohort_migration (
        version    integer PRIMARY KEY,
        name       text NOT NULL,
        applied_at timestamptz(3) NOT NULL DEFAULT now()
      )`.execute(trx);
      const existing = await sql<{ version: number }>`SELECT version FROM cohort_migration WHERE version = ${migration.version}`.execute(trx);
      if (existing.rows.length > 0) return false;
      await sql.raw(migration.sql).execute(trx);
      await sql`INSERT INTO cohort_migration (version, name) VALUES (${migration.version}, ${migration.name})`.execute(trx);
      return true;
    });
    if (done) applied.push(`${String(migration.version).padStart(4, "0")}_${migration.name}`);
  }
  return { applied };
}

async function allApplied(db: Database, migrations: readonly Migration[]): Promise<boolean> {
  const exists = await sql<{ t: string | null }>`SELECT to_regclass('cohort_migration')::text AS t`.execute(db);
  if (!exists.rows[0]?.t) return false;
  const { rows } = await sql<{ version: number }>`SELECT version FROM cohort_migration`.execute(db);
  const done = new Set(rows.map((r) => r.version));
  return migrations.every((m) => done.has(m.version));
}
