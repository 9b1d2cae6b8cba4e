import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDbCommand } from "../../commands.js";
import { createTestApp, type TestApp } from "../../../test/harness.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const seed = (force = false) => runDbCommand({ name: "seed", force }, { db: t.db, config: t.config, baseUrl: "http://127.0.0.1:9000", migrated: true });
const count = async (table: string) =>
  Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.db.db)).rows[0]!.n);
const TABLES = ["region", "product", "product_variant", "money_amount", "customer", "customer_group", "customer_group_customers", "price_list"];
const counts = async () => Object.fromEntries(await Promise.all(TABLES.map(async (table) => [table, await count(table)])));

describe("cohort seed", () => {
  let report: string;

  it("loads the demo store into an empty database and says how to see a group price", async () => {
    report = await seed();
    expect(await counts()).toEqual({
      region: 1,
      product: 3,
      product_variant: 7,
      money_amount: 21, // 7 plain prices + 7 per group list
      customer: 3,
      customer_group: 2,
      customer_group_customers: 2,
      price_list: 2,
    });
    expect(report).toMatch(/^Loaded the demo store:/);
    expect(report).toContain('vip@example.com (member of VIP), store password "supersecret"');
    expect(report).toContain("curl -c shopper-cookies -X POST http://127.0.0.1:9000/store/auth");
  });

  it("gives the VIP member the group price printed in the report, and everyone else the regular one", async () => {
    const productUrl = report.match(/'http:\/\/127\.0\.0\.1:9000(\/store\/products\/prod_\w+\?region_id=reg_\w+)'/)![1]!;
    const prices = async (cookie?: string) => {
      const res = await t.app.inject({ method: "GET", url: productUrl, headers: cookie ? { cookie } : {} });
      expect(res.statusCode).toBe(200);
      return res.json().product.variants.map((v: { calculated_price: number; original_price: number }) => [v.calculated_price, v.original_price]);
    };
    const login = async (email: string) => {
      const res = await t.app.inject({ method: "POST", url: "/store/auth", payload: { email, password: "supersecret" } });
      expect(res.statusCode).toBe(200);
      return String(res.headers["set-cookie"]).split(";")[0]!;
    };
    expect(await prices(await login("vip@example.com"))).toEqual([[2000, 2500], [2000, 2500], [2000, 2500]]);
    expect(await prices(await login("wholesale@example.com"))).toEqual([[1500, 2500], [1500, 2500], [1500, 2500]]);
    expect(await prices(await login("shopper@example.com"))).toEqual([[2500, 2500], [2500, 2500], [2500, 2500]]);
    expect(await prices()).toEqual([[2500, 2500], [2500, 2500], [2500, 2500]]);
  });

  it("is idempotent: a second run reports the store and changes nothing, with --force too", async () => {
    const before = await counts();
    expect(await seed()).toMatch(/^The demo store already exists \(region reg_\w+\); nothing changed\.$/);
    expect(await seed(true)).toMatch(/already exists/);
    expect(await counts()).toEqual(before);
  });

  it("refuses a database with other data unless --force", async () => {
    await sql`DELETE FROM region`.execute(t.db.db); // the marker goes; products, customers… stay
    const before = await counts();
    await expect(seed()).rejects.toMatchObject({ type: "conflict", message: expect.stringContaining("--force") });
    expect(await counts()).toEqual(before);
  });

  it("with --force adds the demo store next to other data", async () => {
    await sql`TRUNCATE region, product, product_variant, money_amount, customer, customer_group, customer_group_customers, price_list CASCADE`.execute(t.db.db);
    const res = await t.app.inject({ method: "POST", url: "/admin/customer-groups", headers: t.admin.headers, payload: { name: "Existing" } });
    expect(res.statusCode).toBe(200);
    await expect(seed()).rejects.toMatchObject({ message: expect.stringContaining("(customer_group)") });
    expect(await seed(true)).toMatch(/^Loaded the demo store:/);
    expect(await count("customer_group")).toBe(3);
  });
});
