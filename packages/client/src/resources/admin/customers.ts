import type * as S from "@cohort/contract";
import { withQuery } from "../../query.js";
import type { CustomHeaders, Query, Req, Res, ResponsePromise } from "../../types.js";
import { BaseResource, seg } from "../base.js";

export type Customer = Res<typeof S.Customer>;
/** A customer as the admin lists return it: `fields` may leave any column but id and created_at out. */
export type ListedCustomer = Res<typeof S.ListedCustomer>;
export type Address = Res<typeof S.Address>;
export type AdminPostCustomersReq = Req<typeof S.CreateCustomerBody>;
export type AdminPostCustomersCustomerReq = Req<typeof S.UpdateCustomerBody>;
export type AdminGetCustomersParams = Query<typeof S.ListCustomersQuery>;
/** `expand` (orders, shipping_addresses, billing_address, groups) of retrieve and update. */
export type AdminGetCustomersCustomerParams = Query<typeof S.CustomerRetrieveQuery>;
export type AdminCustomersRes = Res<typeof S.CustomerResponse>;
export type AdminCustomersListRes = Res<typeof S.CustomersListResponse>;

/** `/admin/customers`. */
export class AdminCustomersResource extends BaseResource {
  /** POST /admin/customers (201) — a customer with an account. */
  create(payload: AdminPostCustomersReq, customHeaders: CustomHeaders = {}): ResponsePromise<AdminCustomersRes> {
    return this.client.request("POST", "/admin/customers", payload, {}, customHeaders);
  }

  /**
   * `groups: [{ id }]` replaces the customer's whole membership set. `query` (Cohort's; after
   * medusa-js's arguments) picks the relations of the returned customer, e.g. `{ expand: "groups" }`.
   */
  update(
    id: string,
    payload: AdminPostCustomersCustomerReq,
    customHeaders: CustomHeaders = {},
    query?: AdminGetCustomersCustomerParams,
  ): ResponsePromise<AdminCustomersRes> {
    return this.client.request("POST", withQuery(`/admin/customers/${seg(id)}`, query), payload, {}, customHeaders);
  }

  /**
   * GET /admin/customers/:id — default relations: orders, shipping_addresses. `query` (Cohort's;
   * medusa-js sends none) replaces them, e.g. `{ expand: "groups" }`.
   */
  retrieve(id: string, customHeaders: CustomHeaders = {}, query?: AdminGetCustomersCustomerParams): ResponsePromise<AdminCustomersRes> {
    return this.client.request("GET", withQuery(`/admin/customers/${seg(id)}`, query), undefined, {}, customHeaders);
  }

  list(query?: AdminGetCustomersParams, customHeaders: CustomHeaders = {}): ResponsePromise<AdminCustomersListRes> {
    return this.client.request("GET", withQuery("/admin/customers", query), undefined, {}, customHeaders);
  }
}
