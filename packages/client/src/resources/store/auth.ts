import type * as S from "@cohort/contract";
import type { CustomHeaders, Req, Res, ResponsePromise } from "../../types.js";
import { BaseResource, seg } from "../base.js";

export type StorePostAuthReq = Req<typeof S.StoreLoginBody>;
export type StoreAuthRes = Res<typeof S.StoreCustomerResponse>;
export type StoreGetAuthEmailRes = Res<typeof S.CustomerExistsResponse>;
export type StoreBearerAuthRes = Res<typeof S.CustomerTokenResponse>;

/** `/store/auth`: customer sessions and JWTs. */
export class AuthResource extends BaseResource {
  /** POST /store/auth — logs the customer in; this client then sends the session cookie (in Node too). */
  async authenticate(payload: StorePostAuthReq, customHeaders: CustomHeaders = {}): ResponsePromise<StoreAuthRes> {
    const res = await this.client.request<StoreAuthRes>("POST", "/store/auth", payload, {}, customHeaders);
    this.client.sessionStarted("store");
    return res;
  }

  /** DELETE /store/auth — logs the customer out (an admin sharing the session stays logged in). */
  async deleteSession(customHeaders: CustomHeaders = {}): ResponsePromise<{}> {
    try {
      return await this.client.request("DELETE", "/store/auth", {}, {}, customHeaders);
    } finally {
      this.client.sessionEnded("store");
    }
  }

  getSession(customHeaders: CustomHeaders = {}): ResponsePromise<StoreAuthRes> {
    return this.client.request("GET", "/store/auth", undefined, {}, customHeaders);
  }

  /** GET /store/auth/:email — whether a registered customer has this email. */
  exists(email: string, customHeaders: CustomHeaders = {}): ResponsePromise<StoreGetAuthEmailRes> {
    return this.client.request("GET", `/store/auth/${seg(email)}`, undefined, {}, customHeaders);
  }

  /** POST /store/auth/token — a 30-day JWT, which this client then sends on store requests. */
  async getToken(payload: StorePostAuthReq, customHeaders: CustomHeaders = {}): ResponsePromise<StoreBearerAuthRes> {
    const res = await this.client.request<StoreBearerAuthRes>("POST", "/store/auth/token", payload, {}, customHeaders);
    this.client.setJwt("store", res.access_token);
    return res;
  }
}
