import type * as S from "@cohort/contract";
import { withQuery } from "../../query.js";
import type { CustomHeaders, Query, Req, Res, ResponsePromise } from "../../types.js";
import { BaseResource, seg } from "../base.js";

export type Webhook = Res<typeof S.Webhook>;
export type WebhookDelivery = Res<typeof S.WebhookDelivery>;
export type AdminPostWebhooksReq = Req<typeof S.CreateWebhookBody>;
export type AdminPostWebhooksWebhookReq = Req<typeof S.UpdateWebhookBody>;
export type AdminGetWebhooksParams = Query<typeof S.ListWebhooksQuery>;
export type AdminGetWebhookDeliveriesParams = Query<typeof S.ListDeliveriesQuery>;
export type AdminWebhooksRes = Res<typeof S.WebhookResponse>;
export type AdminWebhooksListRes = Res<typeof S.WebhooksListResponse>;
export type AdminWebhooksDeleteRes = Res<typeof S.WebhookDeleteResponse>;
export type AdminWebhookDeliveriesListRes = Res<typeof S.DeliveriesListResponse>;
export type AdminWebhookDeliveryRes = Res<typeof S.DeliveryResponse>;

/** `/admin/webhooks`: endpoints receiving signed (Standard Webhooks) event deliveries. */
export class AdminWebhooksResource extends BaseResource {
  /** 201; the response is the only one (with rotateSecret's) that shows the `secret`. */
  create(payload: AdminPostWebhooksReq, customHeaders: CustomHeaders = {}): ResponsePromise<AdminWebhooksRes> {
    return this.client.request("POST", "/admin/webhooks", payload, {}, customHeaders);
  }

  retrieve(id: string, customHeaders: CustomHeaders = {}): ResponsePromise<AdminWebhooksRes> {
    return this.client.request("GET", `/admin/webhooks/${seg(id)}`, undefined, {}, customHeaders);
  }

  /** `enabled: true` re-enables an endpoint disabled after failing. */
  update(id: string, payload: AdminPostWebhooksWebhookReq, customHeaders: CustomHeaders = {}): ResponsePromise<AdminWebhooksRes> {
    return this.client.request("POST", `/admin/webhooks/${seg(id)}`, payload, {}, customHeaders);
  }

  /** Idempotent; the endpoint's deliveries go with it. */
  delete(id: string, customHeaders: CustomHeaders = {}): ResponsePromise<AdminWebhooksDeleteRes> {
    return this.client.request("DELETE", `/admin/webhooks/${seg(id)}`, undefined, {}, customHeaders);
  }

  list(query?: AdminGetWebhooksParams, customHeaders: CustomHeaders = {}): ResponsePromise<AdminWebhooksListRes> {
    return this.client.request("GET", withQuery("/admin/webhooks", query), undefined, {}, customHeaders);
  }

  rotateSecret(id: string, customHeaders: CustomHeaders = {}): ResponsePromise<AdminWebhooksRes> {
    return this.client.request("POST", `/admin/webhooks/${seg(id)}/rotate-secret`, undefined, {}, customHeaders);
  }

  listDeliveries(id: string, query?: AdminGetWebhookDeliveriesParams, customHeaders: CustomHeaders = {}): ResponsePromise<AdminWebhookDeliveriesListRes> {
    return this.client.request("GET", withQuery(`/admin/webhooks/${seg(id)}/deliveries`, query), undefined, {}, customHeaders);
  }

  redeliver(id: string, deliveryId: string, customHeaders: CustomHeaders = {}): ResponsePromise<AdminWebhookDeliveryRes> {
    return this.client.request("POST", `/admin/webhooks/${seg(id)}/deliveries/${seg(deliveryId)}/redeliver`, undefined, {}, customHeaders);
  }
}
