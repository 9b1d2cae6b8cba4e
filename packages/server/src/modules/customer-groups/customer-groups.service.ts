import type { Database } from "../../db/database.js";
import type { CustomerGroupRow } from "../../db/schema.js";
import type { OrderBy } from "../../shared/list-options.js";
import { isUniqueViolation } from "../../db/sql.js";
import pLimit, { type LimitFunction } from "p-limit";
import type { Executor } from "../../db/sql.js";
import { conflict, DomainError, duplicate, invalidData, notFound, serverBusy } from "../../shared/errors.js";
import { groupBy } from "../../shared/group-by.js";
import { metadataPatch } from "../../shared/metadata.js";
import { newId } from "../../shared/ids.js";
import {
  type CreateCustomerGroupBody,
  type CustomerGroup,
  type CustomerGroupAddBody,
  type CustomerGroupBatchBody,
  type GroupRelation,
  type UpdateCustomerGroupBody,
} from "@cohort/contract";
import type { CustomerGroupsRepository, GroupFilter, MemberWindows } from "./customer-groups.repository.js";
import { inTransaction } from "../../db/transaction.js";
import { systemContext, type ChangeContext } from "../../shared/change-context.js";
import type { EventLog } from "../events/event-log.js";
import type { CustomerLookup } from "../customers/customers.service.js";

/** What the list route parsed out of the query string (it projects `fields` itself). */
export interface CustomerGroupListOptions {
  filter: GroupFilter;
  order: OrderBy;
  offset: number;
  limit: number;
  expand: Set<GroupRelation> | undefined;
}

export const groupNotFound = (id: string) => notFound(`CustomerGroup with id ${id} was not found`);

/** Unknown ids named in a batch's 404 message; the rest are counted. */
const MISSING_IDS_SHOWN = 100;
/** Batches waiting for a turn per instance before new ones get 503 (see batchLimit). */
export const BATCH_QUEUE_MAX = 50;

export interface BatchOptions {
  /** Membership batches running at once per instance (config BATCH_CONCURRENCY). */
  concurrency: number;
  /** Ids one batch call may carry (config BATCH_MAX_IDS). */
  maxIds: number;
  /**
   * Ids per statement inside the batch's one transaction, with the event loop let go
   * between statements. PGlite runs SQL on the Node thread: one 100,000-id statement
   * blocked every other request (`/health` included) for seconds.
   */
  partSize: number;
}

/** Lets the event loop run other work (requests, timers) before the next statement. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function parts<T>(items: T[], size: number): T[][] {
  if (items.length <= size) return [items];
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The windows of a batch add, aligned with `sortedIds`, or undefined when no entry names
 * one (the v1 statement runs). A repeated id takes its last entry's window. Refuses a
 * window that does not start before it expires.
 */
function memberWindows(input: CustomerGroupAddBody, sortedIds: string[]): MemberWindows | undefined {
  const byId = new Map<string, { starts_at?: string | null; expires_at?: string | null }>();
  let any = false;
  for (const entry of input.customer_ids) {
    const { starts_at, expires_at } = entry;
    if (starts_at === undefined && expires_at === undefined) {
      if (!byId.has(entry.id)) byId.set(entry.id, {});
      continue;
    }
    any = true;
    if (starts_at != null && expires_at != null && !(Date.parse(starts_at) < Date.parse(expires_at))) {
      throw invalidData(`starts_at must be before expires_at (customer ${entry.id})`);
    }
    byId.set(entry.id, { starts_at, expires_at });
  }
  if (!any) return undefined;
  const out: MemberWindows = { starts: [], expires: [], set: [] };
  for (const id of sortedIds) {
    const w = byId.get(id)!;
    out.starts.push(w.starts_at ?? null);
    out.expires.push(w.expires_at ?? null);
    out.set.push(w.starts_at !== undefined || w.expires_at !== undefined);
  }
  return out;
}

type GroupWithRelations = CustomerGroupRow & Pick<CustomerGroup, GroupRelation>;

/**
 * What the batch-jobs module's member imports and exports use of groups (the
 * CustomerGroupsRepository is one): a group by id, its member count, and the set-based
 * membership writes, inside the job's own transaction.
 */
export type GroupMemberships = Pick<CustomerGroupsRepository, "findById" | "memberCounts" | "addMembers" | "removeMembers">;

export class CustomerGroupsService {
  /**
   * Membership batches are the heavy writes: a few run at once, the others wait in line
   * without holding a database connection, so light requests keep getting one.
   */
  private readonly batchLimit: LimitFunction;

  constructor(
    private readonly db: Database,
    private readonly groups: CustomerGroupsRepository,
    private readonly events: EventLog,
    private readonly customers: CustomerLookup,
    private readonly batch: BatchOptions = { concurrency: 2, maxIds: 100_000, partSize: Number.POSITIVE_INFINITY },
  ) {
    this.batchLimit = pLimit(batch.concurrency);
  }

  /** The ids of a batch body, refused above the per-call cap before any work is done. */
  batchIds(input: CustomerGroupBatchBody | CustomerGroupAddBody): string[] {
    if (input.customer_ids.length > this.batch.maxIds) {
      throw invalidData(`customer_ids must contain no more than ${this.batch.maxIds} elements`);
    }
    return input.customer_ids.map((c) => c.id);
  }

  private inBatchTurn<T>(work: () => Promise<T>): Promise<T> {
    if (this.batchLimit.pendingCount >= BATCH_QUEUE_MAX) {
      throw serverBusy("Too many membership batches are waiting on this server. Try again shortly.");
    }
    return this.batchLimit(work);
  }

  async list({ filter, order, offset, limit, expand }: CustomerGroupListOptions): Promise<{ count: number; customer_groups: CustomerGroup[] }> {
    const page = await this.groups.listWithCount(filter, order, offset, limit);
    const rows = page.rows;
    const count = page.count ?? (await this.groups.count(filter));
    return { count, customer_groups: await this.loadRelations(rows, expand) };
  }

  /** A group with the relations asked for (the route parses `expand` and projects `fields`). */
  async retrieve(id: string, expand?: Set<GroupRelation>): Promise<CustomerGroup> {
    const group = await this.groups.findById(id);
    if (!group) throw groupNotFound(id);
    const [withRelations] = await this.loadRelations([group], expand);
    return withRelations!;
  }

  async create(input: CreateCustomerGroupBody, ctx: ChangeContext = systemContext()): Promise<CustomerGroupRow> {
    try {
      return await inTransaction(this.db, async (trx) => {
        const group = await this.groups.insert({ id: newId("cgrp"), name: input.name, metadata: input.metadata ?? null }, trx);
        await this.events.insert([{ type: "customer_group.created", data: group, customer_group_id: group.id }], ctx, trx);
        return group;
      });
    } catch (err) {
      // v1 passes Postgres's own detail through on create.
      if (isUniqueViolation(err)) throw duplicate(`Key (name)=(${input.name}) already exists.`);
      throw err;
    }
  }

  /** `fields` is accepted and ignored on update, as v1 does; `expand` is honoured. */
  async update(id: string, input: UpdateCustomerGroupBody, expand?: Set<GroupRelation>, ctx: ChangeContext = systemContext()): Promise<CustomerGroup> {
    const metadata = metadataPatch(input.metadata);
    let group: CustomerGroupRow | undefined;
    try {
      group = await inTransaction(this.db, async (trx) => {
        const updated = await this.groups.update(id, { name: input.name, metadata }, trx);
        if (updated) await this.events.insert([{ type: "customer_group.updated", data: updated, customer_group_id: id }], ctx, trx);
        return updated;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw duplicate(`Customer_group with name ${input.name} already exists.`);
      throw err;
    }
    if (!group) throw groupNotFound(id);
    const [withRelations] = await this.loadRelations([group], expand);
    return withRelations!;
  }

  /**
   * Hard delete, idempotent (an unknown id is fine). A group that is the only group of a
   * price list is kept, since deleting it would open that list to every shopper (a fixed v1
   * bug: docs/compatibility.md#fixed-v1-bugs-the-contracts-cohort-rules).
   */
  async delete(id: string, ctx: ChangeContext = systemContext()): Promise<void> {
    await inTransaction(this.db, async (trx) => {
      const group = await this.groups.findById(id, trx, "update");
      if (!group) return;
      const lists = await this.groups.priceListsOnlyFor(id, trx);
      if (lists.length > 0) {
        const names = lists.map((l) => `"${l.name}" (${l.id})`).join(", ");
        throw conflict(
          `Customer group ${id} is the only customer group of the price list${lists.length > 1 ? "s" : ""} ${names}; ` +
            "deleting it would make their prices available to every customer. " +
            "Give those price lists another group, or delete them, first.",
        );
      }
      await this.groups.deleteById(id, trx);
      await this.events.insert([{ type: "customer_group.deleted", data: { id, name: group.name }, customer_group_id: id }], ctx, trx);
    });
  }

  /**
   * All or nothing: one unknown customer id adds nobody. The response is the group as read
   * before the change. Batches on one group run one after another (the group row is locked).
   * Cohort: an entry may carry a membership window (see CustomerGroupAddBody); re-adding a
   * member with a window sets its window, unlike v1's re-add, which changes nothing.
   */
  async addCustomers(id: string, input: CustomerGroupAddBody, ctx: ChangeContext = systemContext()): Promise<CustomerGroupRow> {
    const ids = this.batchIds(input);
    // Sorted and without repeats: the statement probes the customer key in order.
    const sorted = [...new Set(ids)].sort();
    const windows = memberWindows(input, sorted);
    return this.inBatchTurn(() =>
      inTransaction(
        this.db,
        async (trx) => {
          const group = await this.groups.findById(id, trx, "no key update");
          if (!group) throw groupNotFound(id);
          if (ids.length === 0) return group;
          const chunks = parts(sorted, this.batch.partSize);
          let offset = 0; // of the chunk in `sorted` (partSize is infinite on PostgreSQL: no i * partSize)
          for (const [i, chunk] of chunks.entries()) {
            if (i > 0) await yieldToEventLoop();
            // An incomplete part inserted nothing; the error rolls back the parts before it.
            const window = windows && {
              starts: windows.starts.slice(offset, offset + chunk.length),
              expires: windows.expires.slice(offset, offset + chunk.length),
              set: windows.set.slice(offset, offset + chunk.length),
            };
            offset += chunk.length;
            if (!(await this.groups.addMembers(id, chunk, ctx, trx, chunks.length > 1 ? "part" : undefined, window))) {
              throw await this.unknownCustomers(ids, trx);
            }
          }
          return group;
        },
        // A concurrent customer update that added one of these pairs first (addMembers has no ON CONFLICT).
        3,
        ["23505"],
      ),
    );
  }

  /** v1's message, naming at most MISSING_IDS_SHOWN of the unknown ids. */
  private async unknownCustomers(ids: string[], executor: Executor): Promise<DomainError> {
    const missing = await this.groups.missingCustomers(ids, MISSING_IDS_SHOWN, executor);
    const more = missing.total - missing.ids.length;
    const rest = more > 0 ? ` (and ${more} more: ${missing.total} in all)` : "";
    return notFound(`The following customer ids do not exist: ${JSON.stringify(missing.ids.join(", "))}${rest}`);
  }

  /** Ids that are not members, or not customers at all, are ignored. */
  removeCustomers(id: string, input: CustomerGroupBatchBody, ctx: ChangeContext = systemContext()): Promise<CustomerGroupRow> {
    const ids = this.batchIds(input);
    return this.inBatchTurn(() =>
      inTransaction(this.db, async (trx) => {
        const group = await this.groups.findById(id, trx, "no key update");
        if (!group) throw groupNotFound(id);
        for (const [i, chunk] of parts(ids, this.batch.partSize).entries()) {
          if (i > 0) await yieldToEventLoop();
          if (chunk.length > 0) await this.groups.removeMembers(id, chunk, ctx, trx);
        }
        return group;
      }),
    );
  }

  /** One query per requested relation for the whole page. */
  private async loadRelations(rows: CustomerGroupRow[], expand: Set<GroupRelation> | undefined): Promise<GroupWithRelations[]> {
    if (!expand?.size || rows.length === 0) return rows;
    const ids = rows.map((r) => r.id);
    const [members, lists, counts] = await Promise.all([
      expand.has("customers") ? this.customers.membersOf(ids) : undefined,
      expand.has("price_lists") ? this.groups.priceListsOf(ids) : undefined,
      expand.has("customer_count") ? this.groups.memberCounts(ids) : undefined,
    ]);
    const customers = groupBy(members ?? [], (m) => m.customer_group_id);
    const priceLists = groupBy(lists ?? [], (l) => l.customer_group_id);
    const withoutGroupId = <T extends { customer_group_id: string }>(items: T[] = []) => items.map(({ customer_group_id: _g, ...item }) => item);
    return rows.map((row) => ({
      ...row,
      ...(members ? { customers: withoutGroupId(customers.get(row.id)) } : {}),
      ...(lists ? { price_lists: withoutGroupId(priceLists.get(row.id)) } : {}),
      ...(counts ? { customer_count: counts.get(row.id) ?? 0 } : {}),
    }));
  }
}
