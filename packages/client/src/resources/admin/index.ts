import type { Client } from "../../client.js";
import { AdminAuthResource } from "./auth.js";
import { AdminBatchJobsResource } from "./batch-jobs.js";
import { AdminCustomResource } from "./custom.js";
import { AdminCustomerGroupsResource } from "./customer-groups.js";
import { AdminCustomersResource } from "./customers.js";
import { AdminEventsResource } from "./events.js";
import { AdminPriceListResource } from "./price-lists.js";
import { AdminPricingResource } from "./pricing.js";
import { AdminProductsResource } from "./products.js";
import { AdminRegionsResource } from "./regions.js";
import { AdminSetupResource } from "./setup.js";
import { AdminUploadsResource } from "./uploads.js";
import { AdminUsersResource } from "./users.js";
import { AdminWebhooksResource } from "./webhooks.js";

/** `cohort.admin`: the admin API. */
export class Admin {
  readonly auth: AdminAuthResource;
  readonly users: AdminUsersResource;
  readonly customerGroups: AdminCustomerGroupsResource;
  readonly customers: AdminCustomersResource;
  readonly regions: AdminRegionsResource;
  readonly priceLists: AdminPriceListResource;
  readonly pricing: AdminPricingResource;
  readonly products: AdminProductsResource;
  readonly events: AdminEventsResource;
  readonly webhooks: AdminWebhooksResource;
  readonly custom: AdminCustomResource;
  readonly setup: AdminSetupResource;
  readonly batchJobs: AdminBatchJobsResource;
  readonly uploads: AdminUploadsResource;

  constructor(client: Client) {
    this.auth = new AdminAuthResource(client);
    this.users = new AdminUsersResource(client);
    this.customerGroups = new AdminCustomerGroupsResource(client);
    this.customers = new AdminCustomersResource(client);
    this.regions = new AdminRegionsResource(client);
    this.priceLists = new AdminPriceListResource(client);
    this.pricing = new AdminPricingResource(client);
    this.products = new AdminProductsResource(client);
    this.events = new AdminEventsResource(client);
    this.webhooks = new AdminWebhooksResource(client);
    this.custom = new AdminCustomResource(client);
    this.setup = new AdminSetupResource(client);
    this.batchJobs = new AdminBatchJobsResource(client);
    this.uploads = new AdminUploadsResource(client);
  }
}
