import type { Client } from "../client.js";

export abstract class BaseResource {
  constructor(protected readonly client: Client) {}
}

/** A path segment from a caller's value (ids, emails). */
export const seg = (value: string) => encodeURIComponent(value);
