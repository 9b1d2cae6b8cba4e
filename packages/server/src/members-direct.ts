import type { FastifyInstance } from "fastify";
import { Readable } from "node:stream";
import { buildApp } from "./app.js";
import type { Config } from "./config.js";
import { lockOwner, openDb, type DbHandle } from "./db/database.js";
import { migrate } from "./db/migrate.js";
import { CliFailure, encodeBody, type Transport } from "./members-cli.js";
import { ADMIN_JWT_TTL } from "./modules/auth/auth.service.js";
import { UsersRepository } from "./modules/users/users.repository.js";
import { signJwt } from "./shared/jwt.js";

/**
 * An app in this process, reached through `inject`: the same routes, validation, rules and
 * job code as over HTTP, authenticated as the admin `userId` (the job's `created_by`) with a
 * JWT signed by this app's own secret. Downloads stream (`payloadAsStream`), so an export of
 * a million members is never held whole in memory.
 */
export function injectTransport(app: FastifyInstance, jwtSecret: string, userId: string): Transport {
  const authorization = `Bearer ${signJwt({ user_id: userId, domain: "admin" }, jwtSecret, ADMIN_JWT_TTL)}`;
  return {
    local: true,
    async request(method, urlPath, body) {
      const encoded = encodeBody(body);
      const res = await app.inject({ method: method as "GET", url: urlPath, headers: { authorization, ...encoded.headers }, payload: encoded.payload as never });
      return { status: res.statusCode, text: res.body };
    },
    async download(url) {
      // Cohort's download URLs are absolute (the request's origin); here only the path counts.
      const { pathname, search } = new URL(url, "http://cohort.invalid");
      const res = await app.inject({ method: "GET", url: pathname + search, headers: { authorization }, payloadAsStream: true });
      const body = res.stream() as Readable;
      if (res.statusCode !== 200) body.resume();
      return { status: res.statusCode, body: res.statusCode === 200 ? body : null };
    },
  };
}

/**
 * `--direct`: the import or export runs in this process, on the database this installation's
 * configuration names (DATABASE_URL, else the embedded folder), without a server. The jobs
 * are the same batch jobs: on PostgreSQL a running server's runner may claim one instead of
 * this process (claims go through the database), and the CLI follows it all the same. An
 * embedded folder that a server holds cannot be opened twice: then the import goes through
 * that server (without --direct).
 */
export async function openDirect(
  config: Config,
  as: string | undefined,
  /** Opens the database (tests open their own schema). */
  open: () => Promise<DbHandle> = () => openDb(config),
): Promise<{ transport: Transport; close(): Promise<void> }> {
  if (!config.databaseUrl) {
    const owner = lockOwner(config.dataDir);
    if (owner !== undefined) {
      throw new CliFailure(
        `--direct: the embedded database at ${config.dataDir} is in use by a running server (process ${owner}). ` +
          "Import through that server instead: leave out --direct and pass an admin API token (--token or COHORT_API_TOKEN).",
      );
    }
  }
  const db = await open();
  try {
    await migrate(db.db);
    const userId = await new UsersRepository(db.db).findAdminId(as?.trim().toLowerCase());
    if (userId === undefined) {
      throw new CliFailure(
        as !== undefined
          ? `--as ${as}: there is no admin user with that email`
          : "--direct acts as an admin user (the jobs' created_by), and there is none: create one with `cohort user -e <email> -p <password>`",
      );
    }
    // This process runs the jobs (polled often); the other background work stays with the
    // servers. Log lines go to stderr: an export may be writing CSV to stdout.
    const app = await buildApp({
      config: { ...config, backgroundJobs: false, logLevel: "warn" },
      db,
      batchJobs: { run: true, pollMs: 200 },
      logStream: process.stderr,
    });
    await app.ready();
    return {
      transport: injectTransport(app, config.jwtSecret, userId),
      async close() {
        await app.close();
        await db.close();
      },
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}
