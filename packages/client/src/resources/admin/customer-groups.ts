import type * as S from "@cohort/contract";
import { withQuery } from "../../query.js";
import type { CustomHeaders, Query, Req, Res, ResponsePromise } from "../../types.js";
import { BaseResource, seg } from "../base.js";


export type CustomerGroup = Res<typeof S.CustomerGroup>;
export type AdminPostCustomerGroupsReq = Req<typeof S.CreateCustomerGroupBody>;
export type AdminPostCustomerGroupsGroupReq = Req<typeof S.UpdateCustomerGroupBody>;
/** Cohort: each entry may carry a membership window (`starts_at`, `expires_at`). */
export type AdminPostCustomerGroupsGroupCustomersBatchReq = Req<typeof S.CustomerGroupAddBody>;
export type AdminDeleteCustomerGroupsGroupCustomerBatchReq = Req<typeof S.CustomerGroupBatchBody>;
export type AdminGetCustomerGroupsParams = Query<typeof S.ListCustomerGroupsQuery>;
export type AdminGetCustomerGroupsGroupParams = Query<typeof S.RetrieveQuery>;
export type AdminCustomerGroupsRes = Res<typeof S.CustomerGroupResponse>;
export type AdminCustomerGroupsListRes = Res<typeof S.CustomerGroupsListResponse>;
export type AdminCustomerGroupsDeleteRes = Res<typeof S.CustomerGroupDeleteResponse>;
/** The customer list's query, plus Cohort's `membership_status` (and `expand=membership`). */
export type AdminGetCustomerGroupsGroupCustomersParams = Query<typeof S.ListGroupMembersQuery>;
/** The customer list's shape; each customer has `membership` only with `expand=membership`. */
export type AdminCustomerGroupsCustomersListRes = Res<typeof S.GroupMembersListResponse>;

/** `/admin/customer-groups`. */
export class AdminCustomerGroupsResource extends BaseResource {
  create(payload: AdminPostCustomerGroupsReq, customHeaders: CustomHeaders = {}): ResponsePromise<AdminCustomerGroupsRes> {
    return this.client.request("POST", "/admin/customer-groups", payload, {}, customHeaders);
  }

  /** GET /admin/customer-groups/:id — `expand` (customers, price_lists) and `fields`. */
  retrieve(id: string, query?: AdminGetCustomerGroupsGroupParams, customHeaders: CustomHeaders = {}): ResponsePromise<AdminCustomerGroupsRes> {
    return this.client.request("GET", withQuery(`/admin/customer-groups/${seg(id)}`, query), undefined, {}, customHeaders);
  }

  /** Metadata is merged into the group's; a key set to "" is removed. */
  update(id: string, payload: AdminPostCustomerGroupsGroupReq, customHeaders: CustomHeaders = {}): ResponsePromise<AdminCustomerGroupsRes> {
    return this.client.request("POST", `/admin/customer-groups/${seg(id)}`, payload, {}, customHeaders);
  }

  /** Idempotent; a group that is the only group of a price list is refused with 409. */
  delete(id: string, customHeaders: CustomHeaders = {}): ResponsePromise<AdminCustomerGroupsDeleteRes> {
    return this.client.request("DELETE", `/admin/customer-groups/${seg(id)}`, undefined, {}, customHeaders);
  }

  list(query?: AdminGetCustomerGroupsParams, customHeaders: CustomHeaders = {}): ResponsePromise<AdminCustomerGroupsListRes> {
    return this.client.request("GET", withQuery("/admin/customer-groups", query), undefined, {}, customHeaders);
  }

  /** All or nothing: one unknown customer id adds nobody (404). */
  addCustomers(id: string, payload: AdminPostCustomerGroupsGroupCustomersBatchReq, customHeaders: CustomHeaders = {}): ResponsePromise<AdminCustomerGroupsRes> {
    return this.client.request("POST", `/admin/customer-groups/${seg(id)}/customers/batch`, payload, {}, customHeaders);
  }

  removeCustomers(id: string, payload: AdminDeleteCustomerGroupsGroupCustomerBatchReq, customHeaders: CustomHeaders = {}): ResponsePromise<AdminCustomerGroupsRes> {
    return this.client.request("DELETE", `/admin/customer-groups/${seg(id)}/customers/batch`, payload, {}, customHeaders);
  }

  listCustomers(
    id: string,
    query?: AdminGetCustomerGroupsGroupCustomersParams,
    customHeaders: CustomHeaders = {},
  ): ResponsePromise<AdminCustomerGroupsCustomersListRes> {
    return this.client.request("GET", withQuery(`/admin/customer-groups/${seg(id)}/customers`, query), undefined, {}, customHeaders);
  }
}
