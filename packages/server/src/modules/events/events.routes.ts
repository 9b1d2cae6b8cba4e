import type { App } from "../../http/types.js";
import { EventsListResponse, ListEventsQuery } from "@cohort/contract";
import type { EventsService } from "./events.service.js";

const tags = ["Events"];

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
    async (request) => events.list(request.query),
  );
}
