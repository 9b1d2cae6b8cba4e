// The event types Cohort writes to its audit trail and delivers to webhooks: part of the API
// (webhook subscriptions name them). A file of its own, free of TypeBox, so the admin
// console can import the list without the schemas (`@cohort/contract/event-types`).
export const EVENT_TYPES = [
  "customer_group.created",
  "customer_group.updated",
  "customer_group.deleted",
  "customer_group.customers_added",
  "customer_group.customers_removed",
  "customer_group.membership_expired",
  "customer.created",
  "customer.updated",
  "price_list.created",
  "price_list.updated",
  "price_list.deleted",
  "price_list.prices_updated",
  "price_list.activated",
  "price_list.expired",
  "webhook.disabled",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
