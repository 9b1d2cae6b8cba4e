import { randomBytes } from "node:crypto";
import pg from "pg";
import { buildApp, type BuildAppOptions } from "../src/app.js";
import { loadConfig, type Config } from "../src/config.js";
import { openDb, type DbHandle } from "../src/db/database.js";
import { migrate } from "../src/db/migrate.js";
import type { App } from "../src/http/types.js";
import { UsersRepository } from "../src/modules/users/users.repository.js";
import { UsersService } from "../src/modules/users/users.service.js";

export const usingPostgres = Boolean(process.env.DATABASE_URL);

/** Test config: fixed secrets, a cheap password hash, no logs. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  const base = loadConfig({
    NODE_ENV: "test",
    DATABASE_URL: process.env.DATABASE_URL,
    JWT_SECRET: "test-jwt-secret",
    COOKIE_SECRET: "test-cookie-secret",
    PASSWORD_SCRYPT_LOG_N: "4",
    PG_POOL_SIZE: "4",
    // Tests drive the background jobs themselves (runOnce with a test clock).
    COHORT_BACKGROUND_JOBS: "false",
    // Batch jobs run when a test ticks them (app.batchJobs.tick()), not in the background.
    BATCH_JOB_RUNNER: "off",
  });
  return { ...base, ...overrides };
}

export interface TestDb {
  handle: DbHandle;
  /** PostgreSQL: the schema of this test database (also its connections' application_name). */
  schema?: string;
  /** Opens another handle on the same database (a second Cohort instance). */
  reopen(): Promise<DbHandle>;
  close(): Promise<void>;
}

/**
 * A fresh database: an in-memory PGlite, or with DATABASE_URL a new schema on that
 * PostgreSQL, dropped again on close. Migrations are applied.
 */
export async function openTestDb(config: Config = testConfig()): Promise<TestDb> {
  if (!config.databaseUrl) {
    const handle = await openDb(config, { dataDir: "memory://" });
    await migrate(handle.db);
    return { handle, reopen: () => Promise.reject(new Error("PGlite cannot be opened twice")), close: () => handle.close() };
  }
  const schema = `t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: config.databaseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const handles: DbHandle[] = [];
  const open = async () => {
    // application_name = the schema, so a fault test can end exactly this test's connections.
    const h = await openDb(config, { schema, applicationName: schema });
    handles.push(h);
    return h;
  };
  const handle = await open();
  await migrate(handle.db);
  return {
    handle,
    schema,
    reopen: open,
    async close() {
      for (const h of handles) await h.close();
      const c = new pg.Client({ connectionString: config.databaseUrl });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

export interface TestApp {
  app: App;
  db: DbHandle;
  testDb: TestDb;
  config: Config;
  /** Headers of an admin created for this app (API token). */
  admin: { id: string; email: string; password: string; token: string; headers: Record<string, string> };
  close(): Promise<void>;
}

let seq = 0;

export async function createTestApp(overrides: Partial<Config> = {}, options: Pick<BuildAppOptions, "batchJobs"> = {}): Promise<TestApp> {
  const config = testConfig(overrides);
  const testDb = await openTestDb(config);
  const app = await buildApp({ config, db: testDb.handle, ...options });
  await app.ready();
  const password = "supersecret";
  const email = `admin${++seq}@cohort.test`;
  const token = `test_token_${randomBytes(8).toString("hex")}`;
  const user = await new UsersService(testDb.handle.db, new UsersRepository(testDb.handle.db), config).create({ email, password, role: "admin", api_token: token });
  return {
    app,
    db: testDb.handle,
    testDb,
    config,
    admin: { id: user.id, email, password, token, headers: { "x-medusa-access-token": token } },
    async close() {
      await app.close();
      await testDb.close();
    },
  };
}
