/** What an event of GET /admin/events says, in a merchant's words. */
export interface EventLike {
  type: string;
  data: unknown;
  actor: { type: string; id: string | null };
  source: string;
}

const plural = (n: number, noun: string) => `${n.toLocaleString("en")} ${n === 1 ? noun : `${noun}s`}`;

function field(data: unknown, key: string): unknown {
  return data && typeof data === "object" ? (data as Record<string, unknown>)[key] : undefined;
}

/** "Price list “Summer” ended", or "Price list ended" when the event carries no name. */
const named = (kind: string, name: unknown, verb: string) => (typeof name === "string" && name ? `${kind} “${name}” ${verb}` : `${kind} ${verb}`);

/** One line per event: "3 customers added to the group", "Price list “VIP prices” ended". */
export function describeEvent(e: EventLike): string {
  const name = field(e.data, "name");
  const ids = field(e.data, "customer_ids");
  const count = Array.isArray(ids) ? ids.length : 0;
  switch (e.type) {
    case "customer_group.created":
      return named("Customer group", name, "created");
    case "customer_group.updated":
      return named("Customer group", name, "changed");
    case "customer_group.deleted":
      return named("Customer group", name, "deleted");
    case "customer_group.customers_added":
      return `${plural(count, "customer")} added to the group`;
    case "customer_group.customers_removed":
      return `${plural(count, "customer")} removed from the group`;
    case "customer_group.membership_expired":
      return `${plural(count, "membership")} ended (time window)`;
    case "customer.created":
      return named("Customer", field(e.data, "email"), "created");
    case "customer.updated":
      return named("Customer", field(e.data, "email"), "changed");
    case "price_list.created":
      return named("Price list", name, "created");
    case "price_list.updated":
      return named("Price list", name, "changed");
    case "price_list.deleted":
      return named("Price list", name, "deleted");
    case "price_list.prices_updated":
      return "Prices of the price list changed";
    case "price_list.activated":
      return named("Price list", name, "started");
    case "price_list.expired":
      return named("Price list", name, "ended");
    case "webhook.disabled":
      return "A webhook endpoint was disabled after failing for days";
    default:
      return e.type;
  }
}

/** Who made the change, and through what. */
export function describeActor(e: EventLike): string {
  const how = { api: "API", store: "store", cli: "command line", import: "import", schedule: "schedule", seed: "seed", system: "system" }[e.source] ?? e.source;
  if (e.actor.type === "system") return e.source === "schedule" ? "Schedule" : `System (${how})`;
  const who = e.actor.type === "api_token" ? "API token of " : "";
  return `${who}${e.actor.id ?? "unknown"} (${how})`;
}
