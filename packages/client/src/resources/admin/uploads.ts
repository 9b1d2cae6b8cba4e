import type * as S from "@cohort/contract";
import type { CustomHeaders, Req, Res, ResponsePromise } from "../../types.js";
import { BaseResource } from "../base.js";

export type AdminUploadsRes = Res<typeof S.UploadsResponse>;
export type AdminDeleteUploadsReq = Req<typeof S.FileKeyBody>;
export type AdminPostUploadsDownloadUrlReq = Req<typeof S.FileKeyBody>;
export type AdminDeleteUploadsRes = Res<typeof S.UploadDeleteResponse>;
export type AdminUploadsDownloadUrlRes = Res<typeof S.DownloadUrlResponse>;

/** `/admin/uploads`: files kept by Cohort (an import's CSV, an export's result). */
export class AdminUploadsResource extends BaseResource {
  /** Multipart, field `files`; works in Node and browsers (a Blob or File each). */
  create(file: Blob | Blob[], customHeaders: CustomHeaders = {}): ResponsePromise<AdminUploadsRes> {
    const form = new FormData();
    for (const f of Array.isArray(file) ? file : [file]) form.append("files", f, (f as File).name ?? "upload");
    return this.client.request("POST", "/admin/uploads", form, {}, customHeaders);
  }

  delete(payload: AdminDeleteUploadsReq, customHeaders: CustomHeaders = {}): ResponsePromise<AdminDeleteUploadsRes> {
    return this.client.request("DELETE", "/admin/uploads", payload, {}, customHeaders);
  }

  /** A URL on Cohort that serves the file to an admin credential. */
  getPresignedDownloadUrl(payload: AdminPostUploadsDownloadUrlReq, customHeaders: CustomHeaders = {}): ResponsePromise<AdminUploadsDownloadUrlRes> {
    return this.client.request("POST", "/admin/uploads/download-url", payload, {}, customHeaders);
  }
}
