import { parseArgs, type ParseArgsConfig } from "node:util";
import { EventsRepository } from "./modules/events/events.repository.js";
import { ConfigError, type Config } from "./config.js";
import { DatabaseLockedError, type DbHandle } from "./db/database.js";
import { migrate } from "./db/migrate.js";
import { CustomerGroupsRepository } from "./modules/customer-groups/customer-groups.repository.js";
import { CustomerGroupsService } from "./modules/customer-groups/customer-groups.service.js";
import { CustomersRepository } from "./modules/customers/customers.repository.js";
import { CustomersService } from "./modules/customers/customers.service.js";
import { PriceListsRepository } from "./modules/price-lists/price-lists.repository.js";
import { PriceListsService } from "./modules/price-lists/price-lists.service.js";
import { ProductsRepository } from "./modules/products/products.repository.js";
import { ProductsService } from "./modules/products/products.service.js";
import { RegionsRepository } from "./modules/regions/regions.repository.js";
import { RegionsService } from "./modules/regions/regions.service.js";
import { SeedRepository } from "./modules/seed/seed.repository.js";
import { SeedService } from "./modules/seed/seed.service.js";
import { UsersRepository } from "./modules/users/users.repository.js";
import { ROLES } from "@cohort/contract";
import { UsersService } from "./modules/users/users.service.js";
import { DomainError } from "./shared/errors.js";
import { CliFailure, type MembersCommand } from "./members-cli.js";

export const USAGE = `Usage: cohort <command> [options]

Commands:
  start [--port <port>] [--host <host>]   start the server (migrations run first)
  migrate                                 apply pending database migrations
  user -e <email> -p <password> [--api-token <token>] [--role admin|member|developer]
                                          create a user (an admin unless --role says otherwise)
  seed [--force]                          load a small demo store (refuses a database with
                                          other data unless --force)
  import members <file.csv> --group <id|name> [--by email|id] [--mode add|remove|replace]
         [--create-missing] [--strict] [--dry-run] [--yes] [--direct [--as <email>]]
                                          load a group's members from a CSV (a dry run first,
                                          then a prompt unless --yes)
  export members --group <id|name> [-o <file>] [--direct [--as <email>]]
                                          write a group's members as CSV (stdout by default)

import and export talk to a running server over HTTP: --url (or COHORT_URL, default
http://HOST:PORT) and an admin API token, --token (or COHORT_API_TOKEN). With
--direct [--as <admin email>] they run in this process on the database instead (no
server, no token; as the oldest admin unless --as; a per-row report is written next
to the file). An embedded folder that a running server holds needs the server.

The database is PostgreSQL when DATABASE_URL is set, else the embedded PGlite
database in COHORT_DATA_DIR (default .cohort/data, relative to where you run the
command). While a server runs on that folder, user, seed and migrate are handed
to it through its control socket.`;

export class UsageError extends Error {}

/** The commands that need the database; the ones a running server accepts on its control socket. */
export type DbCommand =
  | { name: "user"; email: string; password: string; apiToken?: string; role: (typeof ROLES)[number] }
  | { name: "seed"; force: boolean }
  | { name: "migrate" };

export type Command = DbCommand | MembersCommand | { name: "start"; port?: number; host?: string } | { name: "help"; exitCode: number };

const CONNECTION = { url: { type: "string" }, token: { type: "string" }, direct: { type: "boolean" }, as: { type: "string" } } as const;

function oneOf<T extends string>(option: string, value: string | boolean | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) throw new UsageError(`--${option} must be one of ${allowed.join(", ")}, got ${String(value)}`);
  return value as T;
}

function parseMembers(verb: "import" | "export", args: string[]): MembersCommand {
  const [noun, ...rest] = args;
  if (noun !== "members") throw new UsageError(`cohort ${verb} takes "members": cohort ${verb} members …`);
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: verb === "import",
      strict: true,
      options:
        verb === "import"
          ? { ...CONNECTION, group: { type: "string", short: "g" }, by: { type: "string" }, mode: { type: "string" }, "create-missing": { type: "boolean" }, strict: { type: "boolean" }, "dry-run": { type: "boolean" }, yes: { type: "boolean", short: "y" } }
          : { ...CONNECTION, group: { type: "string", short: "g" }, output: { type: "string", short: "o" } },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const v = parsed.values as Record<string, string | boolean | undefined>;
  if (typeof v.group !== "string" || !v.group) throw new UsageError(`cohort ${verb} members needs --group <id|name>`);
  const direct = v.direct === true;
  if (direct && (v.url !== undefined || v.token !== undefined)) throw new UsageError("--direct works on the database, without a server: leave out --url and --token");
  if (!direct && v.as !== undefined) throw new UsageError("--as <email> goes with --direct (over HTTP, the API token says who you are)");
  const connection = direct ? { direct, as: v.as as string | undefined } : { url: v.url as string | undefined, token: v.token as string | undefined };
  if (verb === "export") return { name: "export-members", group: v.group, out: v.output as string | undefined, ...connection };
  if (parsed.positionals.length !== 1) throw new UsageError("cohort import members needs exactly one file: cohort import members <file.csv> --group <id|name>");
  return {
    name: "import-members",
    file: parsed.positionals[0]!,
    group: v.group,
    by: oneOf("by", v.by, ["email", "id"] as const, "email"),
    mode: oneOf("mode", v.mode, ["add", "remove", "replace"] as const, "add"),
    createMissing: v["create-missing"] === true,
    strict: v.strict === true,
    dryRun: v["dry-run"] === true,
    yes: v.yes === true,
    ...connection,
  };
}

/** parseArgs with its errors (unknown option, missing value) turned into usage errors. */
function parse(args: string[], options: NonNullable<ParseArgsConfig["options"]>): Record<string, string | boolean | undefined> {
  try {
    return parseArgs({ args, options, allowPositionals: false, strict: true }).values as Record<string, string | boolean | undefined>;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export function parseCommand(argv: string[]): Command {
  const [name, ...rest] = argv;
  switch (name) {
    case "start": {
      const values = parse(rest, { port: { type: "string" }, host: { type: "string" } });
      let port: number | undefined;
      if (values.port !== undefined) {
        port = Number(values.port);
        if (!/^\d+$/.test(String(values.port)) || port > 65535) throw new UsageError(`--port must be a port number, got ${values.port}`);
      }
      return { name: "start", port, host: values.host as string | undefined };
    }
    case "migrate":
      parse(rest, {});
      return { name: "migrate" };
    case "user": {
      const values = parse(rest, {
        email: { type: "string", short: "e" },
        password: { type: "string", short: "p" },
        "api-token": { type: "string" },
        role: { type: "string" },
      });
      if (!values.email) throw new UsageError("cohort user needs -e <email>");
      if (!values.password) throw new UsageError("cohort user needs -p <password>");
      return checkUser({ name: "user", email: String(values.email), password: String(values.password), apiToken: values["api-token"] as string | undefined, role: (values.role ?? "admin") as never });
    }
    case "seed": {
      const values = parse(rest, { force: { type: "boolean" } });
      return { name: "seed", force: values.force === true };
    }
    case "import":
    case "export":
      return parseMembers(name, rest);
    case undefined:
      return { name: "help", exitCode: 1 };
    case "help":
    case "--help":
    case "-h":
      return { name: "help", exitCode: 0 };
    default:
      throw new UsageError(`Unknown command "${name}"`);
  }
}

function checkUser(command: Extract<DbCommand, { name: "user" }>): DbCommand {
  if (!ROLES.includes(command.role)) throw new UsageError(`--role must be one of ${ROLES.join(", ")}`);
  return command;
}

/**
 * A command that arrived on the control socket: only the database commands, with exactly
 * their fields; anything else is refused.
 */
export function commandFromRequest(request: unknown): DbCommand {
  const r = request as Record<string, unknown> | null;
  const str = (v: unknown) => typeof v === "string" && v.length > 0 && v.length < 10_000;
  if (r && typeof r === "object" && !Array.isArray(r)) {
    const keys = Object.keys(r).sort().join(",");
    if (r.name === "migrate" && keys === "name") return { name: "migrate" };
    if (r.name === "seed" && keys === "force,name" && typeof r.force === "boolean") return { name: "seed", force: r.force };
    const userKeys = new Set(["name", "email", "password", "role", "apiToken"]);
    if (r.name === "user" && Object.keys(r).every((k) => userKeys.has(k)) && str(r.email) && str(r.password) && str(r.role) && (r.apiToken === undefined || str(r.apiToken))) {
      return checkUser({ name: "user", email: r.email as string, password: r.password as string, role: r.role as never, apiToken: r.apiToken as string | undefined });
    }
  }
  throw new UsageError("The control socket accepts only the user, seed and migrate commands");
}

export interface CommandContext {
  db: DbHandle;
  config: Config;
  /** Where the server answers (printed by seed). */
  baseUrl: string;
  /** The database was migrated by the server that runs the command. */
  migrated?: boolean;
}

/** Runs a database command and returns what to print. */
export async function runDbCommand(command: DbCommand, ctx: CommandContext): Promise<string> {
  const { db, config } = ctx;
  if (command.name === "migrate") {
    const result = ctx.migrated ? { applied: [] } : await migrate(db.db);
    return result.applied.length ? `Applied: ${result.applied.join(", ")}` : "The database is up to date.";
  }
  if (!ctx.migrated) await migrate(db.db);
  if (command.name === "user") {
    const user = await new UsersService(db.db, new UsersRepository(db.db), config).create({
      email: command.email,
      password: command.password,
      role: command.role,
      api_token: command.apiToken,
    });
    return `Created user ${user.email} (${user.id}, role ${user.role})${user.api_token ? " with an API token" : ""}.`;
  }
  const regionsRepo = new RegionsRepository(db.db);
  const events = new EventsRepository(db.db);
  const productsRepo = new ProductsRepository(db.db);
  const customersRepo = new CustomersRepository(db.db);
  const result = await new SeedService(new SeedRepository(db.db), {
    regions: new RegionsService(db.db, regionsRepo),
    products: new ProductsService(db.db, productsRepo, regionsRepo),
    customers: new CustomersService(db.db, customersRepo, config, events),
    groups: new CustomerGroupsService(db.db, new CustomerGroupsRepository(db.db), events, customersRepo),
    priceLists: new PriceListsService(db.db, new PriceListsRepository(db.db), productsRepo, regionsRepo, events),
  }).seed({ force: command.force, baseUrl: ctx.baseUrl });
  return result.report.trimEnd();
}

/** A message for the terminal: the plain message for expected errors, the stack for a bug. */
export function describeError(err: unknown): string {
  if (err instanceof UsageError) return `${err.message}\n\n${USAGE}`;
  if (err instanceof ConfigError || err instanceof DatabaseLockedError || err instanceof DomainError || err instanceof CliFailure) return err.message;
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

export const exitCodeOf = (err: unknown) => (err instanceof UsageError ? 2 : 1);
