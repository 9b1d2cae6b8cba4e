import http from "node:http";
import https from "node:https";
import { sql } from "kysely";
import type { Database } from "../../db/database.js";
import { inTransaction } from "../../db/transaction.js";
import type { Clock } from "../../shared/background.js";
import { systemContext } from "../../shared/change-context.js";
import type { EventLog } from "../events/event-log.js";
import { guardedLookup, literalHost, refusalOf, type AddressPolicy } from "./address-policy.js";
import { signature } from "./signing.js";

/** Waits after the 1st, 2nd, … failed attempt; after the last one the delivery has failed. */
export const RETRY_DELAYS_MS = [5_000, 30_000, 120_000, 600_000, 3_600_000, 21_600_000, 86_400_000, 86_400_000, 86_400_000];
/** An endpoint whose deliveries have failed (without a success) this long is disabled. */
export const DISABLE_AFTER_MS = 3 * 86_400_000;
/** Bytes of a response body kept on the delivery. */
const RESPONSE_KEPT = 1024;

export interface DeliveryOptions {
  policy: AddressPolicy;
  timeoutMs: number;
  clock: Clock;
  /** Endpoints claimed per run, each with up to `perEndpoint` due deliveries. */
  endpoints?: number;
  perEndpoint?: number;
  /** How long a claim holds an endpoint; a worker that dies releases it by expiry. */
  leaseMs?: number;
  /** Random share of a retry delay added or taken off (0.2: ±20 %). */
  jitter?: number;
}

interface Claimed {
  id: string;
  url: string;
  secret: string;
  failing_since: Date | null;
  deliveries: Array<{ id: string; event_id: string; attempts: number; type: string; created_at: Date; data: unknown }>;
}

interface Outcome {
  id: string;
  ok: boolean;
  status: number | null;
  body: string | null;
  error: string | null;
}

/**
 * Sends due webhook deliveries. Each run claims a few endpoints (a lease on the webhook row,
 * taken with FOR UPDATE SKIP LOCKED, so instances never send one endpoint's deliveries at
 * the same time) and sends each endpoint's due deliveries one after another in event order.
 * Outcomes are written when the endpoint's turn ends; a worker that dies mid-way leaves its
 * lease to expire and those deliveries are sent again (at-least-once).
 */
export class WebhookDeliveryWorker {
  private readonly agents: { http: http.Agent; https: https.Agent };
  private readonly endpoints: number;
  private readonly perEndpoint: number;
  private readonly leaseMs: number;
  private readonly jitter: number;
  private readonly lookup: ReturnType<typeof guardedLookup>;

  constructor(
    private readonly db: Database,
    private readonly events: EventLog,
    private readonly options: DeliveryOptions,
  ) {
    const lookup = guardedLookup(options.policy);
    this.lookup = lookup;
    this.agents = {
      http: new http.Agent({ keepAlive: true, maxSockets: 4, lookup } as http.AgentOptions),
      https: new https.Agent({ keepAlive: true, maxSockets: 4, lookup } as https.AgentOptions),
    };
    this.endpoints = options.endpoints ?? 8;
    this.perEndpoint = options.perEndpoint ?? 200;
    this.leaseMs = options.leaseMs ?? 300_000;
    this.jitter = options.jitter ?? 0.2;
  }

  private stopping = false;

  /** Ends the current run after the request in flight (its outcomes are still recorded). */
  stop(): void {
    this.stopping = true;
  }

  close(): void {
    this.stopping = true;
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  /** One round: claims, sends, records. Returns the number of deliveries attempted. */
  async runOnce(): Promise<number> {
    if (this.stopping) return 0;
    const now = this.options.clock();
    const claimed = await this.claim(now);
    if (claimed.length === 0) return 0;
    const counts = await Promise.all(claimed.map((endpoint) => this.sendAll(endpoint, now)));
    return counts.reduce((a, b) => a + b, 0);
  }

  private async claim(now: Date): Promise<Claimed[]> {
    return inTransaction(this.db, async (trx) => {
      const { rows: webhooks } = await sql<{ id: string; url: string; secret: string; failing_since: Date | null }>`
        SELECT w.id, w.url, w.secret, w.failing_since FROM webhook w
        WHERE w.enabled AND (w.locked_until IS NULL OR w.locked_until <= ${now})
          AND EXISTS (SELECT 1 FROM webhook_delivery d
                      WHERE d.webhook_id = w.id AND d.status = 'pending' AND d.next_attempt_at <= ${now})
        ORDER BY w.id LIMIT ${this.endpoints}
        FOR UPDATE OF w SKIP LOCKED`.execute(trx);
      if (webhooks.length === 0) return [];
      const ids = webhooks.map((w) => w.id);
      await sql`UPDATE webhook SET locked_until = ${new Date(now.getTime() + this.leaseMs)} WHERE id = any(${ids}::text[])`.execute(trx);
      const { rows } = await sql<Claimed["deliveries"][number] & { webhook_id: string }>`
        SELECT d.webhook_id, d.id, d.event_id, d.attempts, e.type, e.created_at, e.data
        FROM unnest(${ids}::text[]) AS w(id)
        CROSS JOIN LATERAL (
          SELECT * FROM webhook_delivery d
          WHERE d.webhook_id = w.id AND d.status = 'pending' AND d.next_attempt_at <= ${now}
          ORDER BY d.event_id LIMIT ${this.perEndpoint}) d
        JOIN event e ON e.id = d.event_id
        ORDER BY d.webhook_id, d.event_id`.execute(trx);
      return webhooks.map((w) => ({ ...w, deliveries: rows.filter((r) => r.webhook_id === w.id) }));
    });
  }

  private async sendAll(endpoint: Claimed, now: Date): Promise<number> {
    const started = Date.now();
    const outcomes: Outcome[] = [];
    for (const delivery of endpoint.deliveries) {
      // Leave the rest for the next round well before the lease could expire.
      if (Date.now() - started > this.leaseMs / 2 || this.stopping) break;
      outcomes.push(await this.send(endpoint, delivery));
    }
    await this.record(endpoint, outcomes, now);
    return outcomes.length;
  }

  private async send(endpoint: Claimed, delivery: Claimed["deliveries"][number]): Promise<Outcome> {
    const body = JSON.stringify({ type: delivery.type, timestamp: new Date(delivery.created_at).toISOString(), data: delivery.data });
    const timestamp = Math.floor(this.options.clock().getTime() / 1000);
    const headers = {
      "content-type": "application/json",
      "user-agent": "Cohort-Webhooks/1",
      "webhook-id": delivery.event_id,
      "webhook-timestamp": String(timestamp),
      "webhook-signature": signature(endpoint.secret, delivery.event_id, timestamp, body),
    };
    try {
      const result = await this.post(endpoint.url, headers, body);
      const ok = result.status >= 200 && result.status < 300;
      return { id: delivery.id, ok, status: result.status, body: result.body, error: ok ? null : `HTTP ${result.status}` };
    } catch (err) {
      return { id: delivery.id, ok: false, status: null, body: null, error: (err as Error).message.slice(0, 300) || String(err) };
    }
  }

  private post(rawUrl: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
    const url = new URL(rawUrl);
    const literal = literalHost(url);
    if (literal) {
      const reason = refusalOf(literal, this.options.policy);
      if (reason) return Promise.reject(new Error(`refused: ${reason}`));
    }
    const secure = url.protocol === "https:";
    return new Promise((resolve, reject) => {
      const request = (secure ? https : http).request(
        url,
        {
          method: "POST",
          headers: { ...headers, "content-length": Buffer.byteLength(body) },
          agent: secure ? this.agents.https : this.agents.http,
          lookup: this.lookup as unknown as http.RequestOptions["lookup"],
          signal: AbortSignal.timeout(this.options.timeoutMs),
        },
        (response) => {
          const chunks: Buffer[] = [];
          let kept = 0;
          response.on("data", (chunk: Buffer) => {
            if (kept < RESPONSE_KEPT) {
              chunks.push(chunk);
              kept += chunk.length;
            }
          });
          response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).subarray(0, RESPONSE_KEPT).toString("utf8") }));
          response.on("error", reject);
        },
      );
      request.on("error", (err) => reject(err.name === "AbortError" ? new Error(`timed out after ${this.options.timeoutMs} ms`) : err));
      request.end(body);
    });
  }

  private retryDelay(attempt: number): number | undefined {
    const base = RETRY_DELAYS_MS[attempt - 1];
    if (base === undefined) return undefined;
    return Math.round(base * (1 + (Math.random() * 2 - 1) * this.jitter));
  }

  /** Writes the outcomes, releases the endpoint, and disables it when it has failed for 3 days. */
  private async record(endpoint: Claimed, outcomes: Outcome[], claimedAt: Date): Promise<void> {
    const now = this.options.clock();
    const byId = new Map(endpoint.deliveries.map((d) => [d.id, d]));
    const rows = outcomes.map((o) => {
      const attempts = byId.get(o.id)!.attempts + 1;
      const delay = o.ok ? undefined : this.retryDelay(attempts);
      return {
        id: o.id,
        status: o.ok ? "succeeded" : delay === undefined ? "failed" : "pending",
        attempts,
        next_attempt_at: delay === undefined ? null : new Date(now.getTime() + delay).toISOString(),
        response_status: o.status,
        response_body: o.body,
        error: o.error,
      };
    });
    const lastOk = outcomes.length > 0 ? outcomes[outcomes.length - 1]!.ok : undefined;
    await inTransaction(this.db, async (trx) => {
      if (rows.length > 0) {
        await sql`
          UPDATE webhook_delivery d SET status = r.status, attempts = r.attempts, next_attempt_at = r.next_attempt_at,
            response_status = r.response_status, response_body = r.response_body, error = r.error, last_attempt_at = ${now}
          FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
            AS r(id text, status text, attempts int, next_attempt_at timestamptz, response_status int, response_body text, error text)
          WHERE d.id = r.id`.execute(trx);
      }
      // The endpoint's health follows its latest attempt: a success clears it, a failure
      // starts (or continues) the failing period.
      const failingSince = lastOk === undefined ? endpoint.failing_since : lastOk ? null : (endpoint.failing_since ?? claimedAt);
      const disable = failingSince !== null && now.getTime() - new Date(failingSince).getTime() >= DISABLE_AFTER_MS;
      await trx
        .updateTable("webhook")
        .set({ locked_until: null, failing_since: failingSince, ...(disable ? { enabled: false, disabled_at: now } : {}) })
        .where("id", "=", endpoint.id)
        .execute();
      if (disable) {
        await this.events.insert(
          [{ type: "webhook.disabled", data: { id: endpoint.id, url: endpoint.url, failing_since: failingSince, reason: "deliveries failed for 3 days" } }],
          systemContext("system"),
          trx,
        );
      }
    });
  }
}
