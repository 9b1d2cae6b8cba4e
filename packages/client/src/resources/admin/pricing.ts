import type * as S from "@cohort/contract";
import { withQuery } from "../../query.js";
import type { CustomHeaders, Query, Res, ResponsePromise } from "../../types.js";
import { BaseResource } from "../base.js";

export type PriceExplanation = Res<typeof S.Explanation>;
/** Why a candidate price does not apply (`reasons` of a candidate). */
export type PriceDropReason = PriceExplanation["candidates"][number]["reasons"][number];
/** The query of explain as the server's schema states it (`at` a string). */
export type AdminPricingExplainQuery = Query<typeof S.ExplainQuery>;
/** `at` may be a `Date` (sent as an ISO string). */
export type AdminGetPricingExplainParams = Omit<AdminPricingExplainQuery, "at"> & { at?: string | Date };
export type AdminPricingExplainRes = Res<typeof S.ExplainResponse>;

/** `/admin/pricing`: Cohort's own pricing insight (not in Medusa v1). */
export class AdminPricingResource extends BaseResource {
  /**
   * GET /admin/pricing/explain — why a shopper pays what the store shows: `variant_id`,
   * exactly one of `customer_id`, `customer_group_id` (a hypothetical shopper in those
   * groups) or `anonymous: true`, exactly one of `region_id` or `currency_code`; optional
   * `quantity` and `at` (a time; default now).
   */
  explain(query: AdminGetPricingExplainParams, customHeaders: CustomHeaders = {}): ResponsePromise<AdminPricingExplainRes> {
    return this.client.request("GET", withQuery("/admin/pricing/explain", query), undefined, {}, customHeaders);
  }
}
