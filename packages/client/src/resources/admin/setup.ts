import type * as S from "@cohort/contract";
import type { CustomHeaders, Req, Res, ResponsePromise } from "../../types.js";
import { BaseResource } from "../base.js";

export type AdminSetupStatusRes = Res<typeof S.SetupStatus>;
export type AdminPostSetupReq = Req<typeof S.SetupBody>;
export type AdminSetupRes = Res<typeof S.UserResponse>;

/**
 * `/admin/setup` (Cohort's): the first admin of a new installation. Both routes are public,
 * and creating works only while the database has no user at all.
 */
export class AdminSetupResource extends BaseResource {
  /** GET /admin/setup — `setup_required` is true while there is no user. */
  status(customHeaders: CustomHeaders = {}): ResponsePromise<AdminSetupStatusRes> {
    return this.client.request("GET", "/admin/setup", undefined, {}, customHeaders);
  }

  /**
   * POST /admin/setup — creates the first admin. From the server's own machine no token is
   * needed (outside production); elsewhere pass the one-time setup token the server printed
   * at start. 409 once any user exists.
   */
  create(payload: AdminPostSetupReq, setupToken?: string, customHeaders: CustomHeaders = {}): ResponsePromise<AdminSetupRes> {
    const headers = setupToken ? { ...customHeaders, "x-cohort-setup-token": setupToken } : customHeaders;
    return this.client.request("POST", "/admin/setup", payload, {}, headers);
  }
}
