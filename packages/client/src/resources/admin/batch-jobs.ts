import type * as S from "@cohort/contract";
import { withQuery } from "../../query.js";
import type { CustomHeaders, Query, Req, Res, ResponsePromise } from "../../types.js";
import { BaseResource, seg } from "../base.js";

export type BatchJob = Res<typeof S.BatchJob>;
export type AdminPostBatchesReq = Req<typeof S.CreateBatchJobBody>;
export type AdminGetBatchParams = Query<typeof S.ListBatchJobsQuery>;
export type AdminBatchJobRes = Res<typeof S.BatchJobResponse>;
export type AdminBatchJobListRes = Res<typeof S.BatchJobsListResponse>;

/** `/admin/batch-jobs`: member imports (`customer-group-import`) and exports (`customer-group-export`). */
export class AdminBatchJobsResource extends BaseResource {
  /** 201; the job runs in the background (poll retrieve()). */
  create(payload: AdminPostBatchesReq, customHeaders: CustomHeaders = {}): ResponsePromise<AdminBatchJobRes> {
    return this.client.request("POST", "/admin/batch-jobs", payload, {}, customHeaders);
  }

  /** Newest first; `type`, `status` and `id` are arrays (`type[]=…`). */
  list(query?: AdminGetBatchParams, customHeaders: CustomHeaders = {}): ResponsePromise<AdminBatchJobListRes> {
    return this.client.request("GET", withQuery("/admin/batch-jobs", query), undefined, {}, customHeaders);
  }

  retrieve(id: string, customHeaders: CustomHeaders = {}): ResponsePromise<AdminBatchJobRes> {
    return this.client.request("GET", `/admin/batch-jobs/${seg(id)}`, undefined, {}, customHeaders);
  }

  /** A pre_processed job (a finished dry run) only: it then applies exactly what it reported. */
  confirm(id: string, customHeaders: CustomHeaders = {}): ResponsePromise<AdminBatchJobRes> {
    return this.client.request("POST", `/admin/batch-jobs/${seg(id)}/confirm`, undefined, {}, customHeaders);
  }

  cancel(id: string, customHeaders: CustomHeaders = {}): ResponsePromise<AdminBatchJobRes> {
    return this.client.request("POST", `/admin/batch-jobs/${seg(id)}/cancel`, undefined, {}, customHeaders);
  }
}
