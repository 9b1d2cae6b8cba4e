import type * as S from "@cohort/contract";
import { withQuery } from "../../query.js";
import type { CustomHeaders, Query, Req, Res, ResponsePromise } from "../../types.js";
import { BaseResource, seg } from "../base.js";

export type Region = Res<typeof S.Region>;
export type AdminPostRegionsReq = Req<typeof S.CreateRegionBody>;
export type AdminPostRegionsRegionReq = Req<typeof S.UpdateRegionBody>;
export type AdminGetRegionsParams = Query<typeof S.AdminRegionsQuery>;
export type AdminRegionsRes = Res<typeof S.RegionResponse>;
export type AdminRegionsListRes = Res<typeof S.RegionsListResponse>;
export type AdminRegionsDeleteRes = Res<typeof S.RegionDeleteResponse>;

/** `/admin/regions` (Cohort serves CRUD; countries and providers are set through create/update). */
export class AdminRegionsResource extends BaseResource {
  create(payload: AdminPostRegionsReq, customHeaders: CustomHeaders = {}): ResponsePromise<AdminRegionsRes> {
    return this.client.request("POST", "/admin/regions", payload, {}, customHeaders);
  }

  update(id: string, payload: AdminPostRegionsRegionReq, customHeaders: CustomHeaders = {}): ResponsePromise<AdminRegionsRes> {
    return this.client.request("POST", `/admin/regions/${seg(id)}`, payload, {}, customHeaders);
  }

  delete(id: string, customHeaders: CustomHeaders = {}): ResponsePromise<AdminRegionsDeleteRes> {
    return this.client.request("DELETE", `/admin/regions/${seg(id)}`, undefined, {}, customHeaders);
  }

  /** GET /admin/regions/:id — Cohort ignores the query (the full region is returned). */
  retrieve(id: string, query?: Record<string, unknown>, customHeaders: CustomHeaders = {}): ResponsePromise<AdminRegionsRes> {
    return this.client.request("GET", withQuery(`/admin/regions/${seg(id)}`, query), undefined, {}, customHeaders);
  }

  list(query?: AdminGetRegionsParams, customHeaders: CustomHeaders = {}): ResponsePromise<AdminRegionsListRes> {
    return this.client.request("GET", withQuery("/admin/regions", query), undefined, {}, customHeaders);
  }
}
