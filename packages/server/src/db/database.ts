import fs from "node:fs";
import path from "node:path";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { Config } from "../config.js";
import type { DB } from "./schema.js";
import { preparingPool } from "./preparing-pool.js";
import { parseTimestamptz } from "./timestamps.js";

const INT8 = 20;
const NUMERIC = 1700;
const TIMESTAMPTZ = 1184;

/**
 * The type parsers of Cohort's pools, one rule for both databases (PGlite's adapter goes
 * through pg's parsers too): counts and numerics come back as numbers, not strings, and
 * timestamptz through parseTimestamptz. Set per pool (pg's `types` option), so that no
 * other pg client in the process (a test's, a tool's) is changed.
 */
export const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    if (format !== "binary") {
      if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value);
      if (oid === TIMESTAMPTZ) return parseTimestamptz;
    }
    return format === undefined ? pg.types.getTypeParser(oid) : pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig["getTypeParser"],
};

export type Database = Kysely<DB>;

export interface DbHandle {
  readonly db: Database;
  readonly kind: "pglite" | "postgres";
  /** The pool under `db`, for work that needs a connection of its own (tests, bench tools). */
  readonly pool: pg.Pool;
  close(): Promise<void>;
}

export class DatabaseLockedError extends Error {}

export interface OpenDbOptions {
  /** PostgreSQL: the search_path to use (tests run each in a schema of their own). */
  schema?: string;
  /** PostgreSQL: the connections' application_name (pg_stat_activity), default "cohort". */
  applicationName?: string;
  /** PGlite: "memory://" for a throwaway database. */
  dataDir?: string;
}

type DbConfig = Pick<Config, "databaseUrl" | "dataDir" | "pgPoolSize"> & Partial<Pick<Config, "pgAcquireTimeoutMs" | "pgliteSharedBuffersMb">>;

export async function openDb(config: DbConfig, options: OpenDbOptions = {}): Promise<DbHandle> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl, config.pgPoolSize, config.pgAcquireTimeoutMs ?? 5000, options);
  return openPglite(options.dataDir ?? config.dataDir, config.pgliteSharedBuffersMb);
}

async function openPostgres(url: string, max: number, acquireTimeoutMs: number, { schema, applicationName = "cohort" }: OpenDbOptions): Promise<DbHandle> {
  const pool = new pg.Pool({
    connectionString: url,
    types: typeParsers,
    max,
    application_name: applicationName,
    // JIT compilation pays off for long analytic queries, not for an API's: a large membership
    // batch crossed its cost thresholds and spent longer compiling than running
    // (bench/README.md, "Measurements behind the code"); PGlite has no JIT at all, so this also keeps the two databases alike.
    options: ["-c jit=off", ...(schema ? [`-c search_path=${schema}`] : [])].join(" "),
    // Both the wait for a free pooled connection and the connect of a new one: past it the
    // request answers 503 database_unavailable (http/error-handler.ts) instead of queueing on.
    connectionTimeoutMillis: acquireTimeoutMs,
  });
  // An idle client's network error must not crash the process; the pool replaces it.
  pool.on("error", () => {});
  // Nor may a checked-out client's: pg emits 'error' on the client when its connection dies
  // (a restart, a failover, pg_terminate_backend), and an EventEmitter without a listener
  // throws. The query in flight fails with that error (a 503 for its request), and the pool
  // discards the client on release because it is no longer queryable.
  pool.on("connect", (client) => client.on("error", () => {}));
  const client = await pool.connect(); // fail fast when the server is unreachable
  client.release();
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  return {
    db,
    kind: "postgres",
    pool,
    close: () => db.destroy(),
  };
}

/**
 * Takes an exclusive lock on a PGlite data folder: two processes opening one folder
 * silently lose writes, so the second opener is refused with a clear message.
 */
function lockDataDir(dataDir: string): () => void {
  const lockPath = `${dataDir}.lock`;
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: "wx" });
      const release = () => {
        process.off("exit", release);
        try {
          if (fs.readFileSync(lockPath, "utf8") === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
      // A forced exit (a second Ctrl-C, process.exit on a fatal error) still releases the lock.
      process.on("exit", release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const owner = Number(fs.readFileSync(lockPath, "utf8"));
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new DatabaseLockedError(
          `The embedded database at ${dataDir} is in use by process ${owner} (a running Cohort server?). ` +
            `Stop that process first, or set DATABASE_URL to use a PostgreSQL server that several processes can share.`,
        );
      }
      fs.unlinkSync(lockPath); // stale lock of a process that is gone
    }
  }
  throw new DatabaseLockedError(`Could not lock ${dataDir}`);
}

/** The live process that holds the lock of a PGlite data folder, if any. */
export function lockOwner(dataDir: string): number | undefined {
  let owner: number;
  try {
    owner = Number(fs.readFileSync(`${dataDir}.lock`, "utf8"));
  } catch {
    return undefined;
  }
  return owner && owner !== process.pid && isAlive(owner) ? owner : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function openPglite(dataDir: string, sharedBuffersMb = 16): Promise<DbHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { createPgConfig } = await import("@electric-sql/pglite/node-postgres");
  const inMemory = dataDir.startsWith("memory://");
  const unlock = inMemory ? () => {} : lockDataDir(dataDir);
  let pglite;
  try {
    if (!inMemory) fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    pglite = await PGlite.create(inMemory ? undefined : dataDir, {
      startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${sharedBuffersMb}MB`],
    });
  } catch (err) {
    unlock();
    throw err;
  }
  const pgConfig = createPgConfig(pglite);
  const connection = pgConfig.connection as unknown as { parse(q: { types?: unknown }): void };
  const parse = connection.parse.bind(connection);
  // PGlite's adapter fails on pg's per-query `types` object (then hangs the client);
  // it only understands an array of parameter type oids.
  connection.parse = (q) => parse({ ...q, types: Array.isArray(q.types) ? q.types : undefined });
  // PGlite is a single connection. A pool of exactly one makes every other request wait
  // while a transaction holds it, so writes never leak into someone else's transaction.
  const pool = new pg.Pool({ ...(pgConfig as unknown as pg.PoolConfig), types: typeParsers, max: 1, idleTimeoutMillis: 0 });
  pool.on("error", () => {});
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  let closed = false;
  return {
    db,
    kind: "pglite",
    pool,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      await pglite.close();
      unlock();
    },
  };
}
