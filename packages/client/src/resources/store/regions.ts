import type * as S from "@cohort/contract";
import type { CustomHeaders, Res, ResponsePromise } from "../../types.js";
import { BaseResource, seg } from "../base.js";

export type StoreRegionsRes = Res<typeof S.RegionResponse>;
export type StoreRegionsListRes = Res<typeof S.RegionsListResponse>;

/** `/store/regions`. As medusa-js, `list` takes no query. */
export class RegionsResource extends BaseResource {
  list(customHeaders: CustomHeaders = {}): ResponsePromise<StoreRegionsListRes> {
    return this.client.request("GET", "/store/regions", undefined, {}, customHeaders);
  }

  retrieve(id: string, customHeaders: CustomHeaders = {}): ResponsePromise<StoreRegionsRes> {
    return this.client.request("GET", `/store/regions/${seg(id)}`, undefined, {}, customHeaders);
  }
}
