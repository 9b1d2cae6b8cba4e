import type { HTTPResponse } from "./types.js";

/** The axios-like `err.response` of a failed call: status, headers and the parsed body. */
export interface ErrorResponse extends HTTPResponse {
  /** The JSON error `{ type, message, code? }`, or the text body (e.g. `"Unauthorized"`). */
  data: unknown;
}

const STATUS_TYPES: Record<number, string> = {
  400: "invalid_data",
  401: "unauthorized",
  404: "not_found",
  409: "conflict",
  413: "payload_too_large",
  422: "duplicate_error",
  429: "too_many_requests",
};

/**
 * What every failed call rejects with. It carries Cohort's error fields (`status`, `type`,
 * `message`, `code`, `body`) and, for code written against medusa-js, the axios error shape:
 * `err.response.status`, `err.response.data`, `err.isAxiosError`. A network failure (no
 * response at all) has `status` 0, `type` "network_error", no `response`, and `cause`.
 */
export class CohortError extends Error {
  override name = "CohortError";
  /** HTTP status; 0 when no response arrived. */
  readonly status: number;
  /** The error body's `type` (`invalid_data`, `not_found`, `duplicate_error`…), else one derived from the status. */
  readonly type: string;
  /** The error body's `code`, or for a network failure the system code (`ECONNRESET`…), when known. */
  readonly code: string | undefined;
  /** The parsed response body: the JSON error, or the text for a non-JSON answer. */
  readonly body: unknown;
  /** axios-style response; undefined for a network failure. */
  readonly response: ErrorResponse | undefined;
  /** The request that failed. */
  readonly request: { method: string; url: string };
  readonly isAxiosError = true;

  constructor(init: {
    message: string;
    status: number;
    type: string;
    code?: string;
    body?: unknown;
    response?: ErrorResponse;
    request: { method: string; url: string };
    cause?: unknown;
  }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.type = init.type;
    this.code = init.code;
    this.body = init.body;
    this.response = init.response;
    this.request = init.request;
  }

  /** From an HTTP answer outside 2xx. */
  static fromResponse(response: HTTPResponse, body: unknown, request: { method: string; url: string }): CohortError {
    const json = body !== null && typeof body === "object" ? (body as Record<string, unknown>) : undefined;
    const text = typeof body === "string" && body.length > 0 && body.length <= 500 ? body : undefined;
    return new CohortError({
      message: typeof json?.message === "string" ? json.message : (text ?? `Request failed with status code ${response.status}`),
      status: response.status,
      type: typeof json?.type === "string" ? json.type : (STATUS_TYPES[response.status] ?? "unknown_error"),
      code: typeof json?.code === "string" ? json.code : undefined,
      body,
      response: { ...response, data: body },
      request,
    });
  }

  /** From a request that got no (complete) answer: refused, reset, dropped. */
  static network(cause: unknown, request: { method: string; url: string }): CohortError {
    const inner = (cause as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
    const code = typeof inner?.code === "string" ? inner.code : undefined;
    const detail = typeof inner?.message === "string" ? inner.message : cause instanceof Error ? cause.message : String(cause);
    return new CohortError({
      message: `Network error on ${request.method} ${request.url}: ${detail}`,
      status: 0,
      type: "network_error",
      code,
      request,
      cause,
    });
  }
}
