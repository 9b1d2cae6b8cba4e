import { sql, type RawBuilder } from "kysely";
import type { Database } from "../../db/database.js";
import type { CustomerGroupRow, CustomerRow } from "../../db/schema.js";
import type { DateOp, OrderBy } from "../../shared/list-options.js";
import { anyText, likePattern, mergedMetadata, type Executor } from "../../db/sql.js";
import type { MetadataPatch } from "../../shared/metadata.js";
import { customerColumns, type Address, type MembershipStatus } from "@cohort/contract";

export type PublicCustomer = Omit<CustomerRow, "password_hash">;
/** A customer of a page; on a members list asked with expand=membership, with its window. */
export type ListedMember = PublicCustomer & { membership?: { starts_at: Date | null; expires_at: Date | null } };
interface MembershipColumns {
  m_starts_at?: Date | null;
  m_expires_at?: Date | null;
}
export type AddressRow = Address & { created_at: Date; updated_at: Date; deleted_at: Date | null };

const SELECT_C = sql.raw(customerColumns.map((c) => `c.${c}`).join(", "));
const MEMBER_COLUMNS = customerColumns.map((c) => `c.${c}` as const);

/** A member of a group, as a group's expand=customers lists it. */
export type GroupMember = Omit<CustomerRow, "password_hash"> & { customer_group_id: string };

interface GroupColumns {
  g_id: string | null;
  g_name: string | null;
  g_metadata: CustomerGroupRow["metadata"];
  g_created_at: Date | null;
  g_updated_at: Date | null;
  g_deleted_at: Date | null;
}

export interface CustomerFilter {
  q?: string;
  has_account?: boolean;
  /** Customers in any of these groups. */
  groups?: string[];
  created_at?: Array<[DateOp, Date]>;
  updated_at?: Array<[DateOp, Date]>;
  /** With exactly one group: only members whose window is in this state at now() (migration 0014). */
  membership?: MembershipStatus;
  /** With exactly one group: each row carries its membership window (`membership`). */
  withMembership?: boolean;
}

/** The membership `m` is in this state at now(): starts_at inclusive, expires_at exclusive (as store pricing). */
const MEMBERSHIP_CONDITIONS: Record<MembershipStatus, RawBuilder<unknown>> = {
  current: sql`(m.starts_at IS NULL OR m.starts_at <= now()) AND (m.expires_at IS NULL OR m.expires_at > now())`,
  expired: sql`m.expires_at <= now()`,
  scheduled: sql`m.starts_at > now()`,
};

export interface CustomerPatch {
  email?: string;
  first_name?: string | null;
  last_name?: string | null;
  phone?: string | null;
  password_hash?: string;
  billing_address_id?: string | null;
  metadata?: MetadataPatch;
}

export type AddressInput = Partial<Omit<Address, "id" | "created_at" | "updated_at" | "deleted_at">>;

const ADDRESS_FIELDS = [
  "customer_id",
  "company",
  "first_name",
  "last_name",
  "address_1",
  "address_2",
  "city",
  "country_code",
  "province",
  "postal_code",
  "phone",
] as const;

export class CustomersRepository {
  constructor(private readonly db: Database) {}

  /** Every member of the given groups (expand=customers), newest customer first. */
  membersOf(groupIds: string[], executor: Executor = this.db): Promise<GroupMember[]> {
    return executor
      .selectFrom("customer_group_customers as m")
      .innerJoin("customer as c", "c.id", "m.customer_id")
      .select(["m.customer_group_id", ...MEMBER_COLUMNS])
      .where("m.customer_group_id", "=", anyText(groupIds))
      .where("c.deleted_at", "is", null)
      .orderBy("m.customer_group_id")
      .orderBy("m.customer_created_at", "desc")
      .orderBy("m.customer_id", "desc")
      .execute();
  }

  /** Conditions on the customer row itself (alias c). */
  private customerConditions(f: CustomerFilter): RawBuilder<unknown>[] {
    const where: RawBuilder<unknown>[] = [sql`c.deleted_at IS NULL`];
    if (f.q !== undefined) {
      const p = likePattern(f.q);
      where.push(sql`(c.email ILIKE ${p} OR c.first_name ILIKE ${p} OR c.last_name ILIKE ${p})`);
    }
    if (f.has_account !== undefined) where.push(sql`c.has_account = ${f.has_account}`);
    for (const [op, value] of f.created_at ?? []) where.push(sql`c.created_at ${sql.raw(op)} ${value}`);
    for (const [op, value] of f.updated_at ?? []) where.push(sql`c.updated_at ${sql.raw(op)} ${value}`);
    return where;
  }

  private hasCustomerConditions(f: CustomerFilter): boolean {
    return f.q !== undefined || f.has_account !== undefined || Boolean(f.created_at?.length) || Boolean(f.updated_at?.length);
  }

  /**
   * A page of customers (pageWithCount's inner statement; tests EXPLAIN it). With exactly
   * one group (the members list) the query walks that group's membership index, which is
   * ordered like the default order (customer created_at DESC, id DESC), so a page reads
   * only its own rows however large the group is. With several groups, a semi-join keeps
   * each customer once. With `ranked`, each row also carries its position in the list's
   * order (`__rn`, the same ORDER BY as a window), so the query built around the page keeps
   * that order by an explicit key.
   */
  pageQuery(f: CustomerFilter, order: OrderBy | undefined, offset: number, limit: number, ranked = false): RawBuilder<PublicCustomer> {
    const where = this.customerConditions(f);
    const single = f.groups?.length === 1;
    let from = sql`customer c`;
    let columns = SELECT_C;
    if (single) {
      from = sql`customer_group_customers m JOIN customer c ON c.id = m.customer_id`;
      where.push(sql`m.customer_group_id = ${f.groups![0]}`);
      if (f.membership) where.push(MEMBERSHIP_CONDITIONS[f.membership]);
      if (f.withMembership) columns = sql`${SELECT_C}, m.starts_at AS m_starts_at, m.expires_at AS m_expires_at`;
    } else if (f.groups) {
      where.push(inAnyGroup(f.groups));
    }
    let orderBy: RawBuilder<unknown>;
    if (order) {
      const dir = sql.raw(order.direction);
      orderBy = sql`${sql.ref(`c.${order.column}`)} ${dir}, c.id ${dir}`;
    } else {
      orderBy = single ? sql`m.customer_created_at DESC, m.customer_id DESC` : sql`c.created_at DESC, c.id DESC`;
    }
    if (ranked) columns = sql`${columns}, row_number() OVER (ORDER BY ${orderBy}) AS __rn`;
    return sql<PublicCustomer>`
      SELECT ${columns} FROM ${from}
      WHERE ${sql.join(where, sql` AND `)}
      ORDER BY ${orderBy}
      ${limit > 0 ? sql`LIMIT ${limit}` : sql``} OFFSET ${offset}`;
  }

  /**
   * Counts what list() pages through. A group filter without conditions on the customer
   * itself is counted on memberships alone; one group reads its kept member count
   * (migration 0006) as long as no customer is soft-deleted (then the members must be
   * joined to their customers to leave the soft-deleted out; Cohort never soft-deletes,
   * so that check is one probe of an empty partial index).
   */
  async count(f: CustomerFilter, executor: Executor = this.db): Promise<number> {
    const { rows } = await sql<{ n: number }>`SELECT (${this.countQuery(f)}) AS n`.execute(executor);
    return Number(rows[0]?.n ?? 0);
  }

  /** A scalar subquery: the number of customers list() pages through. */
  private countQuery(f: CustomerFilter): RawBuilder<number> {
    if (f.groups?.length === 1 && f.membership) {
      // A filtered window is counted (the kept counts hold every membership).
      const where = this.customerConditions(f);
      where.push(sql`m.customer_group_id = ${f.groups[0]}`, MEMBERSHIP_CONDITIONS[f.membership]);
      return sql<number>`SELECT count(*) FROM customer_group_customers m JOIN customer c ON c.id = m.customer_id
        WHERE ${sql.join(where, sql` AND `)}`;
    }
    if (f.groups && !this.hasCustomerConditions(f)) {
      if (f.groups.length === 1) {
        const g = f.groups[0]!;
        return sql<number>`SELECT CASE
          WHEN EXISTS (SELECT 1 FROM customer WHERE deleted_at IS NOT NULL)
            THEN (SELECT count(*) FROM customer_group_customers m JOIN customer c ON c.id = m.customer_id
                  WHERE m.customer_group_id = ${g} AND c.deleted_at IS NULL)
          ELSE coalesce((SELECT n FROM customer_group_member_count WHERE customer_group_id = ${g}), 0) END`;
      }
      return sql<number>`SELECT count(DISTINCT customer_id) FROM customer_group_customers WHERE customer_group_id = ANY(${f.groups}::text[])`;
    }
    const where = this.customerConditions(f);
    if (f.groups) where.push(inAnyGroup(f.groups));
    return sql<number>`SELECT count(*) FROM customer c WHERE ${sql.join(where, sql` AND `)}`;
  }

  /**
   * list() and count() in one round trip: the count rides on every row of the page (an
   * InitPlan, computed once). With exactly one group, each row also carries that group
   * (g_* columns, null when the group is gone): on a single-group list every customer's
   * `groups` is exactly that group. An empty page carries no count (the caller counts).
   */
  async pageWithCount(
    f: CustomerFilter,
    order: OrderBy | undefined,
    offset: number,
    limit: number,
    executor: Executor = this.db,
  ): Promise<{ rows: ListedMember[]; count: number | undefined; group: CustomerGroupRow | null | undefined }> {
    const single = f.groups?.length === 1 ? f.groups[0]! : undefined;
    const page = this.pageQuery(f, order, offset, limit, true);
    const { rows } = await sql<PublicCustomer & GroupColumns & MembershipColumns & { __total: number }>`
      SELECT p.*, (${this.countQuery(f)}) AS __total
        ${single !== undefined ? sql`, g.id AS g_id, g.name AS g_name, g.metadata AS g_metadata, g.created_at AS g_created_at,
          g.updated_at AS g_updated_at, g.deleted_at AS g_deleted_at` : sql``}
      FROM (${page}) p
        ${single !== undefined ? sql`LEFT JOIN customer_group g ON g.id = ${single} AND g.deleted_at IS NULL` : sql``}
      ORDER BY p.__rn`.execute(executor);
    const first = rows[0];
    let group: CustomerGroupRow | null | undefined;
    if (single !== undefined && first) {
      group =
        first.g_id === null
          ? null
          : {
              id: first.g_id,
              name: first.g_name!,
              metadata: first.g_metadata,
              created_at: first.g_created_at!,
              updated_at: first.g_updated_at!,
              deleted_at: first.g_deleted_at,
            };
    }
    const customers = rows.map((r) => {
      const out: ListedMember = {
        id: r.id,
        email: r.email,
        first_name: r.first_name,
        last_name: r.last_name,
        billing_address_id: r.billing_address_id,
        phone: r.phone,
        has_account: r.has_account,
        metadata: r.metadata,
        created_at: r.created_at,
        updated_at: r.updated_at,
        deleted_at: r.deleted_at,
      };
      if (f.withMembership && single !== undefined) out.membership = { starts_at: r.m_starts_at ?? null, expires_at: r.m_expires_at ?? null };
      return out;
    });
    return { rows: customers, count: first ? Number(first.__total) : undefined, group };
  }

  findById(id: string, executor: Executor = this.db): Promise<PublicCustomer | undefined> {
    return executor.selectFrom("customer").select(customerColumns).where("id", "=", id).where("deleted_at", "is", null).executeTakeFirst();
  }

  /** The one read that includes the hash: the registered customer of an email, for a login. */
  findAccountWithHash(email: string, executor: Executor = this.db): Promise<CustomerRow | undefined> {
    return executor
      .selectFrom("customer")
      .selectAll()
      .where("email", "=", email)
      .where("has_account", "=", true)
      .where("deleted_at", "is", null)
      .executeTakeFirst();
  }

  async accountExists(email: string, executor: Executor = this.db): Promise<boolean> {
    const row = await executor
      .selectFrom("customer")
      .select("id")
      .where("email", "=", email)
      .where("has_account", "=", true)
      .where("deleted_at", "is", null)
      .executeTakeFirst();
    return row !== undefined;
  }

  insert(
    customer: Omit<PublicCustomer, "created_at" | "updated_at" | "deleted_at" | "metadata"> & {
      password_hash: string | null;
      metadata: Record<string, unknown> | null;
    },
    executor: Executor = this.db,
  ): Promise<PublicCustomer> {
    return executor
      .insertInto("customer")
      .values({ ...customer, metadata: customer.metadata === null ? null : JSON.stringify(customer.metadata) })
      .returning(customerColumns)
      .executeTakeFirstOrThrow();
  }

  /** One statement; metadata is merged in SQL so concurrent merges keep each other's keys. */
  update(id: string, patch: CustomerPatch, executor: Executor = this.db): Promise<PublicCustomer | undefined> {
    const { metadata, ...columns } = patch;
    return executor
      .updateTable("customer")
      .set({
        ...columns,
        ...(metadata ? { metadata: mergedMetadata(metadata) } : {}),
        updated_at: sql<Date>`now()`,
      })
      .where("id", "=", id)
      .where("deleted_at", "is", null)
      .returning(customerColumns)
      .executeTakeFirst();
  }

  /** Shipping addresses of many customers, one query. */
  addressesOf(customerIds: string[], executor: Executor = this.db): Promise<AddressRow[]> {
    return executor
      .selectFrom("address")
      .selectAll()
      .where("customer_id", "=", anyText(customerIds))
      .where("deleted_at", "is", null)
      .orderBy("created_at")
      .orderBy("id")
      .execute() as Promise<AddressRow[]>;
  }

  addressesById(ids: string[], executor: Executor = this.db): Promise<AddressRow[]> {
    return executor
      .selectFrom("address")
      .selectAll()
      .where("id", "=", anyText(ids))
      .where("deleted_at", "is", null)
      .execute() as Promise<AddressRow[]>;
  }

  insertAddress(id: string, input: AddressInput, executor: Executor = this.db): Promise<AddressRow> {
    const { metadata, ...rest } = input;
    return executor
      .insertInto("address")
      .values({ id, ...pickAddress(rest), metadata: metadata ? JSON.stringify(metadata) : null })
      .returningAll()
      .executeTakeFirstOrThrow() as Promise<AddressRow>;
  }

  async updateAddress(id: string, input: AddressInput, executor: Executor = this.db): Promise<void> {
    const { metadata, ...rest } = input;
    await executor
      .updateTable("address")
      .set({ ...pickAddress(rest), ...(metadata !== undefined ? { metadata: metadata ? JSON.stringify(metadata) : null } : {}), updated_at: sql<Date>`now()` })
      .where("id", "=", id)
      .execute();
  }

  /** The groups of many customers, one query; `only` restricts them to those groups. */
  groupsOf(customerIds: string[], only?: string[], executor: Executor = this.db): Promise<Array<CustomerGroupRow & { customer_id: string }>> {
    let q = executor
      .selectFrom("customer_group_customers as m")
      .innerJoin("customer_group as g", "g.id", "m.customer_group_id")
      .selectAll("g")
      .select("m.customer_id")
      .where("m.customer_id", "=", anyText(customerIds))
      .where("g.deleted_at", "is", null);
    if (only) q = q.where("m.customer_group_id", "=", anyText(only));
    return q.orderBy("g.created_at", "desc").orderBy("g.id", "desc").execute();
  }

  /** The first of the ids that names no customer group, in input order; locks the others. */
  async firstMissingGroup(groupIds: string[], executor: Executor = this.db): Promise<string | undefined> {
    if (groupIds.length === 0) return undefined;
    // The groups found are locked FOR KEY SHARE until the transaction ends, as a foreign
    // key check would: membership rows have no foreign keys (migration 0006), and a group
    // delete (FOR UPDATE) must wait for, and then remove, the memberships added here.
    const { rows } = await sql<{ id: string }>`
      WITH live AS MATERIALIZED (
        SELECT id FROM customer_group WHERE id = ANY(${groupIds}::text[]) AND deleted_at IS NULL ORDER BY id FOR KEY SHARE)
      SELECT x.id FROM unnest(${groupIds}::text[]) WITH ORDINALITY AS x(id, n)
      WHERE NOT EXISTS (SELECT 1 FROM live WHERE live.id = x.id)
      ORDER BY x.n LIMIT 1`.execute(executor);
    return rows[0]?.id;
  }

  /** Makes the customer's memberships exactly `groupIds`: one delete, one insert. */
  /** Sets the customer's groups; returns the groups it really joined and left. */
  async replaceGroups(customerId: string, groupIds: string[], executor: Executor = this.db): Promise<{ added: string[]; removed: string[] }> {
    const removed = await executor
      .deleteFrom("customer_group_customers")
      .where("customer_id", "=", customerId)
      .where("customer_group_id", "<>", sql<string>`all(${groupIds}::text[])`)
      .returning("customer_group_id")
      .execute();
    if (groupIds.length === 0) return { added: [], removed: removed.map((r) => r.customer_group_id) };
    const { rows: added } = await sql<{ customer_group_id: string }>`
      INSERT INTO customer_group_customers (customer_group_id, customer_id, customer_created_at)
      SELECT g.id, c.id, c.created_at
      FROM (SELECT DISTINCT unnest(${groupIds}::text[]) AS id) g, customer c
      WHERE c.id = ${customerId}
      ORDER BY g.id
      ON CONFLICT DO NOTHING
      RETURNING customer_group_id`.execute(executor);
    return { added: added.map((r) => r.customer_group_id), removed: removed.map((r) => r.customer_group_id) };
  }
}

/** Customer c is in at least one of the groups (a semi-join: each customer once). */
const inAnyGroup = (groups: string[]) =>
  sql`EXISTS (SELECT 1 FROM customer_group_customers m WHERE m.customer_id = c.id AND m.customer_group_id = ANY(${groups}::text[]))`;

function pickAddress(input: Omit<AddressInput, "metadata">): Partial<Record<(typeof ADDRESS_FIELDS)[number], string | null>> {
  const out: Partial<Record<(typeof ADDRESS_FIELDS)[number], string | null>> = {};
  for (const key of ADDRESS_FIELDS) if (input[key] !== undefined) out[key] = input[key];
  return out;
}
