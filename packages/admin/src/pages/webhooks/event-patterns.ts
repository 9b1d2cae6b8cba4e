/**
 * The event families an endpoint can subscribe to, as the patterns POST /admin/webhooks takes
 * ("*" for everything, "customer_group.*" for a family).
 */
export const EVENT_FAMILIES: Array<{ pattern: string; label: string }> = [
  { pattern: "customer_group.*", label: "Customer groups and their members" },
  { pattern: "customer.*", label: "Customers" },
  { pattern: "price_list.*", label: "Price lists, their prices and schedules" },
  { pattern: "webhook.*", label: "Webhook endpoints (disabled after failing)" },
];

export const ALL_EVENTS = "*";

/** The patterns to send for what was ticked: "*" alone when everything is. */
export function patternsOf(all: boolean, families: string[]): string[] {
  if (all || EVENT_FAMILIES.every((f) => families.includes(f.pattern))) return [ALL_EVENTS];
  return EVENT_FAMILIES.map((f) => f.pattern).filter((p) => families.includes(p));
}

/** How an endpoint's patterns read in a table. */
export function describePatterns(patterns: string[]): string {
  if (patterns.includes(ALL_EVENTS)) return "All events";
  return patterns.map((p) => EVENT_FAMILIES.find((f) => f.pattern === p)?.label ?? p).join("; ");
}
