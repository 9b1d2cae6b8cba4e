import { Type, type Static } from "@sinclair/typebox";
import { DateTime, DeleteResponse, listResponse, NullableDateTime, NullableInteger, NullableString, pagination, StringEnum } from "./common.js";

const EventPatterns = Type.Array(Type.String({ maxLength: 200 }), {
  minItems: 1,
  maxItems: 100,
  description: 'Event types, "*" for all, or a prefix such as "customer_group.*"',
});

export const Webhook = Type.Object({
  id: Type.String({ description: "`wh_` followed by a ULID" }),
  url: Type.String(),
  events: Type.Array(Type.String()),
  description: NullableString,
  enabled: Type.Boolean(),
  secret: Type.Optional(Type.String({ description: "`whsec_` + base64; only in the create and rotate-secret responses" })),
  failing_since: NullableDateTime,
  disabled_at: NullableDateTime,
  created_at: DateTime,
  updated_at: DateTime,
});
export type Webhook = Static<typeof Webhook>;

export const WebhookResponse = Type.Object({ webhook: Webhook });

export const CreateWebhookBody = Type.Object(
  {
    url: Type.String({ maxLength: 2048, description: "http(s) URL receiving POSTs signed per Standard Webhooks" }),
    events: EventPatterns,
    description: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export type CreateWebhookBody = Static<typeof CreateWebhookBody>;

export const UpdateWebhookBody = Type.Object(
  {
    url: Type.Optional(Type.String({ maxLength: 2048 })),
    events: Type.Optional(EventPatterns),
    description: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()])),
    enabled: Type.Optional(Type.Boolean({ description: "true re-enables an endpoint that was disabled after failing" })),
  },
  { additionalProperties: false },
);
export type UpdateWebhookBody = Static<typeof UpdateWebhookBody>;

export const ListWebhooksQuery = Type.Object({ ...pagination(20) }, { additionalProperties: false });

export const WebhooksListResponse = listResponse("webhooks", Webhook);

export const WebhookDeleteResponse = DeleteResponse("webhook");

export const DELIVERY_STATUSES = ["pending", "succeeded", "failed"] as const;

export const WebhookDelivery = Type.Object({
  id: Type.String(),
  webhook_id: Type.String(),
  event_id: Type.String({ description: "Also the webhook-id header of the request" }),
  event_type: Type.Optional(Type.String()),
  status: StringEnum(DELIVERY_STATUSES),
  attempts: Type.Integer(),
  next_attempt_at: NullableDateTime,
  last_attempt_at: NullableDateTime,
  response_status: NullableInteger,
  response_body: Type.Unsafe<string | null>({ type: ["string", "null"], description: "The first 1 KB of the last response" }),
  error: NullableString,
  created_at: DateTime,
});

export const ListDeliveriesQuery = Type.Object(
  { ...pagination(20), status: Type.Optional(StringEnum(DELIVERY_STATUSES)) },
  { additionalProperties: false },
);
export type ListDeliveriesQuery = Static<typeof ListDeliveriesQuery>;

export const DeliveriesListResponse = listResponse("deliveries", WebhookDelivery);

export const DeliveryParams = Type.Object({ id: Type.String(), delivery_id: Type.String() });
export const DeliveryResponse = Type.Object({ delivery: WebhookDelivery });
