import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { cohort } from "../lib/cohort";
import { keys } from "./keys";

export interface CohortEvent {
  id: string;
  type: string;
  created_at: string;
  data: unknown;
  actor: { type: string; id: string | null };
  source: string;
  request_id: string | null;
}

export interface EventsQuery {
  offset?: number;
  limit?: number;
  type?: string[];
  customer_group_id?: string;
  customer_id?: string;
  price_list_id?: string;
}

/** GET /admin/events: the audit trail, newest first. */
export function useEvents(query: EventsQuery) {
  return useQuery({
    queryKey: [...keys.events, "list", query],
    queryFn: async () => (await cohort.admin.custom.get<{ events: CohortEvent[]; count: number; offset: number; limit: number }>("/events", query)),
    placeholderData: keepPreviousData,
  });
}
