import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { Database } from "../src/db/database.js";
import { newId } from "../src/shared/ids.js";
import type { TestApp } from "./harness.js";

/**
 * Test data for every entity, shared by the server's and the client's tests (a client test's
 * live Cohort is a TestApp too). The create*() factories go through the admin API, as a merchant
 * would, so what they build is valid by construction and writes its events; the insert*()
 * ones write straight to the database, for bulk data and for rows the API cannot make (a given
 * created_at, guests).
 */

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
  const body = await adminCall(t, "POST", "/admin/customer-groups", { name, metadata }, 200);
  return body.customer_group as { id: string; name: string; metadata: Record<string, unknown> | null; created_at: string; updated_at: string };
}

export async function addMembers(t: TestApp, groupId: string, customerIds: string[]) {
  await adminCall(t, "POST", `/admin/customer-groups/${groupId}/customers/batch`, { customer_ids: customerIds.map((id) => ({ id })) }, 200);
}

export async function memberIds(db: Database, groupId: string): Promise<string[]> {
  const rows = await db.selectFrom("customer_group_customers").select("customer_id").where("customer_group_id", "=", groupId).orderBy("customer_id").execute();
  return rows.map((r) => r.customer_id);
}

/** A plain (non-list) price of a variant, written directly: a base price beside the list prices under test. */
export async function insertVariantPrice(db: Database, variantId: string, amount: number, currency = "usd"): Promise<string> {
  const id = newId("ma");
  await db.insertInto("money_amount").values({ id, variant_id: variantId, amount, currency_code: currency, min_quantity: null, max_quantity: null, price_list_id: null, region_id: null, deleted_at: null }).execute();
  return id;
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

type Json = Record<string, unknown>;

/** One admin API call that must answer `status`; its JSON body. */
async function adminCall(t: TestApp, method: "POST" | "GET" | "DELETE", url: string, payload: unknown, status: number): Promise<Json> {
  const res = await t.app.inject({ method, url, headers: t.admin.headers, payload: payload as never });
  if (res.statusCode !== status) throw new Error(`${method} ${url}: expected ${status}, got ${res.statusCode} ${res.body}`);
  return res.json() as Json;
}

/** API JSON as res.json() gives it: the fields a test usually needs are typed, the rest are open. */
type ApiJson = { [field: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface MadeCustomer extends ApiJson {
  id: string;
  email: string;
}

/** A customer with an account (password "pw-123456" unless given). */
export async function createCustomer(t: TestApp, overrides: Json = {}): Promise<MadeCustomer> {
  const body = { email: `${tag("c")}@example.com`, first_name: "Ada", last_name: "Lovelace", password: "pw-123456", ...overrides };
  return (await adminCall(t, "POST", "/admin/customers", body, 201)).customer as MadeCustomer;
}

export interface MadeRegion extends ApiJson {
  id: string;
  name: string;
  currency_code: string;
}

export async function createRegion(t: TestApp, overrides: Json = {}): Promise<MadeRegion> {
  const body = { name: tag("Region "), currency_code: "usd", tax_rate: 0, ...overrides };
  return (await adminCall(t, "POST", "/admin/regions", body, 200)).region as MadeRegion;
}

export interface MadeProduct extends ApiJson {
  id: string;
  /** The variants' ids, in order. */
  variantIds: string[];
}

/**
 * A published product with `variants` variants ("V0", "V1", …), each with the given base
 * prices (none unless given: `prices: [{ amount: 1000, currency_code: "usd" }]`).
 */
export async function createProduct(
  t: TestApp,
  { variants = 1, prices = [], ...overrides }: { variants?: number; prices?: Json[] } & Json = {},
): Promise<MadeProduct> {
  const body = {
    title: tag("Product "),
    status: "published",
    variants: Array.from({ length: variants }, (_, i) => ({ title: `V${i}`, sku: tag("sku-"), prices })),
    ...overrides,
  };
  const product = (await adminCall(t, "POST", "/admin/products", body, 200)).product as ApiJson;
  return { ...product, id: product.id as string, variantIds: (product.variants as Array<{ id: string }>).map((v) => v.id) };
}

export interface MadePriceList extends ApiJson {
  id: string;
  name: string;
}

/** A sale price list, no prices and no groups unless given. */
export async function createPriceList(t: TestApp, overrides: Json = {}): Promise<MadePriceList> {
  const body = { name: tag("List "), description: "desc", type: "sale", prices: [], ...overrides };
  return (await adminCall(t, "POST", "/admin/price-lists", body, 200)).price_list as MadePriceList;
}

export interface MadeWebhook extends ApiJson {
  id: string;
  url: string;
  events: string[];
  enabled: boolean;
  /** Shown on create only. */
  secret: string;
}

export async function createWebhook(t: TestApp, url: string, events: string[] = ["*"]): Promise<MadeWebhook> {
  return (await adminCall(t, "POST", "/admin/webhooks", { url, events }, 201)).webhook as MadeWebhook;
}

export interface MadeUser extends ApiJson {
  id: string;
  email: string;
}

/** An admin user (password "supersecret" unless given). */
export async function createUser(t: TestApp, overrides: Json = {}): Promise<MadeUser> {
  const body = { email: `${tag("u")}@example.com`, password: "supersecret", ...overrides };
  return (await adminCall(t, "POST", "/admin/users", body, 200)).user as MadeUser;
}
