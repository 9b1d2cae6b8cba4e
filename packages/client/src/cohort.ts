import { Client } from "./client.js";
import { Admin } from "./resources/admin/index.js";
import { RegionsResource } from "./resources/store/regions.js";
import type { CohortConfig } from "./types.js";

/**
 * A Cohort API client with medusa-js 6.x's resources, method names, arguments and
 * resolved values. Every instance has its own auth state (session cookie, JWTs).
 */
export class Cohort {
  /** The HTTP layer: `client.request(method, path, payload?, options?, customHeaders?)`. */
  readonly client: Client;
  readonly admin: Admin;
  readonly regions: RegionsResource;

  constructor(config: CohortConfig = {}) {
    this.client = new Client(config);
    this.admin = new Admin(this.client);
    this.regions = new RegionsResource(this.client);
  }

  /** Sets the `x-publishable-api-key` of this instance (process-wide in medusa-js). */
  setPublishableKey(key: string): void {
    this.client.setPublishableKey(key);
  }
}
