import type { App } from "../../http/types.js";
import { parseDateFilter } from "../../http/list-params.js";
import { invalidData } from "../../shared/errors.js";
import { EventsListResponse, ListEventsQuery } from "@cohort/contract";
import type { EventFilter } from "./events.repository.js";
import type { EventsService } from "./events.service.js";

const tags = ["Events"];

/** The query string as the service's filter, validated in v1's order. */
function parseEventsQuery(query: ListEventsQuery): { filter: EventFilter; offset: number; limit: number } {
  const { offset, limit } = query;
  if (query.order !== undefined || query.expand !== undefined || query.fields !== undefined) {
    throw invalidData("events take no order, expand or fields: they are listed newest first, or oldest first after a cursor");
  }
  if (query.after !== undefined && !/^evt_[0-9A-HJKMNP-TV-Z]{26}$/.test(query.after)) throw invalidData("after must be an event id");
  const filter: EventFilter = {
    types: query.type,
    customerGroupId: query.customer_group_id,
    customerId: query.customer_id,
    priceListId: query.price_list_id,
    createdAt: parseDateFilter(query.created_at),
    after: query.after,
  };
  return { filter, offset, limit };
}

export function eventRoutes(app: App, events: EventsService) {
  app.get(
    "/admin/events",
    {
      schema: {
        tags,
        summary: "List events (the audit trail): newest first, or oldest first after a cursor",
        querystring: ListEventsQuery,
        response: { 200: EventsListResponse },
      },
    },
    async (request) => events.list(parseEventsQuery(request.query)),
  );
}
