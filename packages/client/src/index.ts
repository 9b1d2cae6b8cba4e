export { Cohort, Cohort as default } from "./cohort.js";
export { Client, type AuthDomain, type RequestMethod, type RequestOptions } from "./client.js";
export { CohortError, type ErrorResponse } from "./error.js";
export { stringifyQuery } from "./query.js";
export type * from "./types.js";

export { Admin } from "./resources/admin/index.js";
export * from "./resources/admin/auth.js";
export * from "./resources/admin/custom.js";
export * from "./resources/admin/customer-groups.js";
export * from "./resources/admin/customers.js";
export * from "./resources/admin/price-lists.js";
export * from "./resources/admin/products.js";
export * from "./resources/admin/regions.js";
export * from "./resources/admin/users.js";
export * from "./resources/store/auth.js";
export * from "./resources/store/customers.js";
export * from "./resources/store/products.js";
export * from "./resources/store/regions.js";
