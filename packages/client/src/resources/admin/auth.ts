import type * as S from "@cohort/contract";
import type { CustomHeaders, Req, Res, ResponsePromise } from "../../types.js";
import { BaseResource } from "../base.js";

export type AdminPostAuthReq = Req<typeof S.LoginBody>;
export type AdminAuthRes = Res<typeof S.SessionResponse>;
export type AdminBearerAuthRes = Res<typeof S.TokenResponse>;

/** `/admin/auth`: sessions and JWTs of admin users. */
export class AdminAuthResource extends BaseResource {
  /** GET /admin/auth — the logged-in user (session, JWT or API key). */
  getSession(customHeaders: CustomHeaders = {}): ResponsePromise<AdminAuthRes> {
    return this.client.request("GET", "/admin/auth", undefined, {}, customHeaders);
  }

  /** DELETE /admin/auth — ends the session; this client stops sending its cookie. */
  async deleteSession(customHeaders: CustomHeaders = {}): ResponsePromise<{}> {
    try {
      return await this.client.request("DELETE", "/admin/auth", undefined, {}, customHeaders);
    } finally {
      this.client.sessionEnded("admin");
    }
  }

  /** POST /admin/auth — logs in; this client then sends the session cookie (in Node too). */
  async createSession(payload: AdminPostAuthReq, customHeaders: CustomHeaders = {}): ResponsePromise<AdminAuthRes> {
    const res = await this.client.request<AdminAuthRes>("POST", "/admin/auth", payload, {}, customHeaders);
    this.client.sessionStarted("admin");
    return res;
  }

  /** POST /admin/auth/token — a 24 h JWT, which this client then sends on admin requests. */
  async getToken(payload: AdminPostAuthReq, customHeaders: CustomHeaders = {}): ResponsePromise<AdminBearerAuthRes> {
    const res = await this.client.request<AdminBearerAuthRes>("POST", "/admin/auth/token", payload, {}, customHeaders);
    this.client.setJwt("admin", res.access_token);
    return res;
  }
}
