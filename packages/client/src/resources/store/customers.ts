import type * as S from "@cohort/contract";
import type { CustomHeaders, Req, Res, ResponsePromise } from "../../types.js";
import { BaseResource } from "../base.js";

export type StoreCustomer = Res<typeof S.StoreCustomer>;
export type StorePostCustomersReq = Req<typeof S.RegisterCustomerBody>;
export type StorePostCustomersCustomerReq = Req<typeof S.StoreUpdateCustomerBody>;
export type StoreCustomersRes = Res<typeof S.StoreCustomerResponse>;

/** `/store/customers`: registration and the logged-in customer's own record. */
export class CustomerResource extends BaseResource {
  /** POST /store/customers — registers and logs in; this client then sends the session cookie. */
  async create(payload: StorePostCustomersReq, customHeaders: CustomHeaders = {}): ResponsePromise<StoreCustomersRes> {
    const res = await this.client.request<StoreCustomersRes>("POST", "/store/customers", payload, {}, customHeaders);
    this.client.sessionStarted("store");
    return res;
  }

  /** GET /store/customers/me. */
  retrieve(customHeaders: CustomHeaders = {}): ResponsePromise<StoreCustomersRes> {
    return this.client.request("GET", "/store/customers/me", undefined, {}, customHeaders);
  }

  /** POST /store/customers/me. */
  update(payload: StorePostCustomersCustomerReq, customHeaders: CustomHeaders = {}): ResponsePromise<StoreCustomersRes> {
    return this.client.request("POST", "/store/customers/me", payload, {}, customHeaders);
  }
}
