import { randomBytes } from "node:crypto";
import type { TestApp } from "../../../test/harness.js";

/** Data builders shared by the pricing-insight tests: rows straight into the database. */
export function insightFactories(t: TestApp) {
  const uid = () => randomBytes(5).toString("hex");
  const db = t.db.db;
  let clock = Date.parse("2020-01-01T00:00:00Z");
  /** Strictly increasing creation times, so the selection order (created_at, id) is the insertion order. */
  const nextCreated = () => new Date((clock += 1000));

  async function customer(): Promise<string> {
    const id = `cus_${uid()}`;
    await db.insertInto("customer").values({ id, email: `${id}@example.com`, has_account: true }).execute();
    return id;
  }

  async function group(...members: string[]): Promise<string> {
    const id = `cgrp_${uid()}`;
    await db.insertInto("customer_group").values({ id, name: id }).execute();
    if (members.length) await db.insertInto("customer_group_customers").values(members.map((m) => ({ customer_group_id: id, customer_id: m }))).execute();
    return id;
  }

  async function region(currency = "eur", taxRate = 0): Promise<string> {
    const id = `reg_${uid()}`;
    await db.insertInto("region").values({ id, name: id, currency_code: currency, tax_rate: taxRate }).execute();
    return id;
  }

  /** A published product with `n` variants and no price. */
  async function product(n = 1): Promise<{ id: string; variants: string[] }> {
    const id = `prod_${uid()}`;
    await db.insertInto("product").values({ id, title: id, handle: id, status: "published" }).execute();
    const variants = Array.from({ length: n }, (_, i) => `variant_${uid()}_${i}`);
    await db
      .insertInto("product_variant")
      .values(variants.map((v, i) => ({ id: v, title: `V${i}`, product_id: id, variant_rank: i })))
      .execute();
    return { id, variants };
  }

  interface PriceSeed {
    variant: string;
    amount: number;
    currency?: string;
    region?: string | null;
    min?: number | null;
    max?: number | null;
  }

  async function price(seed: PriceSeed & { list?: string | null }): Promise<string> {
    const id = `ma_${uid()}`;
    const created = nextCreated();
    await db
      .insertInto("money_amount")
      .values({
        id,
        variant_id: seed.variant,
        amount: seed.amount,
        currency_code: seed.currency ?? "eur",
        region_id: seed.region ?? null,
        min_quantity: seed.min ?? null,
        max_quantity: seed.max ?? null,
        price_list_id: seed.list ?? null,
        created_at: created,
        updated_at: created,
      })
      .execute();
    return id;
  }

  interface ListSeed {
    type?: "sale" | "override";
    status?: "active" | "draft";
    groups?: string[];
    starts_at?: Date | null;
    ends_at?: Date | null;
    name?: string;
  }

  async function priceList(seed: ListSeed = {}): Promise<string> {
    const id = `pl_${uid()}`;
    await db
      .insertInto("price_list")
      .values({
        id,
        name: seed.name ?? `List ${id}`,
        description: "d",
        type: seed.type ?? "sale",
        status: seed.status ?? "active",
        starts_at: seed.starts_at ?? null,
        ends_at: seed.ends_at ?? null,
      })
      .execute();
    if (seed.groups?.length) await db.insertInto("price_list_customer_groups").values(seed.groups.map((g) => ({ price_list_id: id, customer_group_id: g }))).execute();
    return id;
  }

  const admin = (url: string) => t.app.inject({ method: "GET", url, headers: t.admin.headers });

  return { uid, customer, group, region, product, price, priceList, admin };
}
