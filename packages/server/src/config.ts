import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface Config {
  readonly env: "development" | "production" | "test" | "staging";
  readonly port: number;
  readonly host: string;
  /** PostgreSQL connection string; when absent Cohort uses embedded PGlite. */
  readonly databaseUrl: string | undefined;
  /** Folder of the embedded PGlite database (ignored with databaseUrl). */
  readonly dataDir: string;
  readonly jwtSecret: string;
  readonly cookieSecret: string;
  readonly logLevel: string;
  /** Maximum request body, in bytes: large enough for a 100,000-id batch. */
  readonly bodyLimit: number;
  readonly adminCors: string[];
  readonly storeCors: string[];
  /** scrypt cost exponent (N = 2^logN) for new password hashes. */
  readonly passwordLogN: number;
  /** Failed logins per account or IP within loginWindowSeconds before 429. */
  readonly loginMaxFailures: number;
  readonly loginWindowSeconds: number;
  readonly pgPoolSize: number;
  /**
   * PGlite's shared_buffers, in MB. PostgreSQL's default (128 MB) is touched at start inside
   * PGlite's WASM memory, ~120 MB of resident memory before the first query; the data files
   * stay in the OS page cache either way.
   */
  readonly pgliteSharedBuffersMb: number;
  /** Byte budget of the store response cache (0 turns it off); see StoreResponseCache. */
  readonly storeCacheBytes: number;
  /** Prices explain keeps, over all variants, per catalogue version (0 turns it off); see VariantPricesCache. */
  readonly explainCacheRows: number;
  /** The built admin console (packages/admin/dist), served at /app. */
  readonly adminDir: string;
  /** Secrets that were generated because the environment did not set them. */
  readonly generatedSecrets: string[];
  /**
   * The first admin, created at start when the database has no user at all (container-style
   * deploys); never overwrites anyone. Undefined unless both email and password are set.
   */
  readonly firstAdmin: { email: string; password: string; apiToken: string | undefined } | undefined;
  /** A bearer token that may read /metrics besides admin credentials (undefined: admins only). */
  readonly metricsToken: string | undefined;
  /**
   * Started by npm (npm start, npx cohort): the server stops when its parent goes away, since
   * npm forwards a signal to its direct child only and a shell in between dies without passing it on.
   */
  readonly launchedByNpm: boolean;
  // ---- deploy safety (docs/security.md)
  /** PostgreSQL: how long a request waits for a pool connection before a 503. */
  readonly pgAcquireTimeoutMs: number;
  /** Membership batch writes running at once per instance; more wait in line. */
  readonly batchConcurrency: number;
  /** Ids one membership batch call may carry. */
  readonly batchMaxIds: number;
  /**
   * Fastify's trustProxy: which proxies' X-Forwarded-For to believe for the client address
   * (false: the socket's peer; true: any; a number: that many hops; addresses/CIDRs).
   */
  readonly trustProxy: boolean | number | string[];
  /** Largest `limit` a list accepts; `limit=0` (v1's "no limit") means this many. */
  readonly maxPageSize: number;
  /** Largest body, in bytes, of a route that takes no admin credentials (login, store). */
  readonly publicBodyLimit: number;
  // ---- events and webhooks (docs/events-and-webhooks.md)
  /** Days an event is kept; older ones are pruned in the background. */
  readonly eventRetentionDays: number;
  /** Days a member import's dry run waits for its confirm before it is canceled (IMPORT_DRY_RUN_DAYS). */
  readonly importDryRunDays: number;
  /** Whether webhooks may be delivered to private networks (10/8, 172.16/12, 192.168/16, fc00::/7, ...). */
  readonly webhookAllowPrivateNetworks: boolean;
  /** Whether webhooks may be delivered to loopback: outside production, or when private networks are allowed. */
  readonly webhookAllowLoopback: boolean;
  /** Milliseconds a webhook request may take before it counts as failed. */
  readonly webhookTimeoutMs: number;
  /**
   * Whether this instance runs the background jobs (webhook deliveries, price list schedule
   * events, event pruning). Every instance may: they claim their work through the database.
   */
  readonly backgroundJobs: boolean;
  // ---- uploads and batch jobs (docs/batch-jobs.md)
  /** Largest file POST /admin/uploads accepts, in bytes. */
  readonly uploadMaxBytes: number;
  /** Whether this instance runs batch jobs in the background (any number of instances may). */
  readonly batchJobRunner: boolean;
  /** How often an idle runner looks for work made on other instances, in ms. */
  readonly batchJobPollMs: number;
  /** The CLI's admin API token for import/export against a running server (COHORT_API_TOKEN). */
  readonly apiToken: string | undefined;
  /** The CLI's server URL (COHORT_URL); default http://HOST:PORT. */
  readonly apiUrl: string | undefined;
}

export class ConfigError extends Error {}

/** Beside this package in the workspace; the same relative path from src/ or a compiled dist/. */
const DEFAULT_ADMIN_DIR = fileURLToPath(new URL("../../admin/dist", import.meta.url));

const ENVS = ["development", "production", "test", "staging"] as const;

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = (env[name] ?? "").trim().toLowerCase();
  if (raw === "") return fallback;
  if (["true", "1", "on"].includes(raw)) return true;
  if (["false", "0", "off"].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false (or on/off), got "${env[name]}"`);
}

function list(raw: string | undefined, fallback: string[]): string[] {
  if (raw === undefined) return fallback;
  return raw.split(",").map((s) => s.trim()).filter(Boolean);
}

function databaseNameOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return decodeURIComponent(parsed.pathname.replace(/^\//, "")) || parsed.searchParams.get("database") || undefined;
  } catch {
    throw new ConfigError("DATABASE_URL is not a valid URL");
  }
}

function trustProxy(raw: string | undefined): boolean | number | string[] {
  const value = (raw ?? "").trim();
  if (value === "" || value === "false") return false;
  if (value === "true") return true;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(",").map((s) => s.trim()).filter(Boolean);
  for (const entry of entries) {
    if (!/^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(entry) && !["loopback", "linklocal", "uniquelocal"].includes(entry)) {
      throw new ConfigError(`TRUST_PROXY must be true, false, a hop count or a list of addresses/CIDRs, got "${raw}"`);
    }
  }
  return entries;
}

/**
 * Reads and validates the environment once. Nothing else in Cohort reads process.env.
 * A relative COHORT_DATA_DIR is resolved against the directory the user ran the command in:
 * npm's INIT_CWD when npm started us (npm start and npm -w change into the package folder),
 * else `cwd`. So `npm start`, `npx cohort …` and `node bin/cohort.js …` from one folder open
 * one database.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const nodeEnv = (env.NODE_ENV ?? "development") as Config["env"];
  if (!ENVS.includes(nodeEnv)) throw new ConfigError(`NODE_ENV must be one of ${ENVS.join(", ")}`);
  const generatedSecrets: string[] = [];
  const secret = (name: string): string => {
    const value = env[name];
    if (value) return value;
    if (nodeEnv === "production") throw new ConfigError(`${name} must be set in production`);
    generatedSecrets.push(name);
    return randomBytes(32).toString("hex");
  };
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError("DATABASE_URL must start with postgres:// or postgresql://");
  }
  const adminEmail = env.COHORT_ADMIN_EMAIL || undefined;
  const adminPassword = env.COHORT_ADMIN_PASSWORD || undefined;
  if (Boolean(adminEmail) !== Boolean(adminPassword)) {
    throw new ConfigError("COHORT_ADMIN_EMAIL and COHORT_ADMIN_PASSWORD must be set together");
  }
  if (env.COHORT_ADMIN_API_TOKEN && !adminEmail) {
    throw new ConfigError("COHORT_ADMIN_API_TOKEN needs COHORT_ADMIN_EMAIL and COHORT_ADMIN_PASSWORD");
  }
  if (databaseUrl && !databaseNameOf(databaseUrl)) {
    // Without one, pg connects to the database named like the user: usually the
    // "postgres" maintenance database, which Cohort would then fill with its tables.
    throw new ConfigError("DATABASE_URL must name a database, e.g. postgres://user@host:5432/cohort");
  }
  return {
    env: nodeEnv,
    port: int(env, "PORT", 9000, 0, 65535),
    host: env.HOST || "127.0.0.1",
    databaseUrl,
    dataDir: path.resolve(env.INIT_CWD || cwd, env.COHORT_DATA_DIR || ".cohort/data"),
    jwtSecret: secret("JWT_SECRET"),
    cookieSecret: secret("COOKIE_SECRET"),
    logLevel: env.LOG_LEVEL || (nodeEnv === "test" ? "silent" : "info"),
    bodyLimit: int(env, "BODY_LIMIT", 32 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    adminCors: list(env.ADMIN_CORS, ["http://localhost:7000", "http://localhost:7001"]),
    storeCors: list(env.STORE_CORS, ["http://localhost:8000"]),
    passwordLogN: int(env, "PASSWORD_SCRYPT_LOG_N", 15, 1, 20),
    loginMaxFailures: int(env, "LOGIN_MAX_FAILURES", 10, 1, 1_000_000),
    loginWindowSeconds: int(env, "LOGIN_WINDOW_SECONDS", 900, 1, 86_400),
    pgPoolSize: int(env, "PG_POOL_SIZE", 10, 1, 1000),
    pgliteSharedBuffersMb: int(env, "PGLITE_SHARED_BUFFERS_MB", 16, 1, 4096),
    storeCacheBytes: int(env, "STORE_CACHE_MB", 32, 0, 65_536) * 1024 * 1024,
    explainCacheRows: int(env, "EXPLAIN_CACHE_ROWS", 20_000, 0, 10_000_000),
    adminDir: env.COHORT_ADMIN_DIR ? path.resolve(cwd, env.COHORT_ADMIN_DIR) : DEFAULT_ADMIN_DIR,
    generatedSecrets,
    firstAdmin: adminEmail && adminPassword ? { email: adminEmail, password: adminPassword, apiToken: env.COHORT_ADMIN_API_TOKEN || undefined } : undefined,
    metricsToken: env.METRICS_TOKEN || undefined,
    launchedByNpm: Boolean(env.npm_lifecycle_event || env.npm_command),
    pgAcquireTimeoutMs: int(env, "PG_ACQUIRE_TIMEOUT_MS", 5000, 100, 600_000),
    batchConcurrency: int(env, "BATCH_CONCURRENCY", 2, 1, 1000),
    batchMaxIds: int(env, "BATCH_MAX_IDS", 100_000, 1, 10_000_000),
    trustProxy: trustProxy(env.TRUST_PROXY),
    // At least the largest default page (100, the store lists), which must stay valid.
    maxPageSize: int(env, "MAX_PAGE_SIZE", 1000, 100, 1_000_000),
    publicBodyLimit: int(env, "PUBLIC_BODY_LIMIT", 64 * 1024, 1024, 1024 * 1024 * 1024),
    eventRetentionDays: int(env, "EVENT_RETENTION_DAYS", 90, 1, 36_500),
    importDryRunDays: int(env, "IMPORT_DRY_RUN_DAYS", 7, 1, 36_500),
    webhookAllowPrivateNetworks: bool(env, "WEBHOOK_ALLOW_PRIVATE_NETWORKS", false),
    webhookAllowLoopback: nodeEnv !== "production" || bool(env, "WEBHOOK_ALLOW_PRIVATE_NETWORKS", false),
    webhookTimeoutMs: int(env, "WEBHOOK_TIMEOUT_MS", 10_000, 100, 600_000),
    backgroundJobs: bool(env, "COHORT_BACKGROUND_JOBS", true),
    uploadMaxBytes: int(env, "UPLOAD_MAX_MB", 512, 1, 65_536) * 1024 * 1024,
    batchJobRunner: bool(env, "BATCH_JOB_RUNNER", true),
    batchJobPollMs: int(env, "BATCH_JOB_POLL_MS", 2000, 10, 3_600_000),
    apiToken: env.COHORT_API_TOKEN || undefined,
    apiUrl: env.COHORT_URL || undefined,
  };
}
