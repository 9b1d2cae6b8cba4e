import type { AdminGetEventsParams, CohortEvent } from "@cohort/client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { cohort } from "../lib/cohort";
import { keys } from "./keys";

export type { CohortEvent };
export type EventsQuery = AdminGetEventsParams;

/** GET /admin/events: the audit trail, newest first. */
export function useEvents(query: EventsQuery) {
  return useQuery({
    queryKey: [...keys.events, "list", query],
    queryFn: () => cohort.admin.events.list(query),
    placeholderData: keepPreviousData,
  });
}
