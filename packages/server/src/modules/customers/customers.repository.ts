import { sql, type RawBuilder } from "kysely";
import type { Database } from "../../db/database.js";
import type { CustomerGroupRow, CustomerRow } from "../../db/schema.js";
import type { DateOp, OrderBy } from "../../http/list-params.js";
import { likePattern, type Executor } from "../customer-groups/customer-groups.repository.js";
import type { Address } from "./customer-base.schemas.js";

export type PublicCustomer = Omit<CustomerRow, "password_hash">;
export type AddressRow = Address & { created_at: Date; updated_at: Date; deleted_at: Date | null };

const COLUMNS = [
  "id",
  "email",
  "first_name",
  "last_name",
  "billing_address_id",
  "phone",
  "has_account",
  "metadata",
  "created_at",
  "updated_at",
  "deleted_at",
] as const;
const SELECT_C = sql.raw(COLUMNS.map((c) => `c.${c}`).join(", "));

export interface CustomerFilter {
  q?: string;
  has_account?: boolean;
  /** Customers in any of these groups. */
  groups?: string[];
  created_at?: Array<[DateOp, Date]>;
  updated_at?: Array<[DateOp, Date]>;
}

export interface CustomerPatch {
  email?: string;
  first_name?: string | null;
  last_name?: string | null;
  phone?: string | null;
  password_hash?: string;
  billing_address_id?: string | null;
  metadata?: { set: Record<string, unknown>; unset: string[] };
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
   * A page of customers. With exactly one group (the members list) the query walks that
   * group's membership index, which is ordered like the default order (customer created_at
   * DESC, id DESC), so a page reads only its own rows however large the group is. With
   * several groups, a semi-join keeps each customer once.
   */
  async list(f: CustomerFilter, order: OrderBy | undefined, offset: number, limit: number, ex: Executor = this.db): Promise<PublicCustomer[]> {
    const { rows } = await this.pageQuery(f, order, offset, limit).execute(ex);
    return rows;
  }

  /** The statement list() runs (tests EXPLAIN it). */
  pageQuery(f: CustomerFilter, order: OrderBy | undefined, offset: number, limit: number): RawBuilder<PublicCustomer> {
    const where = this.customerConditions(f);
    const single = f.groups?.length === 1;
    let from = sql`customer c`;
    if (single) {
      from = sql`customer_group_customers m JOIN customer c ON c.id = m.customer_id`;
      where.push(sql`m.customer_group_id = ${f.groups![0]}`);
    } else if (f.groups) {
      where.push(sql`EXISTS (SELECT 1 FROM customer_group_customers m
        WHERE m.customer_id = c.id AND m.customer_group_id = ANY(${f.groups}::text[]))`);
    }
    let orderBy: RawBuilder<unknown>;
    if (order) {
      const dir = sql.raw(order.direction);
      orderBy = sql`${sql.ref(`c.${order.column}`)} ${dir}, c.id ${dir}`;
    } else {
      orderBy = single ? sql`m.customer_created_at DESC, m.customer_id DESC` : sql`c.created_at DESC, c.id DESC`;
    }
    return sql<PublicCustomer>`
      SELECT ${SELECT_C} FROM ${from}
      WHERE ${sql.join(where, sql` AND `)}
      ORDER BY ${orderBy}
      ${limit > 0 ? sql`LIMIT ${limit}` : sql``} OFFSET ${offset}`;
  }

  /**
   * Counts what list() pages through. Without conditions on the customer itself, a group
   * filter is counted on the membership index alone (customers are never soft-deleted
   * while they are members, so the join would not change the number).
   */
  async count(f: CustomerFilter, ex: Executor = this.db): Promise<number> {
    let query: RawBuilder<{ n: number }>;
    if (f.groups && !this.hasCustomerConditions(f)) {
      query =
        f.groups.length === 1
          ? sql`SELECT count(*) AS n FROM customer_group_customers WHERE customer_group_id = ${f.groups[0]}`
          : sql`SELECT count(DISTINCT customer_id) AS n FROM customer_group_customers WHERE customer_group_id = ANY(${f.groups}::text[])`;
    } else {
      const where = this.customerConditions(f);
      if (f.groups) {
        where.push(sql`EXISTS (SELECT 1 FROM customer_group_customers m
          WHERE m.customer_id = c.id AND m.customer_group_id = ANY(${f.groups}::text[]))`);
      }
      query = sql`SELECT count(*) AS n FROM customer c WHERE ${sql.join(where, sql` AND `)}`;
    }
    const { rows } = await query.execute(ex);
    return Number(rows[0]?.n ?? 0);
  }

  findById(id: string, ex: Executor = this.db): Promise<PublicCustomer | undefined> {
    return ex.selectFrom("customer").select(COLUMNS).where("id", "=", id).where("deleted_at", "is", null).executeTakeFirst();
  }

  /** The one read that includes the hash: the registered customer of an email, for a login. */
  findAccountWithHash(email: string, ex: Executor = this.db): Promise<CustomerRow | undefined> {
    return ex
      .selectFrom("customer")
      .selectAll()
      .where("email", "=", email)
      .where("has_account", "=", true)
      .where("deleted_at", "is", null)
      .executeTakeFirst();
  }

  async accountExists(email: string, ex: Executor = this.db): Promise<boolean> {
    const row = await ex
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
    ex: Executor = this.db,
  ): Promise<PublicCustomer> {
    return ex
      .insertInto("customer")
      .values({ ...customer, metadata: customer.metadata === null ? null : JSON.stringify(customer.metadata) })
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
  }

  /** One statement; metadata is merged in SQL so concurrent merges keep each other's keys. */
  update(id: string, patch: CustomerPatch, ex: Executor = this.db): Promise<PublicCustomer | undefined> {
    const { metadata, ...columns } = patch;
    return ex
      .updateTable("customer")
      .set({
        ...columns,
        ...(metadata
          ? { metadata: sql<string>`(coalesce(metadata, '{}'::jsonb) - ${metadata.unset}::text[]) || ${JSON.stringify(metadata.set)}::jsonb` }
          : {}),
        updated_at: sql<Date>`now()`,
      })
      .where("id", "=", id)
      .where("deleted_at", "is", null)
      .returning(COLUMNS)
      .executeTakeFirst();
  }

  /** Shipping addresses of many customers, one query. */
  addressesOf(customerIds: string[], ex: Executor = this.db): Promise<AddressRow[]> {
    return ex
      .selectFrom("address")
      .selectAll()
      .where("customer_id", "=", sql<string>`any(${customerIds}::text[])`)
      .where("deleted_at", "is", null)
      .orderBy("created_at")
      .orderBy("id")
      .execute() as Promise<AddressRow[]>;
  }

  addressesById(ids: string[], ex: Executor = this.db): Promise<AddressRow[]> {
    return ex
      .selectFrom("address")
      .selectAll()
      .where("id", "=", sql<string>`any(${ids}::text[])`)
      .where("deleted_at", "is", null)
      .execute() as Promise<AddressRow[]>;
  }

  insertAddress(id: string, input: AddressInput, ex: Executor = this.db): Promise<AddressRow> {
    const { metadata, ...rest } = input;
    return ex
      .insertInto("address")
      .values({ id, ...pickAddress(rest), metadata: metadata ? JSON.stringify(metadata) : null })
      .returningAll()
      .executeTakeFirstOrThrow() as Promise<AddressRow>;
  }

  async updateAddress(id: string, input: AddressInput, ex: Executor = this.db): Promise<void> {
    const { metadata, ...rest } = input;
    await ex
      .updateTable("address")
      .set({ ...pickAddress(rest), ...(metadata !== undefined ? { metadata: metadata ? JSON.stringify(metadata) : null } : {}), updated_at: sql<Date>`now()` })
      .where("id", "=", id)
      .execute();
  }

  /** The groups of many customers, one query; `only` restricts them to those groups. */
  groupsOf(customerIds: string[], only?: string[], ex: Executor = this.db): Promise<Array<CustomerGroupRow & { customer_id: string }>> {
    let q = ex
      .selectFrom("customer_group_customers as m")
      .innerJoin("customer_group as g", "g.id", "m.customer_group_id")
      .selectAll("g")
      .select("m.customer_id")
      .where("m.customer_id", "=", sql<string>`any(${customerIds}::text[])`)
      .where("g.deleted_at", "is", null);
    if (only) q = q.where("m.customer_group_id", "=", sql<string>`any(${only}::text[])`);
    return q.orderBy("g.created_at", "desc").orderBy("g.id", "desc").execute();
  }

  /** The first of the ids that names no customer group, in input order. */
  async firstMissingGroup(groupIds: string[], ex: Executor = this.db): Promise<string | undefined> {
    if (groupIds.length === 0) return undefined;
    const { rows } = await sql<{ id: string }>`
      SELECT x.id FROM unnest(${groupIds}::text[]) WITH ORDINALITY AS x(id, n)
      WHERE NOT EXISTS (SELECT 1 FROM customer_group g WHERE g.id = x.id AND g.deleted_at IS NULL)
      ORDER BY x.n LIMIT 1`.execute(ex);
    return rows[0]?.id;
  }

  /** Makes the customer's memberships exactly `groupIds`: one delete, one insert. */
  async replaceGroups(customerId: string, groupIds: string[], ex: Executor = this.db): Promise<void> {
    await ex
      .deleteFrom("customer_group_customers")
      .where("customer_id", "=", customerId)
      .where("customer_group_id", "<>", sql<string>`all(${groupIds}::text[])`)
      .execute();
    if (groupIds.length === 0) return;
    await sql`
      INSERT INTO customer_group_customers (customer_group_id, customer_id, customer_created_at)
      SELECT g.id, c.id, c.created_at
      FROM (SELECT DISTINCT unnest(${groupIds}::text[]) AS id) g, customer c
      WHERE c.id = ${customerId}
      ORDER BY g.id
      ON CONFLICT DO NOTHING`.execute(ex);
  }
}

function pickAddress(input: Omit<AddressInput, "metadata">): Partial<Record<(typeof ADDRESS_FIELDS)[number], string | null>> {
  const out: Partial<Record<(typeof ADDRESS_FIELDS)[number], string | null>> = {};
  for (const key of ADDRESS_FIELDS) if (input[key] !== undefined) out[key] = input[key];
  return out;
}
