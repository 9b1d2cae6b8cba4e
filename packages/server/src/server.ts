import fs from "node:fs";
import { buildApp } from "./app.js";
import { commandFromRequest, describeError, exitCodeOf, runDbCommand } from "./commands.js";
import type { Config } from "./config.js";
import { controlSocketPath, listenControl, type ControlServer } from "./control/control-socket.js";
import { openDb, type DbHandle } from "./db/database.js";
import { migrate } from "./db/migrate.js";
import type { App } from "./http/types.js";
import { SetupRepository } from "./modules/setup/setup.repository.js";
import { SETUP_TOKEN_HEADER } from "@cohort/contract";
import { SetupService } from "./modules/setup/setup.service.js";
import { UsersRepository } from "./modules/users/users.repository.js";
import { UsersService } from "./modules/users/users.service.js";

export interface RunningServer {
  app: App;
  db: DbHandle;
  url: string;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Aborted by a SIGINT/SIGTERM during start-up: start-up stops at its next step and cleans up. */
  signal?: AbortSignal;
  /** Where log lines go (default stdout). */
  logStream?: { write(line: string): void };
}

/** Where the database is, for the start-up log (no password). */
function describeDatabase(config: Config): string {
  if (!config.databaseUrl) return `embedded PostgreSQL (PGlite) in ${config.dataDir}`;
  try {
    const url = new URL(config.databaseUrl);
    return `PostgreSQL at ${url.hostname}${url.port ? `:${url.port}` : ""}${url.pathname}`;
  } catch {
    return "PostgreSQL";
  }
}

/**
 * openDb → migrate → listen; on the embedded database also the control socket through which
 * the CLI's user/seed/migrate reach this process. Closing finishes in-flight requests, then
 * closes the database (and releases the PGlite lock).
 */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const { signal } = options;
  const db = await openDb(config);
  let app: App | undefined;
  let control: ControlServer | undefined;
  try {
    signal?.throwIfAborted();
    await migrate(db.db);
    signal?.throwIfAborted();
    app = await buildApp({ config, db, logStream: options.logStream });
    app.log.info({ database: db.kind, dataDir: db.kind === "pglite" ? config.dataDir : undefined }, `database: ${describeDatabase(config)}`);
    for (const name of config.generatedSecrets) {
      app.log.warn(`${name} is not set: using a random secret for this process only. Sessions and tokens will not survive a restart or be shared between instances. Set ${name} in the environment.`);
    }
    await firstRun(app, db, config);
    signal?.throwIfAborted();
    const url = await app.listen({ port: config.port, host: config.host });
    if (db.kind === "pglite") {
      // Owner-only: the data folder holds the database and the control socket.
      fs.chmodSync(config.dataDir, 0o700);
      const socketPath = controlSocketPath(config.dataDir);
      control = await listenControl(socketPath, async (request) => {
        try {
          const command = commandFromRequest(request);
          app!.log.info({ command: command.name }, "control socket command");
          const output = await runDbCommand(command, { db, config, baseUrl: url, migrated: true });
          return { ok: true, output, exitCode: 0 };
        } catch (err) {
          return { ok: false, output: describeError(err), exitCode: exitCodeOf(err) };
        }
      });
    }
    let closing: Promise<void> | undefined;
    return {
      app,
      db,
      url,
      close: () =>
        (closing ??= (async () => {
          await control?.close();
          await app!.close();
          await db.close();
        })()),
    };
  } catch (err) {
    await control?.close().catch(() => {});
    await app?.close().catch(() => {});
    await db.close();
    throw err;
  }
}

/** The first admin: created from COHORT_ADMIN_* when there is no user, else the log says how. */
async function firstRun(app: App, db: DbHandle, config: Config): Promise<void> {
  const setup = new SetupService(db.db, new SetupRepository(db.db), new UsersService(db.db, new UsersRepository(db.db), config), config);
  const result = await setup.firstRun();
  if (result.kind === "created") {
    app.log.info({ user: result.user.id }, `Created the first admin user ${result.user.email} from COHORT_ADMIN_EMAIL.`);
  } else if (result.kind === "needs_admin") {
    app.log.warn(
      "No admin user exists yet. Create one (the server may keep running) from the folder you started Cohort in: " +
        "npx cohort user -e admin@example.com -p <password> --api-token <token>. " +
        "Or set COHORT_ADMIN_EMAIL and COHORT_ADMIN_PASSWORD before starting, or POST /admin/setup from this machine " +
        `or with the one-time setup token ${result.setupToken} (header ${SETUP_TOKEN_HEADER}, valid for 24 hours).`,
    );
  }
}
