import type { EventRow } from "../../db/schema.js";
import type { EventFilter, EventsRepository } from "./events.repository.js";
import type { Event, EventsListResponse } from "@cohort/contract";

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

  async list({ filter, offset, limit }: { filter: EventFilter; offset: number; limit: number }): Promise<EventsListResponse> {
    const [rows, count] = await Promise.all([this.events.list(filter, offset, limit), this.events.count(filter)]);
    return { events: rows.map(toEvent), count, offset, limit };
  }
}
