import { buildApp } from "./app.js";
import type { Config } from "./config.js";
import { openDb, type DbHandle } from "./db/database.js";
import { migrate } from "./db/migrate.js";
import type { App } from "./http/types.js";

export interface RunningServer {
  app: App;
  db: DbHandle;
  url: string;
  close(): Promise<void>;
}

/** loadConfig → openDb → migrate → listen. Closing finishes in-flight requests, then the database. */
export async function startServer(config: Config): Promise<RunningServer> {
  const db = await openDb(config);
  let app: App | undefined;
  try {
    await migrate(db.db);
    app = await buildApp({ config, db });
    for (const name of config.generatedSecrets) {
      app.log.warn(`${name} is not set: using a random secret for this process only. Sessions and tokens will not survive a restart or be shared between instances. Set ${name} in the environment.`);
    }
    const url = await app.listen({ port: config.port, host: config.host });
    let closing: Promise<void> | undefined;
    const running: RunningServer = {
      app,
      db,
      url,
      close: () =>
        (closing ??= (async () => {
          await app!.close();
          await db.close();
        })()),
    };
    return running;
  } catch (err) {
    await app?.close().catch(() => {});
    await db.close();
    throw err;
  }
}

/** Stops cleanly on SIGTERM/SIGINT; a second signal forces the exit. */
export function handleSignals(server: RunningServer): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    server.app.log.info({ signal }, "shutting down");
    server
      .close()
      .then(() => process.exit(0))
      .catch((err) => {
        console.error(err);
        process.exit(1);
      });
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}
