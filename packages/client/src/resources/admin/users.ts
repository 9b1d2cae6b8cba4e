import type * as S from "@cohort/contract";
import { withQuery } from "../../query.js";
import type { CustomHeaders, Req, Res, ResponsePromise } from "../../types.js";
import { BaseResource, seg } from "../base.js";

export type User = Res<typeof S.User>;
export type AdminCreateUserPayload = Req<typeof S.CreateUserBody>;
export type AdminUpdateUserPayload = Req<typeof S.UpdateUserBody>;
export type AdminUserRes = Res<typeof S.UserResponse>;
export type AdminUsersListRes = Res<typeof S.UsersResponse>;
export type AdminDeleteUserRes = Res<typeof S.UserDeleteResponse>;

/** `/admin/users`. */
export class AdminUsersResource extends BaseResource {
  retrieve(id: string, customHeaders: CustomHeaders = {}): ResponsePromise<AdminUserRes> {
    return this.client.request("GET", `/admin/users/${seg(id)}`, undefined, {}, customHeaders);
  }

  create(payload: AdminCreateUserPayload, customHeaders: CustomHeaders = {}): ResponsePromise<AdminUserRes> {
    return this.client.request("POST", "/admin/users", payload, {}, customHeaders);
  }

  /** Also sets a user's `api_token`. */
  update(id: string, payload: AdminUpdateUserPayload, customHeaders: CustomHeaders = {}): ResponsePromise<AdminUserRes> {
    return this.client.request("POST", `/admin/users/${seg(id)}`, payload, {}, customHeaders);
  }

  delete(id: string, customHeaders: CustomHeaders = {}): ResponsePromise<AdminDeleteUserRes> {
    return this.client.request("DELETE", `/admin/users/${seg(id)}`, undefined, {}, customHeaders);
  }

  /** GET /admin/users — Cohort lists every user and ignores the query. */
  list(query?: Record<string, unknown>, customHeaders: CustomHeaders = {}): ResponsePromise<AdminUsersListRes> {
    return this.client.request("GET", withQuery("/admin/users", query), undefined, {}, customHeaders);
  }
}
