import { Type, type Static } from "@sinclair/typebox";
import { DateComparison, DateTime, listQuery, listResponse, NullableString, StringArray } from "./common.js";

export const Actor = Type.Object({
  type: Type.String({ description: "`user` (a session or JWT), `api_token`, or `system`" }),
  id: NullableString,
});

export const Event = Type.Object({
  id: Type.String({ description: "`evt_` followed by a ULID: ids sort in the order events were made" }),
  type: Type.String({ description: "e.g. `customer_group.customers_added`" }),
  created_at: DateTime,
  data: Type.Any({ description: "The entity after the change, or the ids it concerns" }),
  actor: Actor,
  source: Type.String({ description: "`api`, `store`, `cli`, `import`, `schedule`, `seed` or `system`" }),
  request_id: NullableString,
});
export type Event = Static<typeof Event>;

export const ListEventsQuery = listQuery(50, {
  type: Type.Optional(StringArray),
  customer_group_id: Type.Optional(Type.String()),
  customer_id: Type.Optional(Type.String()),
  price_list_id: Type.Optional(Type.String()),
  created_at: Type.Optional(DateComparison),
  after: Type.Optional(Type.String({ description: "An event id: the events after it, oldest first (for consumers that poll and replay)" })),
});
export type ListEventsQuery = Static<typeof ListEventsQuery>;

export const EventsListResponse = listResponse("events", Event);
export type EventsListResponse = Static<typeof EventsListResponse>;
