import { sql } from "kysely";
import type { Database } from "../../db/database.js";
import { inTransaction } from "../../db/transaction.js";
import type { Clock } from "../../shared/background.js";
import { systemContext } from "../../shared/change-context.js";
import { groupBy } from "../../shared/group-by.js";
import { newId } from "../../shared/ids.js";
import { contextValues, MEMBERSHIP_EVENT_CHUNK, type NewEvent } from "./event-log.js";
import type { EventsRepository } from "./events.repository.js";

/** Advisory lock keys (one number space per database): only one instance prunes at a time. */
const PRUNE_LOCK = 0x636f6801;
const SCHEDULE_LOCK = 0x636f6802;
const MEMBERSHIP_EXPIRY_LOCK = 0x636f6803;
/** Membership windows announced per run (the next run takes the rest; at most one event each, well under a statement's parameter limit). */
const EXPIRY_BATCH = 5_000;
/** Events deleted per statement while pruning. */
const PRUNE_BATCH = 10_000;
/**
 * How far back a schedule boundary is still announced: an instance that was down for a
 * while catches up, but a first start on an old database does not announce every list
 * that ever started or ended.
 */
const SCHEDULE_LOOKBACK = "1 day";

/** Deletes events older than the retention period; returns how many (PRUNE_BATCH at most per call). */
export async function pruneEvents(db: Database, clock: Clock, retentionDays: number): Promise<number> {
  const cutoff = new Date(clock().getTime() - retentionDays * 86_400_000);
  return inTransaction(db, async (trx) => {
    const { rows } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_xact_lock(${PRUNE_LOCK}) AS locked`.execute(trx);
    if (!rows[0]?.locked) return 0;
    const { rows: gone } = await sql<{ n: string }>`
      WITH gone AS (
        DELETE FROM event WHERE id IN (
          SELECT id FROM event WHERE created_at < ${cutoff} ORDER BY created_at LIMIT ${PRUNE_BATCH})
        RETURNING 1)
      SELECT count(*) AS n FROM gone`.execute(trx);
    return Number(gone[0]?.n ?? 0);
  });
}

/**
 * Emits price_list.activated when an active list's window opens (its starts_at passes, or it
 * is created or made active already inside its window) and price_list.expired when its
 * ends_at passes, without any write to the list. Each boundary is announced once: the
 * (list, kind, boundary) row of price_list_schedule_event is the proof, inserted with its
 * event in one statement, so two instances running this at once cannot both emit it (the
 * advisory lock only saves the second one the work). A list whose starts_at moves gets a
 * new activation.
 */
export async function emitScheduleEvents(db: Database, clock: Clock): Promise<number> {
  const now = clock();
  const who = contextValues(systemContext("schedule"));
  return inTransaction(db, async (trx) => {
    const { rows } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_xact_lock(${SCHEDULE_LOCK}) AS locked`.execute(trx);
    if (!rows[0]?.locked) return 0;
    const { rows: due } = await sql<{ id: string; kind: "activated" | "expired"; boundary: string; at: Date }>`
      SELECT pl.id, 'activated' AS kind, coalesce(pl.starts_at, '-infinity'::timestamptz)::text AS boundary, coalesce(pl.starts_at, pl.created_at) AS at
      FROM price_list pl
      WHERE pl.status = 'active' AND pl.deleted_at IS NULL
        AND coalesce(pl.starts_at, pl.created_at) <= ${now}
        AND (pl.ends_at IS NULL OR pl.ends_at > ${now})
        AND greatest(coalesce(pl.starts_at, pl.created_at), pl.created_at) > ${now}::timestamptz - ${SCHEDULE_LOOKBACK}::interval
        AND NOT EXISTS (SELECT 1 FROM price_list_schedule_event s
                        WHERE s.price_list_id = pl.id AND s.kind = 'activated' AND s.boundary = coalesce(pl.starts_at, '-infinity'::timestamptz))
      UNION ALL
      SELECT pl.id, 'expired', pl.ends_at::text, pl.ends_at
      FROM price_list pl
      WHERE pl.status = 'active' AND pl.deleted_at IS NULL
        AND pl.ends_at <= ${now} AND pl.ends_at > ${now}::timestamptz - ${SCHEDULE_LOOKBACK}::interval
        AND pl.ends_at > pl.created_at AND (pl.starts_at IS NULL OR pl.starts_at < pl.ends_at)
        AND NOT EXISTS (SELECT 1 FROM price_list_schedule_event s
                        WHERE s.price_list_id = pl.id AND s.kind = 'expired' AND s.boundary = pl.ends_at)
      ORDER BY 4, 1`.execute(trx);
    if (due.length === 0) return 0;
    const items = due.map((d) => ({ id: d.id, kind: d.kind, boundary: d.boundary, event_id: newId("evt") }));
    const { rows: emitted } = await sql<{ n: string }>`
      WITH item AS (
        SELECT * FROM jsonb_to_recordset(${JSON.stringify(items)}::jsonb) AS i(id text, kind text, boundary timestamptz, event_id text)),
      claimed AS (
        INSERT INTO price_list_schedule_event (price_list_id, kind, boundary, event_id)
        SELECT id, kind, boundary, event_id FROM item
        ON CONFLICT DO NOTHING
        RETURNING price_list_id, kind, event_id),
      written AS (
        INSERT INTO event (id, type, data, actor, source, request_id, price_list_id)
        SELECT c.event_id, 'price_list.' || c.kind,
          to_jsonb(pl) || jsonb_build_object('customer_groups',
            coalesce((SELECT jsonb_agg(jsonb_build_object('id', g.customer_group_id) ORDER BY g.customer_group_id)
                      FROM price_list_customer_groups g WHERE g.price_list_id = pl.id), '[]'::jsonb)),
          ${who.actor}::jsonb, ${who.source}, NULL, c.price_list_id
        FROM claimed c JOIN price_list pl ON pl.id = c.price_list_id
        ORDER BY c.event_id
        RETURNING 1)
      SELECT count(*) AS n FROM written`.execute(trx);
    return Number(emitted[0]?.n ?? 0);
  });
}

/**
 * Emits customer_group.membership_expired when timed memberships' windows end (their
 * expires_at passes): one event per group and at most 1,000 customer ids, like the other
 * membership events, with no write to the memberships. Each window's end is announced once:
 * its (group, customer, expires_at) row in membership_expiry_event is the proof, inserted in
 * the event's transaction with ON CONFLICT DO NOTHING, so two instances cannot both announce
 * it. Proofs older than the look-back can no longer be needed and are dropped.
 */
export async function emitMembershipExpiryEvents(db: Database, events: EventsRepository, clock: Clock): Promise<number> {
  const now = clock();
  return inTransaction(db, async (trx) => {
    const { rows } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_xact_lock(${MEMBERSHIP_EXPIRY_LOCK}) AS locked`.execute(trx);
    if (!rows[0]?.locked) return 0;
    const { rows: claimed } = await sql<{ customer_group_id: string; customer_id: string }>`
      INSERT INTO membership_expiry_event (customer_group_id, customer_id, expires_at)
      SELECT m.customer_group_id, m.customer_id, m.expires_at
      FROM customer_group_customers m
      WHERE m.expires_at <= ${now} AND m.expires_at > ${now}::timestamptz - ${SCHEDULE_LOOKBACK}::interval
        AND NOT EXISTS (SELECT 1 FROM membership_expiry_event x
                        WHERE x.customer_group_id = m.customer_group_id AND x.customer_id = m.customer_id AND x.expires_at = m.expires_at)
      ORDER BY m.expires_at, m.customer_group_id, m.customer_id
      LIMIT ${EXPIRY_BATCH}
      ON CONFLICT DO NOTHING
      RETURNING customer_group_id, customer_id`.execute(trx);
    await sql`DELETE FROM membership_expiry_event WHERE expires_at < ${now}::timestamptz - ${SCHEDULE_LOOKBACK}::interval - interval '1 day'`.execute(trx);
    if (claimed.length === 0) return 0;
    const byGroup = groupBy(claimed, (r) => r.customer_group_id);
    const batch: NewEvent[] = [];
    for (const [groupId, rows] of [...byGroup].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const ids = rows.map((r) => r.customer_id).sort();
      for (let i = 0; i < ids.length; i += MEMBERSHIP_EVENT_CHUNK) {
        const chunk = ids.slice(i, i + MEMBERSHIP_EVENT_CHUNK);
        batch.push({ type: "customer_group.membership_expired", data: { customer_group_id: groupId, customer_ids: chunk }, customer_group_id: groupId, customer_ids: chunk });
      }
    }
    await events.insert(batch, systemContext("schedule"), trx);
    return batch.length;
  });
}

/**
 * Merges the pending list of the events' customer_ids GIN index into the index. PostgreSQL's
 * autovacuum does this too; PGlite has no autovacuum, and without this a membership batch
 * now and then would pay for merging everyone's entries.
 */
export async function mergeEventIndex(db: Database): Promise<void> {
  await sql`SELECT gin_clean_pending_list('"IDX_event_customer_ids"'::regclass)`.execute(db);
}
