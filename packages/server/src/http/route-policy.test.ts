import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertCustomers } from "../../test/customer-factories.js";
import { createTestApp, type TestApp } from "../../test/harness.js";
import { routeTable } from "../../test/route-table.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ maxPageSize: 3 });
  await insertCustomers(t.db.db, Array.from({ length: 5 }, () => ({})));
});
afterAll(() => t.close());

const get = (url: string) => t.app.inject({ method: "GET", url, headers: t.admin.headers });

describe("page size (MAX_PAGE_SIZE)", () => {
  it("answers 400 to a limit above MAX_PAGE_SIZE on every list route", async () => {
    const lists = routeTable(t.app).filter((r) => r.method === "GET");
    const refused: string[] = [];
    for (const { path } of lists) {
      const res = await get(`${path.replace(/:(\w+)/g, "x_$1")}?limit=4`);
      if (res.statusCode === 400 && res.json().message === "limit must not be greater than 3") refused.push(path);
    }
    expect(refused).toEqual(expect.arrayContaining(["/admin/customers", "/admin/customer-groups", "/admin/price-lists", "/store/products", "/store/variants"]));
    expect(refused.length).toBeGreaterThanOrEqual(9);
  });

  it("reads limit=0 (v1's 'no limit') as the largest page, not the whole table", async () => {
    const res = await get("/admin/customers?limit=0");
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ limit: 3, offset: 0 });
    expect(res.json().customers).toHaveLength(3);
    expect(res.json().count).toBeGreaterThanOrEqual(5);
  });

  it("keeps v1's defaults and accepts limit = MAX_PAGE_SIZE", async () => {
    expect((await get("/admin/customers?limit=3")).json().customers).toHaveLength(3);
    const big = await createTestApp();
    try {
      const defaults = await Promise.all(
        ["/admin/customers", "/admin/customer-groups", "/admin/price-lists", "/admin/regions", "/store/products"].map(async (url) => [
          url,
          (await big.app.inject({ method: "GET", url, headers: big.admin.headers })).json().limit,
        ]),
      );
      expect(Object.fromEntries(defaults)).toEqual({
        "/admin/customers": 50,
        "/admin/customer-groups": 10,
        "/admin/price-lists": 10,
        "/admin/regions": 50,
        "/store/products": 100,
      });
      const over = await big.app.inject({ method: "GET", url: "/admin/customers?limit=1001", headers: big.admin.headers });
      expect(over.statusCode).toBe(400);
      expect(over.json()).toEqual({ type: "invalid_data", message: "limit must not be greater than 1000" });
      expect((await big.app.inject({ method: "GET", url: "/admin/customers?limit=1000", headers: big.admin.headers })).statusCode).toBe(200);
    } finally {
      await big.close();
    }
  });
});
