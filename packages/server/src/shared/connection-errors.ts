/** Socket-level failures of a database connection (Node's errno codes). */
const CONNECTION_ERRNOS = new Set(["ECONNREFUSED", "ECONNRESET", "ECONNABORTED", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
/**
 * SQLSTATEs of a server that is going away or not accepting connections: 57P01
 * admin_shutdown (pg_terminate_backend, a fast shutdown), 57P02 crash_shutdown, 57P03
 * cannot_connect_now (starting up, recovery), 53300 too_many_connections, class 08.
 */
const CONNECTION_SQLSTATES = /^(57P0[123]|53300|08[0-9A-Z]{3})$/;
/** What pg and pg-pool throw when a connection died, or none could be had in time. */
const CONNECTION_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|is not queryable/i;

/**
 * A database error that says nothing about the request but that the database could not
 * be reached or used: the client gets 503 database_unavailable and may retry.
 */
export function isConnectionError(err: unknown): boolean {
  if (typeof err !== "object" || err === null) return false;
  const { code, message, errors } = err as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof code === "string" && (CONNECTION_ERRNOS.has(code) || CONNECTION_SQLSTATES.test(code))) return true;
  if (typeof message === "string" && CONNECTION_MESSAGES.test(message)) return true;
  // Node reports a refused connection to every address of a host as an AggregateError.
  return Array.isArray(errors) && errors.some(isConnectionError);
}
