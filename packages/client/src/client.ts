import { CohortError } from "./error.js";
import type { CohortConfig, CustomHeaders, HTTPResponse, Response } from "./types.js";

export type RequestMethod = "GET" | "POST" | "DELETE";
export type AuthDomain = "admin" | "store";

/** medusa-js's per-request options of `client.request` (only used by custom routes). */
export interface RequestOptions {
  /** Milliseconds before the request is aborted. */
  timeout?: number;
  /** Overrides the client's `maxRetries` for this request. */
  numberOfRetries?: number;
}

export const SESSION_COOKIE = "connect.sid";

/** Paths on which medusa-js never sends the API key (they are used without being logged in). */
const PUBLIC_ADMIN_ROUTES: Record<string, RequestMethod> = {
  "/admin/auth": "POST",
  "/admin/users/password-token": "POST",
  "/admin/users/reset-password": "POST",
  "/admin/invites/accept": "POST",
};

/** retry-axios's default ceiling: a longer Retry-After is not waited for. */
const MAX_RETRY_AFTER_MS = 5 * 60 * 1000;

/**
 * The HTTP layer of one Cohort instance: headers, auth state (session cookie, JWTs),
 * retries. Auth state belongs to the instance, never to the process.
 */
export class Client {
  readonly config: Readonly<Required<Pick<CohortConfig, "baseUrl" | "maxRetries">> & CohortConfig>;
  private publishableApiKey: string | undefined;
  /** Cookies the server set (Node; a browser keeps its own jar and hides Set-Cookie). */
  private readonly cookies = new Map<string, string>();
  /** Which domains logged in through the session cookie, so one logout keeps the other. */
  private readonly sessionDomains = new Set<AuthDomain>();
  private readonly jwts: Partial<Record<AuthDomain, string>> = {};
  private readonly fetch: typeof globalThis.fetch;

  constructor(config: CohortConfig = {}) {
    const baseUrl = (config.baseUrl ?? "http://localhost:9000").replace(/\/+$/, "");
    const maxRetries = config.maxRetries ?? 0;
    this.config = { ...config, baseUrl, maxRetries };
    this.publishableApiKey = config.publishableApiKey;
    const impl = config.fetch ?? globalThis.fetch;
    if (typeof impl !== "function") throw new Error("@cohort/client needs a global fetch (Node 18+ or a browser) or a `fetch` option");
    // Called as a plain function: a browser's fetch throws "Illegal invocation" as a method of another object.
    this.fetch = (input, init) => impl(input, init);
  }

  setPublishableKey(key: string | undefined): void {
    this.publishableApiKey = key;
  }

  /** The JWT sent as `Authorization: Bearer` on this domain's requests (set by `getToken()`). */
  setJwt(domain: AuthDomain, token: string | null): void {
    if (token) this.jwts[domain] = token;
    else delete this.jwts[domain];
  }

  getJwt(domain: AuthDomain): string | undefined {
    return this.jwts[domain];
  }

  /** The `connect.sid` value this instance sends, if it has a session. */
  getSessionCookie(): string | undefined {
    return this.cookies.get(SESSION_COOKIE);
  }

  /** Called after a successful login through the session cookie. */
  sessionStarted(domain: AuthDomain): void {
    this.sessionDomains.add(domain);
  }

  /** Called on logout: the cookie is forgotten once no domain is logged in with it. */
  sessionEnded(domain: AuthDomain): void {
    this.sessionDomains.delete(domain);
    if (this.sessionDomains.size === 0) this.cookies.delete(SESSION_COOKIE);
  }

  /**
   * Sends one call, retrying as medusa-js does, and resolves to the body plus `response`.
   * Same signature as medusa-js's `client.request`.
   */
  async request<T = any>(
    method: RequestMethod,
    path: string,
    payload?: object,
    options: RequestOptions = {},
    customHeaders: CustomHeaders = {},
  ): Promise<Response<T>> {
    const url = this.config.baseUrl + (path.startsWith("/") ? path : `/${path}`);
    const maxRetries = options.numberOfRetries ?? this.config.maxRetries;
    const headers = this.headers(method, path, maxRetries, { ...this.config.customHeaders, ...customHeaders });
    // medusa-js sends `{}` on every POST and DELETE without a payload, and no body on GET.
    // A FormData payload (uploads) goes as multipart: fetch sets its content type and boundary.
    const form = typeof FormData !== "undefined" && payload instanceof FormData;
    const body = method === "GET" ? undefined : form ? (payload as FormData) : JSON.stringify(payload ?? {});
    if (form) delete headers["Content-Type"];
    const request = { method, url };

    for (let attempt = 0; ; attempt++) {
      let response: HTTPResponse;
      let data: unknown;
      try {
        const res = await this.fetch(url, {
          method,
          headers: this.withCookies(headers),
          body,
          credentials: "include",
          signal: options.timeout ? AbortSignal.timeout(options.timeout) : undefined,
        });
        this.keepCookies(res.headers);
        response = toHTTPResponse(res);
        data = parseBody(await res.text());
      } catch (cause) {
        if (attempt < maxRetries) {
          await sleep(backoff(attempt + 1));
          continue;
        }
        throw CohortError.network(cause, request);
      }
      if (response.status >= 200 && response.status < 300) {
        // As medusa-js: the body's fields next to `response`. A text body ("OK") adds nothing.
        return { ...(isObject(data) ? data : {}), response } as Response<T>;
      }
      if (attempt < maxRetries && retryable(response.status)) {
        const delay = retryAfter(response.headers["retry-after"]) ?? backoff(attempt + 1);
        if (delay <= MAX_RETRY_AFTER_MS) {
          await sleep(delay);
          continue;
        }
      }
      throw CohortError.fromResponse(response, data, request);
    }
  }

  private headers(method: RequestMethod, path: string, maxRetries: number, custom: CustomHeaders): Record<string, string> {
    const headers: Record<string, string> = { Accept: "application/json", "Content-Type": "application/json" };
    const domain: AuthDomain = isAdminPath(path) ? "admin" : "store";
    if (this.config.apiKey && domain === "admin" && PUBLIC_ADMIN_ROUTES[normalisePath(path)] !== method) {
      headers["x-medusa-access-token"] = this.config.apiKey;
    }
    const jwt = this.jwts[domain];
    if (jwt) headers.Authorization = `Bearer ${jwt}`;
    if (this.publishableApiKey) headers["x-publishable-api-key"] = this.publishableApiKey;
    // One key per call, the same on every retry of it, so the server can tell a retry.
    if (method === "POST" && maxRetries > 0) headers["Idempotency-Key"] = uuidv4();
    return mergeHeaders(headers, custom);
  }

  private withCookies(headers: Record<string, string>): Record<string, string> {
    if (this.cookies.size === 0 || Object.keys(headers).some((name) => name.toLowerCase() === "cookie")) return headers;
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    return { ...headers, Cookie: cookie };
  }

  private keepCookies(headers: Headers): void {
    const lines = typeof headers.getSetCookie === "function" ? headers.getSetCookie() : [];
    for (const line of lines) {
      const [pair = "", ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === "" || attributes.some(expires)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

function expires(attribute: string): boolean {
  const eq = attribute.indexOf("=");
  const name = attribute.slice(0, eq < 0 ? undefined : eq).trim().toLowerCase();
  const value = eq < 0 ? "" : attribute.slice(eq + 1).trim();
  if (name === "max-age") return Number(value) <= 0;
  if (name === "expires") return Date.parse(value) <= Date.now();
  return false;
}

/** Default headers, then custom ones; a custom header replaces a default of any letter case. */
function mergeHeaders(defaults: Record<string, string>, custom: CustomHeaders): Record<string, string> {
  const merged = { ...defaults };
  for (const [name, value] of Object.entries(custom)) {
    for (const existing of Object.keys(merged)) if (existing.toLowerCase() === name.toLowerCase()) delete merged[existing];
    if (value !== undefined && value !== null) merged[name] = String(value);
  }
  return merged;
}

const normalisePath = (path: string) => (path.startsWith("/") ? path : `/${path}`).split("?")[0]!;
const isAdminPath = (path: string) => normalisePath(path).startsWith("/admin");

function toHTTPResponse(res: globalThis.Response): HTTPResponse {
  const headers: HTTPResponse["headers"] = {};
  res.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = value;
  });
  const setCookie = typeof res.headers.getSetCookie === "function" ? res.headers.getSetCookie() : [];
  if (setCookie.length > 0) headers["set-cookie"] = setCookie;
  return { status: res.status, statusText: res.statusText, headers };
}

/** As axios: JSON when it parses, else the text itself. */
function parseBody(text: string): unknown {
  if (text === "") return "";
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/** What medusa-js retries: 409 and 501–599 (500 is not retried). Network errors too. */
const retryable = (status: number) => status === 409 || (status > 500 && status <= 599);

/** retry-axios's exponential back-off: 0.5 s, 1.5 s, 3.5 s… */
const backoff = (retry: number) => ((2 ** retry - 1) / 2) * 1000;

/** Retry-After as seconds or an HTTP date, in milliseconds. */
function retryAfter(header: string | undefined): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** crypto.randomUUID, which browsers only offer on secure origins, else the same from getRandomValues. */
function uuidv4(): string {
  const { crypto } = globalThis;
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
