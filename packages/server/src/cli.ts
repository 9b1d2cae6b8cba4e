import { commandFromRequest, describeError, exitCodeOf, parseCommand, runDbCommand, UsageError, USAGE, type DbCommand } from "./commands.js";
import { loadConfig, type Config } from "./config.js";
import { controlSocketPath, sendControl } from "./control/control-socket.js";
import { DatabaseLockedError, lockOwner, openDb } from "./db/database.js";
import { Lifecycle, StartAborted } from "./lifecycle.js";
import { exportMembers, httpTransport, importMembers, terminalAsk, type Transport } from "./members-cli.js";
import { openDirect } from "./members-direct.js";
import { startServer } from "./server.js";

// Signals are handled from the first line: a Ctrl-C while the database opens or migrates
// stops start-up at its next step and releases the data folder's lock.
const lifecycle = new Lifecycle().install();

/** Runs a database command: on a PGlite folder that a live server holds, through that server. */
async function runDb(command: DbCommand, config: Config): Promise<number> {
  if (!config.databaseUrl) {
    for (const deadline = Date.now() + 60_000; ; ) {
      const owner = lockOwner(config.dataDir);
      if (owner === undefined) break;
      try {
        const reply = await sendControl(controlSocketPath(config.dataDir), commandFromRequest(JSON.parse(JSON.stringify(command))));
        (reply.ok ? console.log : (m: string) => console.error(`cohort: ${m}`))(reply.output);
        return reply.exitCode;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // The server is still starting (migrations) and not listening on its socket yet.
        if ((code !== "ENOENT" && code !== "ECONNREFUSED") || Date.now() > deadline) {
          throw new DatabaseLockedError(
            `The embedded database at ${config.dataDir} is in use by process ${owner}, which does not answer on its control socket (${(err as Error).message}). ` +
              "Is it a Cohort server of another version? Stop it first, or set DATABASE_URL to use a PostgreSQL server that several processes can share.",
          );
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }
  const db = await openDb(config);
  try {
    console.log(await runDbCommand(command, { db, config, baseUrl: `http://${config.host}:${config.port}` }));
    return 0;
  } finally {
    await db.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const command = parseCommand(argv);
  if (command.name === "help") {
    console.log(USAGE);
    return command.exitCode;
  }
  const config = loadConfig();
  if (command.name === "import-members" || command.name === "export-members") {
    const run = (transport: Transport) => {
      const io = { transport, stdout: process.stdout, stderr: process.stderr, ask: terminalAsk() };
      return command.name === "import-members" ? importMembers(command, io) : exportMembers(command, io);
    };
    if (command.direct) {
      const direct = await openDirect(config, command.as);
      try {
        return await run(direct.transport);
      } finally {
        await direct.close();
      }
    }
    const token = command.token ?? config.apiToken;
    if (!token) throw new UsageError(`cohort ${command.name === "import-members" ? "import" : "export"} members needs an admin API token: --token or COHORT_API_TOKEN (or --direct, on the database)`);
    return run(httpTransport(command.url ?? config.apiUrl ?? `http://${config.host}:${config.port}`, token));
  }
  if (command.name !== "start") return runDb(command, config);
  if (config.launchedByNpm) lifecycle.watchParent();
  const server = await startServer({ ...config, port: command.port ?? config.port, host: command.host ?? config.host }, { signal: lifecycle.signal });
  lifecycle.onStop(async (reason) => {
    server.app.log.info({ reason }, "shutting down");
    await server.close();
  });
  return -1; // keep running
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err) => {
    if (err instanceof StartAborted || (err as Error)?.name === "AbortError") process.exit(0);
    console.error(`cohort: ${describeError(err)}`);
    process.exit(exitCodeOf(err));
  },
);
