import { Client } from "./client.js";
import { Admin } from "./resources/admin/index.js";
import { AuthResource } from "./resources/store/auth.js";
import { CustomerResource } from "./resources/store/customers.js";
import { ProductsResource } from "./resources/store/products.js";
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
  /** Store customer auth (`/store/auth`). */
  readonly auth: AuthResource;
  /** Store customers (`/store/customers`). */
  readonly customers: CustomerResource;
  /** Store products with prices (`products.variants` for `/store/variants`). */
  readonly products: ProductsResource;
  readonly regions: RegionsResource;

  constructor(config: CohortConfig = {}) {
    this.client = new Client(config);
    this.admin = new Admin(this.client);
    this.auth = new AuthResource(this.client);
    this.customers = new CustomerResource(this.client);
    this.products = new ProductsResource(this.client);
    this.regions = new RegionsResource(this.client);
  }

  /** Sets the `x-publishable-api-key` of this instance (process-wide in medusa-js). */
  setPublishableKey(key: string): void {
    this.client.setPublishableKey(key);
  }
}
