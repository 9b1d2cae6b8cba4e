import type { WebhookRow } from "../../db/schema.js";
import type { Clock } from "../../shared/background.js";
import { invalidData, notFound } from "../../shared/errors.js";
import { newId } from "../../shared/ids.js";
import { EVENT_TYPES } from "@cohort/contract";
import { literalHost, refusalOf, type AddressPolicy } from "./address-policy.js";
import { newWebhookSecret } from "./signing.js";
import type { WebhooksRepository } from "./webhooks.repository.js";
import type { CreateWebhookBody, ListDeliveriesQuery, UpdateWebhookBody, Webhook } from "@cohort/contract";

const webhookNotFound = (id: string) => notFound(`Webhook with id ${id} was not found`);
const PREFIXES = new Set(EVENT_TYPES.map((t) => t.split(".")[0]!));

/** The webhook as the API shows it: the secret only when asked (create, rotate-secret). */
function present(row: WebhookRow, withSecret = false): Webhook {
  const { secret, locked_until: _lease, ...rest } = row;
  return withSecret ? { ...rest, secret } : rest;
}

function checkPatterns(events: string[]): string[] {
  for (const pattern of events) {
    const known =
      pattern === "*" ||
      (EVENT_TYPES as readonly string[]).includes(pattern) ||
      (pattern.endsWith(".*") && PREFIXES.has(pattern.slice(0, -2)));
    if (!known) throw invalidData(`events: unknown event type or pattern "${pattern}"; use an event type, "*" or a prefix such as "customer_group.*"`);
  }
  return [...new Set(events)];
}

export class WebhooksService {
  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly policy: AddressPolicy,
    private readonly clock: Clock,
  ) {}

  /**
   * An http(s) URL without credentials. A literal address is checked now; a host name is
   * checked on the address it resolves to at each delivery.
   */
  private checkUrl(raw: string): string {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw invalidData("url must be an absolute http or https URL");
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw invalidData("url must be an absolute http or https URL");
    if (url.username || url.password) throw invalidData("url must not contain credentials");
    const literal = literalHost(url);
    const reason = literal ? refusalOf(literal, this.policy) : undefined;
    if (reason) throw invalidData(`url is not allowed: ${reason}`);
    return url.toString();
  }

  async create(input: CreateWebhookBody): Promise<Webhook> {
    const row = await this.webhooks.insert({
      id: newId("wh"),
      url: this.checkUrl(input.url),
      events: checkPatterns(input.events),
      description: input.description ?? null,
      secret: newWebhookSecret(),
    });
    return present(row, true);
  }

  async retrieve(id: string): Promise<Webhook> {
    const row = await this.webhooks.findById(id);
    if (!row) throw webhookNotFound(id);
    return present(row);
  }

  async list(offset: number, limit: number) {
    const { rows, count } = await this.webhooks.list(offset, limit);
    return { webhooks: rows.map((r) => present(r)), count, offset, limit };
  }

  async update(id: string, input: UpdateWebhookBody): Promise<Webhook> {
    const row = await this.webhooks.update(id, {
      ...(input.url !== undefined ? { url: this.checkUrl(input.url) } : {}),
      ...(input.events !== undefined ? { events: checkPatterns(input.events) } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
    });
    if (!row) throw webhookNotFound(id);
    return present(row);
  }

  /** Idempotent; the endpoint's deliveries go with it. */
  delete(id: string): Promise<void> {
    return this.webhooks.delete(id);
  }

  /** A new secret, effective for the next request sent. */
  async rotateSecret(id: string): Promise<Webhook> {
    const row = await this.webhooks.update(id, { secret: newWebhookSecret() });
    if (!row) throw webhookNotFound(id);
    return present(row, true);
  }

  async deliveries(id: string, query: ListDeliveriesQuery) {
    if (!(await this.webhooks.findById(id))) throw webhookNotFound(id);
    const { rows, count } = await this.webhooks.deliveries(id, query.status, query.offset, query.limit);
    return { deliveries: rows, count, offset: query.offset, limit: query.limit };
  }

  async redeliver(id: string, deliveryId: string) {
    const delivery = await this.webhooks.redeliver(id, deliveryId, this.clock());
    if (!delivery) throw notFound(`Webhook delivery with id ${deliveryId} was not found for webhook ${id}`);
    return delivery;
  }
}
