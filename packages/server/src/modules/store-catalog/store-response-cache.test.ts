import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, usingPostgres, type TestApp } from "../../../test/harness.js";
import { countStatements } from "../../../test/statements.js";
import { buildApp } from "../../app.js";
import type { DbHandle } from "../../db/database.js";
import type { App } from "../../http/types.js";
import { AuthRepository } from "../auth/auth.repository.js";
import { AuthService } from "../auth/auth.service.js";
import { UsersRepository } from "../users/users.repository.js";
import { StoreResponseCache } from "./store-response-cache.js";

describe("StoreResponseCache", () => {
  it("weighs bodies by their bytes (the rules of keeping: shared/versioned-cache.test.ts)", () => {
    const cache = new StoreResponseCache(100);
    cache.set("a", "1", Buffer.from("é".repeat(20))); // 40 bytes, 20 characters
    expect(cache.size).toBe(40);
    cache.set("b", "1", Buffer.alloc(70));
    expect(cache.get("a", "1")).toBeUndefined();
    expect(cache.size).toBe(70);
    expect(new StoreResponseCache(0).enabled).toBe(false);
  });
});

// ------------------------------------------------------------------ through HTTP

let t: TestApp;
let other: { app: App; handle: DbHandle };
let auth: AuthService;
let eu: { id: string };

/** A second Cohort instance on the same database, with its own cache. */
async function secondInstance(): Promise<{ app: App; handle: DbHandle }> {
  const handle = usingPostgres ? await t.testDb.reopen() : t.db;
  const app = await buildApp({ config: t.config, db: handle });
  await app.ready();
  return { app, handle };
}

beforeAll(async () => {
  t = await createTestApp();
  other = await secondInstance();
  auth = new AuthService(new AuthRepository(t.db.db), new UsersRepository(t.db.db), t.config);
  eu = (await admin("POST", "/admin/regions", { name: "EU", currency_code: "eur", tax_rate: 10 })).json().region;
});
afterAll(async () => {
  await other.app.close();
  await t.close();
});

const uid = () => randomBytes(5).toString("hex");
const admin = (method: "GET" | "POST" | "DELETE", url: string, payload?: object, app: App = t.app) =>
  app.inject({ method, url, headers: t.admin.headers, payload });
const as = (customerId: string) => ({ authorization: `Bearer ${auth.storeToken(customerId)}` });
const db = () => t.db.db;

async function customer(): Promise<string> {
  const id = `cus_${uid()}`;
  await db().insertInto("customer").values({ id, email: `${id}@example.com`, has_account: true }).execute();
  return id;
}

async function group(...members: string[]): Promise<string> {
  const id = `cgrp_${uid()}`;
  await db().insertInto("customer_group").values({ id, name: id }).execute();
  if (members.length) await db().insertInto("customer_group_customers").values(members.map((m) => ({ customer_group_id: id, customer_id: m }))).execute();
  return id;
}

/** A published product, one variant priced 1000 in EU, and a sale list at 600 for the group. */
async function pricedProduct(groupId: string) {
  const res = await admin("POST", "/admin/products", {
    title: `Product ${uid()}`,
    status: "published",
    variants: [{ title: "V", prices: [{ amount: 1000, region_id: eu.id }] }],
  });
  expect(res.statusCode).toBe(200);
  const product = res.json().product as { id: string; variants: Array<{ id: string }> };
  const list = await admin("POST", "/admin/price-lists", {
    name: `List ${uid()}`,
    description: "group list",
    type: "sale",
    status: "active",
    customer_groups: [{ id: groupId }],
    prices: [{ amount: 600, variant_id: product.variants[0]!.id, currency_code: "eur" }],
  });
  expect(list.statusCode).toBe(200);
  return { productId: product.id, variantId: product.variants[0]!.id, listId: list.json().price_list.id as string };
}

async function get(url: string, headers: Record<string, string> = {}, app: App = t.app) {
  const res = await app.inject({ method: "GET", url, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res;
}

const variantOf = (res: { json(): { product: { variants: Array<Record<string, unknown>> } } }) => res.json().product.variants[0]!;
const catalogVersion = async () => Number((await sql<{ n: string }>`SELECT n FROM cohort_counter WHERE name = 'catalog'`.execute(db())).rows[0]!.n);

describe("store responses are reused only while nothing they depend on changed", () => {
  it("answers a repeat from the cache: one statement, the same bytes and headers", async () => {
    const shopper = await customer();
    const { productId } = await pricedProduct(await group(shopper));
    const url = `/store/products/${productId}?region_id=${eu.id}`;
    const first = await countStatements(() => get(url, as(shopper)));
    const again = await countStatements(() => get(url, as(shopper)));
    expect(first.n).toBe(2); // the stamp, the page (with its prices)
    expect(again.n).toBe(1);
    expect(again.result.body).toBe(first.result.body);
    expect(again.result.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(first.result.headers["content-type"]).toBe("application/json; charset=utf-8");
  });

  it("serves exactly what an instance without the cache computes", async () => {
    const shopper = await customer();
    const { productId } = await pricedProduct(await group(shopper));
    const uncached = await buildApp({ config: { ...t.config, storeCacheBytes: 0 }, db: t.db });
    try {
      for (const url of [`/store/products/${productId}?region_id=${eu.id}`, `/store/products?region_id=${eu.id}&id=${productId}`, `/store/products/${productId}?currency_code=eur&expand=variants,variants.prices`]) {
        for (const headers of [as(shopper), {}]) {
          await get(url, headers);
          const cached = await get(url, headers);
          expect(cached.body).toBe((await get(url, headers, uncached)).body);
        }
      }
    } finally {
      await uncached.close();
    }
  });

  it("never hands one shopper's prices to another: the key holds the entitled lists", async () => {
    const member = await customer();
    const secondMember = await customer();
    const outsider = await customer();
    const g = await group(member, secondMember);
    const { productId } = await pricedProduct(g);
    const url = `/store/products/${productId}?region_id=${eu.id}`;
    expect(variantOf(await get(url, as(member))).calculated_price).toBe(600);
    expect(variantOf(await get(url, as(outsider))).calculated_price).toBe(1000);
    expect(variantOf(await get(url)).calculated_price).toBe(1000);
    const { n, result } = await countStatements(() => get(url, as(secondMember)));
    expect(variantOf(result).calculated_price).toBe(600);
    expect(n).toBe(1); // same lists, same body

    await db().deleteFrom("customer_group_customers").where("customer_id", "=", member).execute();
    expect(variantOf(await get(url, as(member))).calculated_price).toBe(1000);
    expect(variantOf(await get(url, as(secondMember))).calculated_price).toBe(600);
  });

  it("sees a change made through another instance on the next request", async () => {
    const shopper = await customer();
    const { productId, variantId, listId } = await pricedProduct(await group(shopper));
    const url = `/store/products/${productId}?region_id=${eu.id}`;
    await get(url, as(shopper));
    expect(variantOf(await get(url, as(shopper))).calculated_price).toBe(600);

    const listed = await admin("GET", `/admin/price-lists/${listId}`, undefined, other.app);
    const priceId = listed.json().price_list.prices[0].id as string;
    const update = await admin("POST", `/admin/price-lists/${listId}`, { prices: [{ id: priceId, amount: 450, variant_id: variantId, currency_code: "eur" }] }, other.app);
    expect(update.statusCode).toBe(200);
    expect(variantOf(await get(url, as(shopper))).calculated_price).toBe(450);

    expect((await admin("POST", `/admin/price-lists/${listId}`, { status: "draft" }, other.app)).statusCode).toBe(200);
    expect(variantOf(await get(url, as(shopper))).calculated_price).toBe(1000);
    // And the other way round: the second instance cached too, and sees the first one's change.
    expect(variantOf(await get(url, as(shopper), other.app)).calculated_price).toBe(1000);
    expect((await admin("POST", `/admin/price-lists/${listId}`, { status: "active" })).statusCode).toBe(200);
    expect(variantOf(await get(url, as(shopper), other.app)).calculated_price).toBe(450);
  });

  it("is retired by a write to any catalogue table, from any writer (plain SQL here)", async () => {
    const shopper = await customer();
    const { productId, variantId, listId } = await pricedProduct(await group(shopper));
    const url = `/store/products/${productId}?region_id=${eu.id}`;
    const fetch = async () => {
      await get(url, as(shopper)); // make sure the current state is cached
      return (await get(url, as(shopper))).json().product;
    };
    const changes: Array<[string, () => Promise<unknown>, (p: Record<string, any>) => unknown, unknown]> = [
      ["product", () => db().updateTable("product").set({ title: "Renamed" }).where("id", "=", productId).execute(), (p) => p.title, "Renamed"],
      ["product_variant", () => db().updateTable("product_variant").set({ title: "V2" }).where("id", "=", variantId).execute(), (p) => p.variants[0].title, "V2"],
      ["money_amount", () => db().updateTable("money_amount").set({ amount: 550 }).where("price_list_id", "=", listId).execute(), (p) => p.variants[0].calculated_price, 550],
      ["price_list", () => db().updateTable("price_list").set({ name: "Members" }).where("id", "=", listId).execute(), (p) => p.variants[0].prices.find((x: any) => x.price_list)?.price_list.name, "Members"],
      ["region", () => db().updateTable("region").set({ tax_rate: 20 }).where("id", "=", eu.id).execute(), (p) => p.variants[0].calculated_tax, 110],
      ["price_list_customer_groups", async () => db().updateTable("price_list_customer_groups").set({ customer_group_id: await group() }).where("price_list_id", "=", listId).execute(), (p) => p.variants[0].calculated_price, 1000],
    ];
    for (const [table, change, read, expected] of changes) {
      const before = read(await fetch());
      expect(before, table).not.toEqual(expected);
      await change();
      expect(read(await fetch()), table).toEqual(expected);
    }
    await db().updateTable("region").set({ tax_rate: 10 }).where("id", "=", eu.id).execute();
  });

  it("drops a list whose window closed, though nothing was written", async () => {
    const shopper = await customer();
    const { productId, listId } = await pricedProduct(await group(shopper));
    // The window is the database's clock (prices are read at its now()), so the test waits on it.
    const dbNow = async () => (await sql<{ now: Date }>`SELECT now() AS now`.execute(db())).rows[0]!.now.getTime();
    const endsAt = (await dbNow()) + 1500;
    await db().updateTable("price_list").set({ ends_at: new Date(endsAt) }).where("id", "=", listId).execute();
    const url = `/store/products/${productId}?region_id=${eu.id}`;
    await get(url, as(shopper));
    expect(variantOf(await get(url, as(shopper))).calculated_price).toBe(600);
    // A bounded poll until that clock passes the end; nothing is written meanwhile.
    for (let i = 0; i < 50 && (await dbNow()) < endsAt; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await dbNow()).toBeGreaterThanOrEqual(endsAt);
    expect(variantOf(await get(url, as(shopper))).calculated_price).toBe(1000);
  });
});

describe("the catalogue version (migration 0008)", () => {
  it("moves once per committed transaction that touched the catalogue, never for a rollback or a membership", async () => {
    const start = await catalogVersion();
    await db()
      .transaction()
      .execute(async (trx) => {
        for (let i = 0; i < 3; i++) await trx.updateTable("region").set({ tax_rate: 10 }).where("id", "=", eu.id).execute();
        await trx.updateTable("price_list").set({ description: "x" }).where("id", "=", "pl_none").execute();
      });
    expect(await catalogVersion()).toBe(start + 1);

    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          await trx.updateTable("region").set({ tax_rate: 10 }).where("id", "=", eu.id).execute();
          throw new Error("roll back");
        }),
    ).rejects.toThrow("roll back");
    expect(await catalogVersion()).toBe(start + 1);

    await group(await customer());
    expect(await catalogVersion()).toBe(start + 1);
    // The per-transaction marks are gone with their transactions.
    expect(Number((await sql<{ n: string }>`SELECT count(*) AS n FROM cohort_catalog_dirty`.execute(db())).rows[0]!.n)).toBe(0);
  });

  it.runIf(usingPostgres)("lets concurrent catalogue writers commit without deadlock, one step each", async () => {
    const start = await catalogVersion();
    const a = await other.handle.pool!.connect();
    const b = await t.db.pool!.connect();
    try {
      await a.query("BEGIN");
      await b.query("BEGIN");
      await a.query("UPDATE region SET tax_rate = 10 WHERE id = $1", [eu.id]);
      await b.query("UPDATE price_list SET description = description WHERE false");
      await a.query("UPDATE price_list SET description = description WHERE false");
      await b.query("UPDATE product SET title = title WHERE false");
      await Promise.all([a.query("COMMIT"), b.query("COMMIT")]);
    } finally {
      a.release();
      b.release();
    }
    expect(await catalogVersion()).toBe(start + 2);
  });
});
