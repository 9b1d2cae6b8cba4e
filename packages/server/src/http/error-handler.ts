import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { isConnectionError } from "../shared/connection-errors.js";
import { databaseUnavailable, DomainError, type ErrorType } from "../shared/errors.js";
import { formatValidationErrors } from "./validation.js";

export interface ErrorBody {
  type: string;
  message: string;
  code?: string;
}

/** Medusa v1's table: error type → HTTP status, and the `code` some types add. */
const STATUS: Record<ErrorType, { status: number; code?: string }> = {
  invalid_data: { status: 400 },
  not_allowed: { status: 400 },
  not_found: { status: 404 },
  duplicate_error: { status: 422, code: "invalid_request_error" },
  unauthorized: { status: 401 },
  forbidden: { status: 403 },
  conflict: { status: 409, code: "invalid_state_error" },
  too_many_requests: { status: 429 },
  payload_too_large: { status: 413 },
  database_unavailable: { status: 503 },
  server_busy: { status: 503 },
  unexpected_state: { status: 500 },
};

const UNKNOWN: ErrorBody = { code: "unknown_error", type: "unknown_error", message: "An unknown error occurred." };
const CONFLICT_MESSAGE =
  "The request conflicted with another request. You may retry the request with the provided Idempotency-Key.";

interface PgError {
  code: string;
  detail?: string;
  table?: string;
  column?: string;
  message: string;
  severity?: string;
}

function isPgError(err: unknown): err is PgError {
  return typeof err === "object" && err !== null && typeof (err as PgError).code === "string" &&
    /^[0-9A-Z]{5}$/.test((err as PgError).code) && ("severity" in err || "routine" in err);
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** `Key (name)=(VIP) already exists.` → ["name", "VIP"] */
function keyValue(detail: string | undefined): [string, string] | undefined {
  const m = detail?.match(/^Key \((.+?)\)=\((.*)\) (?:already exists|is not present in table)/s);
  return m ? [m[1]!, m[2]!] : undefined;
}

/** v1 converts raw Postgres errors before the type table; Cohort keeps its messages. */
function fromPg(err: PgError): DomainError | undefined {
  switch (err.code) {
    case "23505": {
      const kv = keyValue(err.detail);
      const table = capitalise(err.table ?? "entity");
      return new DomainError("duplicate_error", kv ? `${table} with ${kv[0]} ${kv[1]} already exists.` : err.detail ?? err.message);
    }
    case "23503": {
      const kv = keyValue(err.detail);
      // For an insert the missing row is the referenced one (its table is in the detail).
      const referenced = err.detail?.match(/is not present in table "(.+?)"/)?.[1];
      const table = capitalise(referenced ?? err.table ?? "entity");
      return new DomainError("not_found", kv ? `${table} with ${kv[0]} ${kv[1]} does not exist.` : err.detail ?? err.message);
    }
    case "23502":
    case "23514":
      return new DomainError("invalid_data", err.message);
    case "40001":
    case "40P01":
      return new DomainError("conflict", CONFLICT_MESSAGE, "invalid_state_error");
    case "22021": // invalid byte sequence (a NUL character in text)
    case "22P05": // untranslatable character (a NUL character in jsonb)
      return new DomainError("invalid_data", "Strings must not contain NUL characters");
    case "22003":
      return new DomainError("invalid_data", "A number is out of range");
    case "22007":
    case "22008":
      return new DomainError("invalid_data", "A date is invalid or out of range");
    case "22P02":
    case "22023":
    case "2201X":
    case "2201W":
    case "54000":
      return new DomainError("invalid_data", err.message);
    default:
      return undefined;
  }
}

export interface ErrorResponse {
  status: number;
  body: ErrorBody;
  /** A server fault worth logging as an error (not a 4xx, not a database outage). */
  unexpected: boolean;
  /** Seconds, sent as Retry-After. */
  retryAfter?: number;
}

export function toErrorResponse(err: unknown): ErrorResponse {
  if (err instanceof DomainError) {
    const entry = STATUS[err.type] ?? { status: 500 };
    const code = err.code ?? entry.code;
    const body = code ? { type: err.type, message: err.message, code } : { type: err.type, message: err.message };
    const unexpected = entry.status >= 500 && entry.status !== 503;
    return err.retryAfter !== undefined ? { status: entry.status, body, unexpected, retryAfter: err.retryAfter } : { status: entry.status, body, unexpected };
  }
  if (isConnectionError(err)) return toErrorResponse(databaseUnavailable());
  if (isPgError(err)) {
    const mapped = fromPg(err);
    if (mapped) return toErrorResponse(mapped);
    return { status: 500, body: UNKNOWN, unexpected: true };
  }
  const fe = err as FastifyError & { validation?: unknown[]; validationContext?: string };
  if (fe && Array.isArray(fe.validation)) {
    return toErrorResponse(new DomainError("invalid_data", formatValidationErrors(fe.validation as never, fe.validationContext ?? "body")));
  }
  if (fe?.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
    return toErrorResponse(new DomainError("payload_too_large", "The request body is larger than this server accepts"));
  }
  if (fe?.code === "FST_ERR_CTP_INVALID_JSON_BODY" || fe instanceof SyntaxError || fe?.code === "FST_ERR_CTP_EMPTY_JSON_BODY") {
    return toErrorResponse(new DomainError("invalid_data", `The request body is not valid JSON: ${fe.message}`));
  }
  if (typeof fe?.statusCode === "number" && fe.statusCode >= 400 && fe.statusCode < 500) {
    const type = fe.statusCode === 404 ? "not_found" : fe.statusCode === 401 ? "unauthorized" : "invalid_data";
    return { status: fe.statusCode, body: { type, message: fe.message }, unexpected: false };
  }
  return { status: 500, body: UNKNOWN, unexpected: true };
}

export function errorHandler(err: unknown, request: FastifyRequest, reply: FastifyReply) {
  const { status, body, unexpected, retryAfter } = toErrorResponse(err);
  if (unexpected) request.log.error({ err }, "unexpected error");
  else if (status === 503) request.log.warn({ err }, body.message);
  // v1 answers authentication failures with a plain-text body, which clients test for.
  if (status === 401) return reply.status(401).type("text/plain; charset=utf-8").send("Unauthorized");
  if (retryAfter !== undefined) reply.header("retry-after", String(retryAfter));
  return reply.status(status).type("application/json; charset=utf-8").send(body);
}

/**
 * Errors of Node's HTTP parser, before Fastify has a request (Fastify's
 * clientErrorHandler): headers over the size limit (431), a request that took too long
 * (408), anything else malformed (400). In Medusa's error format, like every other error.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: import("node:stream").Duplex): void {
  if (err.code === "ECONNRESET" || socket.destroyed) return;
  const [status, reason, message] =
    err.code === "HPE_HEADER_OVERFLOW"
      ? [431, "Request Header Fields Too Large", "The request headers are larger than this server accepts"]
      : err.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [408, "Request Timeout", "The request took too long to arrive"]
        : [400, "Bad Request", "The request is not valid HTTP"];
  const body = JSON.stringify({ type: "invalid_data", message });
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${reason}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(err);
}

/** Errors Fastify raises before routing (Fastify's frameworkErrors): a malformed URL is a 400. */
export function frameworkErrorHandler(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  const message = error.code === "FST_ERR_BAD_URL" ? "The request URL is not valid (malformed percent-encoding)" : error.message;
  return reply.status(400).type("application/json; charset=utf-8").send({ type: "invalid_data", message });
}
