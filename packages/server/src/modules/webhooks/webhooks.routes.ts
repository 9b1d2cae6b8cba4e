import type { App } from "../../http/types.js";
import {
  CreateWebhookBody,
  DeliveriesListResponse,
  DeliveryParams,
  DeliveryResponse,
  IdParams,
  ListDeliveriesQuery,
  ListWebhooksQuery,
  UpdateWebhookBody,
  WebhookDeleteResponse,
  WebhookResponse,
  WebhooksListResponse,
} from "@cohort/contract";
import type { WebhooksService } from "./webhooks.service.js";

const tags = ["Webhooks"];

export function webhookRoutes(app: App, webhooks: WebhooksService) {
  app.post(
    "/admin/webhooks",
    { schema: { tags, summary: "Create a webhook endpoint (the response is the only one showing its secret)", body: CreateWebhookBody, response: { 201: WebhookResponse } } },
    async (request, reply) => reply.status(201).send({ webhook: await webhooks.create(request.body) }),
  );

  app.get(
    "/admin/webhooks",
    { schema: { tags, summary: "List webhook endpoints", querystring: ListWebhooksQuery, response: { 200: WebhooksListResponse } } },
    async (request) => webhooks.list(request.query.offset, request.query.limit),
  );

  app.get(
    "/admin/webhooks/:id",
    { schema: { tags, summary: "Retrieve a webhook endpoint", params: IdParams, response: { 200: WebhookResponse } } },
    async (request) => ({ webhook: await webhooks.retrieve(request.params.id) }),
  );

  app.post(
    "/admin/webhooks/:id",
    { schema: { tags, summary: "Update a webhook endpoint (enabled: true re-enables it)", params: IdParams, body: UpdateWebhookBody, response: { 200: WebhookResponse } } },
    async (request) => ({ webhook: await webhooks.update(request.params.id, request.body) }),
  );

  app.delete(
    "/admin/webhooks/:id",
    { schema: { tags, summary: "Delete a webhook endpoint and its deliveries (idempotent)", params: IdParams, response: { 200: WebhookDeleteResponse } } },
    async (request) => {
      await webhooks.delete(request.params.id);
      return { id: request.params.id, object: "webhook" as const, deleted: true as const };
    },
  );

  app.post(
    "/admin/webhooks/:id/rotate-secret",
    { schema: { tags, summary: "Replace the endpoint's signing secret (shown in this response only)", params: IdParams, response: { 200: WebhookResponse } } },
    async (request) => ({ webhook: await webhooks.rotateSecret(request.params.id) }),
  );

  app.get(
    "/admin/webhooks/:id/deliveries",
    {
      schema: {
        tags,
        summary: "List an endpoint's deliveries, newest event first",
        params: IdParams,
        querystring: ListDeliveriesQuery,
        response: { 200: DeliveriesListResponse },
      },
    },
    async (request) => webhooks.deliveries(request.params.id, request.query),
  );

  app.post(
    "/admin/webhooks/:id/deliveries/:delivery_id/redeliver",
    { schema: { tags, summary: "Send a delivery again (due now, with a new round of attempts)", params: DeliveryParams, response: { 200: DeliveryResponse } } },
    async (request) => ({ delivery: await webhooks.redeliver(request.params.id, request.params.delivery_id) }),
  );
}
