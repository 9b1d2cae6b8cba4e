/** What a request carries that may identify someone (read from it by http/auth.ts). */
export interface Credentials {
  /** The session id of a validly signed session cookie. */
  sid?: string;
  /** An `Authorization: Bearer` value: a JWT or an API token. */
  bearer?: string;
  /** The `x-medusa-access-token` header: an API token. */
  accessToken?: string;
}
