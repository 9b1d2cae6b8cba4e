/**
 * The one error class of Cohort. Services throw it; the HTTP error handler maps `type` to a
 * status with Medusa v1's table (http/error-handler.ts).
 */
export type ErrorType =
  | "invalid_data"
  | "not_allowed"
  | "not_found"
  | "duplicate_error"
  | "unauthorized"
  | "forbidden"
  | "conflict"
  | "too_many_requests"
  | "payload_too_large"
  | "database_unavailable"
  | "server_busy"
  | "unexpected_state";

export class DomainError extends Error {
  constructor(
    readonly type: ErrorType,
    message: string,
    readonly code?: string,
    /** Seconds a client should wait before retrying (sent as Retry-After). */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const notFound = (message: string) => new DomainError("not_found", message);
export const invalidData = (message: string) => new DomainError("invalid_data", message);
export const notAllowed = (message: string) => new DomainError("not_allowed", message);
export const duplicate = (message: string) => new DomainError("duplicate_error", message);
export const unauthorized = (message = "Unauthorized") => new DomainError("unauthorized", message);
export const forbidden = (message: string) => new DomainError("forbidden", message);
export const conflict = (message: string) => new DomainError("conflict", message, "invalid_state_error");
export const tooManyRequests = (message: string, retryAfter: number) =>
  new DomainError("too_many_requests", message, undefined, retryAfter);
/** Seconds a client is asked to wait after a 503 (database unreachable, or too busy). */
export const RETRY_AFTER_SECONDS = 2;
export const databaseUnavailable = (message = "The database is unavailable. Try again shortly.") =>
  new DomainError("database_unavailable", message, undefined, RETRY_AFTER_SECONDS);
export const serverBusy = (message: string) => new DomainError("server_busy", message, undefined, RETRY_AFTER_SECONDS);
