import type * as S from "@cohort/server/schemas";
import { withQuery } from "../../query.js";
import type { CustomHeaders, Query, Req, Res, ResponsePromise } from "../../types.js";
import { BaseResource, seg } from "../base.js";

export type Customer = Res<typeof S.Customer>;
export type Address = Res<typeof S.Address>;
export type AdminPostCustomersReq = Req<typeof S.CreateCustomerBody>;
export type AdminPostCustomersCustomerReq = Req<typeof S.UpdateCustomerBody>;
export type AdminGetCustomersParams = Query<typeof S.ListCustomersQuery>;
export type AdminCustomersRes = Res<typeof S.CustomerResponse>;
export type AdminCustomersListRes = Res<typeof S.CustomersListResponse>;

/** `/admin/customers`. */
export class AdminCustomersResource extends BaseResource {
  /** POST /admin/customers (201) — a customer with an account. */
  create(payload: AdminPostCustomersReq, customHeaders: CustomHeaders = {}): ResponsePromise<AdminCustomersRes> {
    return this.client.request("POST", "/admin/customers", payload, {}, customHeaders);
  }

  /** `groups: [{ id }]` replaces the customer's whole membership set. */
  update(id: string, payload: AdminPostCustomersCustomerReq, customHeaders: CustomHeaders = {}): ResponsePromise<AdminCustomersRes> {
    return this.client.request("POST", `/admin/customers/${seg(id)}`, payload, {}, customHeaders);
  }

  /** GET /admin/customers/:id — as medusa-js, no query (default relations: orders, shipping_addresses). */
  retrieve(id: string, customHeaders: CustomHeaders = {}): ResponsePromise<AdminCustomersRes> {
    return this.client.request("GET", `/admin/customers/${seg(id)}`, undefined, {}, customHeaders);
  }

  list(query?: AdminGetCustomersParams, customHeaders: CustomHeaders = {}): ResponsePromise<AdminCustomersListRes> {
    return this.client.request("GET", withQuery("/admin/customers", query), undefined, {}, customHeaders);
  }
}
