// Every module's TypeBox schemas, for the typed client (`@cohort/server/schemas`).
// One line per module; keep this file free of anything but re-exports.
export * from "./shared/schemas.js";
export { DateComparison, RetrieveQuery } from "./http/list-params.js";
export * from "./modules/auth/auth.schemas.js";
export * from "./modules/users/users.schemas.js";
export * from "./modules/regions/regions.schemas.js";
export * from "./modules/price-lists/price-lists.schemas.js";
export * from "./modules/pricing-insight/pricing-insight.schemas.js";
export * from "./modules/products/products.schemas.js";
export * from "./modules/customer-groups/customer-groups.schemas.js";
export * from "./modules/customers/customers.schemas.js";
export * from "./modules/setup/setup.schemas.js";
export * from "./modules/events/events.schemas.js";
export * from "./modules/webhooks/webhooks.schemas.js";
export * from "./modules/uploads/uploads.schemas.js";
export * from "./modules/batch-jobs/batch-jobs.schemas.js";
