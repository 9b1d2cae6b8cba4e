import { sql as foundation } from "./0001_foundation.js";
import { sql as groupMemberOrder } from "./0002_group_member_order.js";
import { sql as membershipCounters } from "./0006_membership_counters.js";
import { sql as storeCatalogCounters } from "./0007_store_catalog_counters.js";
import { sql as catalogVersion } from "./0008_catalog_version.js";
import { sql as setupToken } from "./0010_setup_token.js";
import { sql as eventsWebhooks } from "./0011_events_webhooks.js";
import { sql as batchJobs } from "./0012_batch_jobs.js";
import { sql as timedMemberships } from "./0014_timed_memberships.js";
import { sql as membershipExpiryEvents } from "./0015_membership_expiry_events.js";
import { sql as importStaging } from "./0016_import_staging.js";

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Applied in order, each once, in its own transaction. Never edit one that has shipped. */
export const migrations: readonly Migration[] = [
  { version: 1, name: "foundation", sql: foundation },
  { version: 2, name: "group_member_order", sql: groupMemberOrder },
  { version: 6, name: "membership_counters", sql: membershipCounters },
  { version: 7, name: "store_catalog_counters", sql: storeCatalogCounters },
  { version: 8, name: "catalog_version", sql: catalogVersion },
  { version: 10, name: "setup_token", sql: setupToken },
  { version: 11, name: "events_webhooks", sql: eventsWebhooks },
  { version: 12, name: "batch_jobs", sql: batchJobs },
  { version: 14, name: "timed_memberships", sql: timedMemberships },
  { version: 15, name: "membership_expiry_events", sql: membershipExpiryEvents },
  { version: 16, name: "import_staging", sql: importStaging },
];
