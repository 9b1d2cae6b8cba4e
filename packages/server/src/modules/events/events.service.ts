import type { EventRow } from "../../db/schema.js";
import { parseDateFilter } from "../../http/list-params.js";
import { invalidData } from "../../shared/errors.js";
import type { EventFilter, EventsRepository } from "./events.repository.js";
import type { Event, EventsListResponse, ListEventsQuery } from "@cohort/contract";

export function toEvent(row: EventRow): Event {
  return {
    id: row.id,
    type: row.type,
    created_at: row.created_at,
    data: row.data,
    actor: row.actor as Event["actor"],
    source: row.source,
    request_id: row.request_id,
  };
}

export class EventsService {
  constructor(private readonly events: EventsRepository) {}

  async list(query: ListEventsQuery): Promise<EventsListResponse> {
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
    const [rows, count] = await Promise.all([this.events.list(filter, offset, limit), this.events.count(filter)]);
    return { events: rows.map(toEvent), count, offset, limit };
  }
}
