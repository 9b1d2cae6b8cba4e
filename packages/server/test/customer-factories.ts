import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { Database } from "../src/db/database.js";
import { newId } from "../src/shared/ids.js";
import type { TestApp } from "./harness.js";

/** A short random tag, so data made by one test never matches another test's filters. */
export const tag = (prefix = "t") => `${prefix}${randomBytes(4).toString("hex")}`;

export interface CustomerSeed {
  email?: string;
  first_name?: string | null;
  last_name?: string | null;
  has_account?: boolean;
  created_at?: Date;
}

/** Inserts customers straight into the database (guests unless has_account); returns their ids in order. */
export async function insertCustomers(db: Database, seeds: CustomerSeed[]): Promise<string[]> {
  if (seeds.length === 0) return [];
  const rows = seeds.map((s) => ({
    id: newId("cus"),
    email: s.email ?? `${tag("c")}@example.com`,
    first_name: s.first_name ?? null,
    last_name: s.last_name ?? null,
    has_account: s.has_account ?? false,
    ...(s.created_at ? { created_at: s.created_at, updated_at: s.created_at } : {}),
  }));
  await db.insertInto("customer").values(rows).execute();
  return rows.map((r) => r.id);
}

/** Many customers in one statement (ids `<prefix>_000001`…), for the large-batch tests. */
export async function insertManyCustomers(db: Database, n: number, prefix = tag("cus_bulk")): Promise<string[]> {
  await sql`INSERT INTO customer (id, email)
    SELECT ${prefix} || '_' || lpad(i::text, 6, '0'), ${prefix} || '_' || i || '@example.com' FROM generate_series(1, ${n}::int) i`.execute(db);
  return Array.from({ length: n }, (_, i) => `${prefix}_${String(i + 1).padStart(6, "0")}`);
}

export async function createGroup(t: TestApp, name = tag("group"), metadata?: Record<string, unknown>) {
  const res = await t.app.inject({ method: "POST", url: "/admin/customer-groups", headers: t.admin.headers, payload: { name, metadata } });
  if (res.statusCode !== 200) throw new Error(`createGroup: ${res.statusCode} ${res.body}`);
  return res.json().customer_group as { id: string; name: string; metadata: Record<string, unknown> | null; created_at: string; updated_at: string };
}

export async function addMembers(t: TestApp, groupId: string, customerIds: string[]) {
  const res = await t.app.inject({
    method: "POST",
    url: `/admin/customer-groups/${groupId}/customers/batch`,
    headers: t.admin.headers,
    payload: { customer_ids: customerIds.map((id) => ({ id })) },
  });
  if (res.statusCode !== 200) throw new Error(`addMembers: ${res.statusCode} ${res.body}`);
}

export async function memberIds(db: Database, groupId: string): Promise<string[]> {
  const rows = await db.selectFrom("customer_group_customers").select("customer_id").where("customer_group_id", "=", groupId).orderBy("customer_id").execute();
  return rows.map((r) => r.customer_id);
}

/** A price list linked to the given groups, written directly (the price-list API is another module's). */
export async function insertPriceList(db: Database, name: string, groupIds: string[]): Promise<string> {
  const id = newId("pl");
  await db.insertInto("price_list").values({ id, name, description: `${name} prices` }).execute();
  if (groupIds.length) {
    await db.insertInto("price_list_customer_groups").values(groupIds.map((g) => ({ price_list_id: id, customer_group_id: g }))).execute();
  }
  return id;
}
