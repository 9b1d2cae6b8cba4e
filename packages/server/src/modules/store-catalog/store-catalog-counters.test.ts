import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/harness.js";
import { AuthRepository } from "../auth/auth.repository.js";
import { AuthService } from "../auth/auth.service.js";
import { UsersRepository } from "../users/users.repository.js";

// The store reads two facts kept by triggers (migration 0007): which price lists have no
// customer group, and how many live products each status has. These tests change them
// through every kind of write and check what the shopper sees.

let t: TestApp;
let auth: AuthService;
let eu: { id: string };

beforeAll(async () => {
  t = await createTestApp();
  auth = new AuthService(new AuthRepository(t.db.db), new UsersRepository(t.db.db), t.config);
  eu = (await admin("POST", "/admin/regions", { name: "EU", currency_code: "eur", tax_rate: 0 })).json().region;
});
afterAll(() => t.close());

const uid = () => randomBytes(5).toString("hex");
const admin = (method: "GET" | "POST" | "DELETE", url: string, payload?: object) =>
  t.app.inject({ method, url, headers: t.admin.headers, payload });
const as = (customerId: string) => ({ authorization: `Bearer ${auth.storeToken(customerId)}` });

async function product(status = "published") {
  const res = await admin("POST", "/admin/products", {
    title: `Product ${uid()}`,
    status,
    variants: [{ title: "V", prices: [{ amount: 1000, region_id: eu.id }] }],
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().product as { id: string; variants: Array<{ id: string }> };
}

async function calculated(productId: string, headers: Record<string, string> = {}) {
  const res = await t.app.inject({ method: "GET", url: `/store/products/${productId}?region_id=${eu.id}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().product.variants[0].calculated_price as number;
}

async function storeCount(): Promise<number> {
  const res = await t.app.inject({ method: "GET", url: "/store/products?limit=1" });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().count;
}

async function adminCount(query = ""): Promise<number> {
  const res = await admin("GET", `/admin/products?limit=1${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().count;
}

describe("price lists without customer groups (store pricing)", () => {
  it("apply to everyone until a group is added, and again once the last group is removed", async () => {
    const p = await product();
    const member = `cus_${uid()}`;
    await t.db.db.insertInto("customer").values({ id: member, email: `${member}@example.com`, has_account: true }).execute();
    const groupA = `cgrp_${uid()}`;
    const groupB = `cgrp_${uid()}`;
    await t.db.db.insertInto("customer_group").values([{ id: groupA, name: groupA }, { id: groupB, name: groupB }]).execute();
    await t.db.db.insertInto("customer_group_customers").values({ customer_group_id: groupA, customer_id: member }).execute();
    const list = `pl_${uid()}`;
    await t.db.db.insertInto("price_list").values({ id: list, name: "L", description: "d", type: "sale", status: "active" }).execute();
    await t.db.db
      .insertInto("money_amount")
      .values({ id: `ma_${uid()}`, variant_id: p.variants[0]!.id, amount: 700, currency_code: "eur", region_id: null, price_list_id: list })
      .execute();
    expect(await calculated(p.id)).toBe(700);

    await t.db.db.insertInto("price_list_customer_groups").values([{ price_list_id: list, customer_group_id: groupA }, { price_list_id: list, customer_group_id: groupB }]).execute();
    expect(await calculated(p.id)).toBe(1000);
    expect(await calculated(p.id, as(member))).toBe(700);

    await t.db.db.deleteFrom("price_list_customer_groups").where("customer_group_id", "=", groupA).execute();
    expect(await calculated(p.id)).toBe(1000);
    expect(await calculated(p.id, as(member))).toBe(1000);

    await t.db.db.updateTable("price_list_customer_groups").set({ customer_group_id: groupA }).where("price_list_id", "=", list).execute();
    expect(await calculated(p.id)).toBe(1000);
    expect(await calculated(p.id, as(member))).toBe(700);

    await t.db.db.deleteFrom("price_list_customer_groups").where("price_list_id", "=", list).execute();
    expect(await calculated(p.id)).toBe(700);

    await t.db.db.deleteFrom("price_list").where("id", "=", list).execute();
    expect(await calculated(p.id)).toBe(1000);
    expect(await t.db.db.selectFrom("price_list_without_groups").selectAll().where("price_list_id", "=", list).execute()).toEqual([]);
  });
});

describe("GET /store/products count", () => {
  it("follows products created, unpublished, republished, soft-deleted and deleted", async () => {
    const before = await storeCount();
    const adminBefore = await adminCount();
    const a = await product();
    const b = await product();
    await product("draft");
    expect(await storeCount()).toBe(before + 2);
    expect(await adminCount()).toBe(adminBefore + 3);
    expect(await adminCount("&status[]=draft&status[]=published")).toBe(adminBefore + 3);

    expect((await admin("POST", `/admin/products/${a.id}`, { status: "draft" })).statusCode).toBe(200);
    expect(await storeCount()).toBe(before + 1);
    expect((await admin("POST", `/admin/products/${a.id}`, { status: "published" })).statusCode).toBe(200);
    expect(await storeCount()).toBe(before + 2);

    expect((await admin("DELETE", `/admin/products/${b.id}`)).statusCode).toBe(200);
    expect(await storeCount()).toBe(before + 1);
    expect(await adminCount()).toBe(adminBefore + 2);

    await t.db.db.updateTable("product").set({ deleted_at: new Date() }).where("id", "=", a.id).execute();
    expect(await storeCount()).toBe(before);
    await t.db.db.updateTable("product").set({ deleted_at: null }).where("id", "=", a.id).execute();
    expect(await storeCount()).toBe(before + 1);
    await t.db.db.deleteFrom("product").where("id", "=", a.id).execute();
    expect(await storeCount()).toBe(before);
  });

  it("counts by scanning when another filter is given", async () => {
    const p = await product();
    const res = await t.app.inject({ method: "GET", url: `/store/products?id=${p.id}` });
    expect(res.json().count).toBe(1);
  });
});
