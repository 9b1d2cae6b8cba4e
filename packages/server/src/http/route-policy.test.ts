import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/harness.js";
import { routeTable } from "../../test/route-table.js";

let t: TestApp;
beforeAll(async () => {
  // The smallest MAX_PAGE_SIZE there is: the largest default page (100).
  t = await createTestApp({ maxPageSize: 100 });
  await sql`INSERT INTO customer (id, email) SELECT 'cus_page_' || i, 'page' || i || '@example.com' FROM generate_series(1, 105) i`.execute(t.db.db);
});
afterAll(() => t.close());

const get = (url: string) => t.app.inject({ method: "GET", url, headers: t.admin.headers });

describe("page size (MAX_PAGE_SIZE)", () => {
  it("answers 400 to a limit above MAX_PAGE_SIZE on every list route", async () => {
    const refused: string[] = [];
    for (const { path } of routeTable(t.app).filter((r) => r.method === "GET")) {
      const res = await get(`${path.replace(/:(\w+)/g, "x_$1")}?limit=101`);
      if (res.statusCode === 400 && res.json().message === "limit must not be greater than 100") refused.push(path);
    }
    expect(refused).toEqual(expect.arrayContaining(["/admin/customers", "/admin/customer-groups", "/admin/price-lists", "/store/products", "/store/variants"]));
    expect(refused.length).toBeGreaterThanOrEqual(9);
  });

  it("reads limit=0 (v1's 'no limit') as the largest page, not the whole table", async () => {
    const res = await get("/admin/customers?limit=0");
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ limit: 100, offset: 0, count: 105 });
    expect(res.json().customers).toHaveLength(100);
  });

  it("keeps v1's defaults and accepts limit = MAX_PAGE_SIZE", async () => {
    const defaults = await Promise.all(
      ["/admin/customers", "/admin/customer-groups", "/admin/price-lists", "/admin/regions", "/store/products"].map(async (url) => [url, (await get(url)).json().limit]),
    );
    expect(Object.fromEntries(defaults)).toEqual({
      "/admin/customers": 50,
      "/admin/customer-groups": 10,
      "/admin/price-lists": 10,
      "/admin/regions": 50,
      "/store/products": 100,
    });
    expect((await get("/admin/customers?limit=100")).json().customers).toHaveLength(100);
  });
});
