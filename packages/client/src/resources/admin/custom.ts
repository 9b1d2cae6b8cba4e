import type { RequestOptions } from "../../client.js";
import { withQuery } from "../../query.js";
import type { CustomHeaders, ResponsePromise } from "../../types.js";
import { BaseResource } from "../base.js";

/** Any admin route by path (`"/customer-groups"` or `"/admin/customer-groups"`), as medusa-js's `admin.custom`. */
export class AdminCustomResource extends BaseResource {
  get<T = any>(path: string, query?: object, options: RequestOptions = {}, customHeaders: CustomHeaders = {}): ResponsePromise<T> {
    return this.client.request("GET", withQuery(adminPath(path), query), undefined, options, customHeaders);
  }

  post<T = any>(path: string, payload?: object, options: RequestOptions = {}, customHeaders: CustomHeaders = {}): ResponsePromise<T> {
    return this.client.request("POST", adminPath(path), payload, options, customHeaders);
  }

  delete<T = any>(path: string, options: RequestOptions = {}, customHeaders: CustomHeaders = {}): ResponsePromise<T> {
    return this.client.request("DELETE", adminPath(path), undefined, options, customHeaders);
  }
}

function adminPath(path: string): string {
  const rooted = path.startsWith("/") ? path : `/${path}`;
  return rooted.startsWith("/admin") ? rooted : `/admin${rooted}`;
}
