import type { Client } from "../../client.js";
import { AdminAuthResource } from "./auth.js";
import { AdminCustomResource } from "./custom.js";
import { AdminUsersResource } from "./users.js";

/** `cohort.admin`: the admin API. */
export class Admin {
  readonly auth: AdminAuthResource;
  readonly users: AdminUsersResource;
  readonly custom: AdminCustomResource;

  constructor(client: Client) {
    this.auth = new AdminAuthResource(client);
    this.users = new AdminUsersResource(client);
    this.custom = new AdminCustomResource(client);
  }
}
