/**
 * Query keys, one root per resource: a change invalidates its root, and everything that shows
 * that resource (lists, pages, counts) refetches. A page of a later capability adds its root.
 */
export const keys = {
  session: ["session"] as const,
  setup: ["setup"] as const,
  groups: ["customer-groups"] as const,
  customers: ["customers"] as const,
  priceLists: ["price-lists"] as const,
  products: ["products"] as const,
  regions: ["regions"] as const,
  users: ["users"] as const,
  pricing: ["pricing"] as const,
  events: ["events"] as const,
  webhooks: ["webhooks"] as const,
  batchJobs: ["batch-jobs"] as const,
};
