import { parseArgs } from "node:util";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { DatabaseLockedError, openDb } from "./db/database.js";
import { migrate } from "./db/migrate.js";
import { UsersRepository } from "./modules/users/users.repository.js";
import { ROLES } from "./modules/users/users.schemas.js";
import { UsersService } from "./modules/users/users.service.js";
import { handleSignals, startServer } from "./server.js";
import { DomainError } from "./shared/errors.js";

const USAGE = `Usage: cohort <command> [options]

Commands:
  start [--port <port>] [--host <host>]   start the server (migrations run first)
  migrate                                 apply pending database migrations
  user -e <email> -p <password> [--api-token <token>] [--role admin|member|developer]
                                          create an admin user

The database is PostgreSQL when DATABASE_URL is set, else the embedded PGlite
database in COHORT_DATA_DIR (default .cohort/data).`;

class UsageError extends Error {}

async function withDb<T>(config: Config, fn: (db: Awaited<ReturnType<typeof openDb>>) => Promise<T>): Promise<T> {
  const db = await openDb(config);
  try {
    await migrate(db.db);
    return await fn(db);
  } finally {
    await db.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const config = loadConfig();
  switch (command) {
    case "start": {
      const { values } = parseArgs({ args: rest, options: { port: { type: "string" }, host: { type: "string" } } });
      const port = values.port !== undefined ? Number(values.port) : config.port;
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, got ${values.port}`);
      const server = await startServer({ ...config, port, host: values.host ?? config.host });
      handleSignals(server);
      return -1; // keep running
    }
    case "migrate": {
      const db = await openDb(config);
      try {
        const result = await migrate(db.db);
        console.log(result.applied.length ? `Applied: ${result.applied.join(", ")}` : "The database is up to date.");
      } finally {
        await db.close();
      }
      return 0;
    }
    case "user": {
      const { values } = parseArgs({
        args: rest,
        options: {
          email: { type: "string", short: "e" },
          password: { type: "string", short: "p" },
          "api-token": { type: "string" },
          role: { type: "string" },
          id: { type: "string" },
        },
      });
      if (!values.email) throw new UsageError("cohort user needs -e <email>");
      if (!values.password) throw new UsageError("cohort user needs -p <password>");
      const role = (values.role ?? "admin") as (typeof ROLES)[number];
      if (!ROLES.includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(", ")}`);
      const user = await withDb(config, (db) =>
        new UsersService(new UsersRepository(db.db), config).create({
          email: values.email!,
          password: values.password!,
          role,
          api_token: values["api-token"],
        }),
      );
      console.log(`Created user ${user.email} (${user.id}, role ${user.role})${user.api_token ? " with an API token" : ""}.`);
      return 0;
    }
    case undefined:
    case "help":
    case "--help":
    case "-h":
      console.log(USAGE);
      return command === undefined ? 1 : 0;
    default:
      throw new UsageError(`Unknown command "${command}"`);
  }
}

function describeError(err: unknown): string {
  if (err instanceof UsageError) return `${err.message}\n\n${USAGE}`;
  if (err instanceof ConfigError || err instanceof DatabaseLockedError || err instanceof DomainError) return err.message;
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "3D000" || code === "28P01" || code === "28000") {
    return `Cannot connect to the database: ${(err as Error).message || code}. Check DATABASE_URL and that the server is running.`;
  }
  if (code === "EADDRINUSE") return `The port is already in use: ${(err as Error).message}`;
  if ((err as { name?: string })?.name === "AggregateError" && (err as AggregateError).errors?.length) {
    return describeError((err as AggregateError).errors[0]);
  }
  return (err as Error)?.stack ?? String(err);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err) => {
    console.error(`cohort: ${describeError(err)}`);
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);
