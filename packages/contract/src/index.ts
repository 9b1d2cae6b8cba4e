// @cohort/contract: every request and response schema of Cohort's HTTP API, as TypeBox
// schemas, for the server (validation, serialisation, OpenAPI) and the typed client.
// One line per file; keep this file free of anything but re-exports.
export * from "./common.js";
export * from "./columns.js";
export * from "./auth.js";
export * from "./users.js";
export * from "./regions.js";
export * from "./price-lists.js";
export * from "./pricing-insight.js";
export * from "./products.js";
export * from "./customer-groups.js";
export * from "./customers.js";
export * from "./setup.js";
export * from "./event-types.js";
export * from "./events.js";
export * from "./webhooks.js";
export * from "./uploads.js";
export * from "./batch-jobs.js";
