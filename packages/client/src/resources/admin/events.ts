import type * as S from "@cohort/contract";
import { withQuery } from "../../query.js";
import type { CustomHeaders, Query, Res, ResponsePromise } from "../../types.js";
import { BaseResource } from "../base.js";

export type CohortEvent = Res<typeof S.Event>;
export type AdminGetEventsParams = Query<typeof S.ListEventsQuery>;
export type AdminEventsListRes = Res<typeof S.EventsListResponse>;

/** `/admin/events`: the audit trail and a replayable feed. */
export class AdminEventsResource extends BaseResource {
  /**
   * Newest first; with `after` (an event id), the events after it oldest first. Filters:
   * `type`, `customer_group_id`, `customer_id`, `price_list_id`, `created_at`.
   */
  list(query?: AdminGetEventsParams, customHeaders: CustomHeaders = {}): ResponsePromise<AdminEventsListRes> {
    return this.client.request("GET", withQuery("/admin/events", query), undefined, {}, customHeaders);
  }
}
