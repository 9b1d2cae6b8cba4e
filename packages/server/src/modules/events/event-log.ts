import type { EventType } from "@cohort/contract";
import type { Executor } from "../../db/sql.js";
import type { ChangeContext } from "../../shared/change-context.js";
import { newId } from "../../shared/ids.js";

// What other modules may use of the events module: the log they write
// to inside their own transactions (EventsRepository implements it; app.ts passes it in).

export type { EventType };

/** Customer ids per membership event: a batch of 100,000 is 100 events. */
export const MEMBERSHIP_EVENT_CHUNK = 1_000;

export interface NewEvent {
  type: EventType;
  data: unknown;
  customer_group_id?: string | null;
  customer_ids?: string[] | null;
  price_list_id?: string | null;
}

/** Event ids for a membership statement of `n` ids: enough for every chunk it may write. */
export function membershipEventIds(n: number): string[] {
  return Array.from({ length: Math.max(1, Math.ceil(n / MEMBERSHIP_EVENT_CHUNK)) }, () => newId("evt"));
}

/** The columns of `event` that record who and how, for SQL that writes events itself. */
export function contextValues(ctx: ChangeContext) {
  return { actor: JSON.stringify(ctx.actor), source: ctx.source, request_id: ctx.requestId };
}

/** Where other modules record their events, in the transaction of the change they record. */
export interface EventLog {
  insert(events: NewEvent[], ctx: ChangeContext, executor: Executor): Promise<void>;
}
