import type { Static, TSchema } from "@sinclair/typebox";

/** Per-call or per-client extra headers; later ones override earlier ones and the defaults. */
export type CustomHeaders = Record<string, any>;

/** What medusa-js calls the axios response minus its data. */
export interface HTTPResponse {
  status: number;
  statusText: string;
  /** Lower-cased header names; `set-cookie` as an array (Node only: browsers hide it). */
  headers: Record<string, string> & { "set-cookie"?: string[] };
}

/** A call's resolved value: the response body plus `response`. */
export type Response<T> = T & { response: HTTPResponse };
export type ResponsePromise<T = unknown> = Promise<Response<T>>;

/**
 * A server schema's type as it travels as JSON: the server's schemas accept `Date` values
 * for timestamps, which arrive here as ISO strings. Entities whose columns are optional
 * (because `fields` may pick some) still always carry `id`, as in v1.
 */
export type Wire<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> } & AlwaysId<T>
      : T;

/** `{ id: string }` for an entity whose `id` is declared optional; nothing for records (metadata). */
type AlwaysId<T> = string extends keyof T ? unknown : "id" extends keyof T ? { id: Wire<Exclude<T["id" & keyof T], undefined>> } : unknown;

/** The type of a response body described by a server schema. */
export type Res<S extends TSchema> = Wire<Static<S>>;
/** The type of a request body described by a server schema. */
export type Req<S extends TSchema> = Static<S>;

type DateOperator = "lt" | "gt" | "lte" | "gte";
/** `{ gt: "2024-01-01" }` or `{ gt: new Date() }`: dates are sent as ISO strings. */
type QueryField<T> =
  NonNullable<T> extends object
    ? [Exclude<keyof NonNullable<T>, DateOperator>] extends [never]
      ? { [O in keyof NonNullable<T>]?: string | Date }
      : T
    : T;

/**
 * The type of a query described by a server schema: every key optional (the server fills
 * defaults such as `limit`), and date comparisons also accept `Date` values.
 */
export type Query<S extends TSchema> = { [K in keyof Static<S>]?: QueryField<Static<S>[K]> };

export interface CohortConfig {
  /** Default `http://localhost:9000`. */
  baseUrl?: string;
  /** Retries of a failed request (network error, 409, 501–599); default 0. */
  maxRetries?: number;
  /** An admin user's API token, sent as `x-medusa-access-token` on `/admin` requests. */
  apiKey?: string;
  /** Sent as `x-publishable-api-key` on every request. */
  publishableApiKey?: string;
  /** Headers added to every request (per-call headers override them). */
  customHeaders?: CustomHeaders;
  /** A `fetch` implementation to use instead of the global one. */
  fetch?: typeof globalThis.fetch;
}
