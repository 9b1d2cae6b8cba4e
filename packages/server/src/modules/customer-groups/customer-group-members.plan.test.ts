import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, type TestDb } from "../../../test/harness.js";
import { CustomersRepository } from "../customers/customers.repository.js";

// The members list must read a page, not the whole group: these tests EXPLAIN ANALYZE the
// exact statement the repository runs and count the rows each table scan produced.

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Actual Rows": number;
  "Actual Loops": number;
  Plans?: PlanNode[];
}

function rowsRead(node: PlanNode, relation: string): number {
  const own = node["Relation Name"] === relation ? node["Actual Rows"] * node["Actual Loops"] : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + rowsRead(child, relation), 0);
}

let tdb: TestDb;
let repo: CustomersRepository;

beforeAll(async () => {
  tdb = await openTestDb();
  const db = tdb.handle.db;
  repo = new CustomersRepository(db);
  // 20,000 customers, one a second; the group holds the 10,000 oldest: the worst case for
  // a plan that walks customers newest-first looking for members.
  await sql`INSERT INTO customer (id, email, created_at, updated_at)
    SELECT 'cus_plan_' || lpad(i::text, 6, '0'), 'plan' || i || '@example.com', ts, ts
    FROM generate_series(1, 20000) i, LATERAL (SELECT timestamptz '2024-01-01' + make_interval(secs => i)) t(ts)`.execute(db);
  await sql`INSERT INTO customer_group (id, name) VALUES ('cgrp_plan', 'plan')`.execute(db);
  await sql`INSERT INTO customer_group_customers (customer_group_id, customer_id, customer_created_at)
    SELECT 'cgrp_plan', id, created_at FROM customer WHERE id <= 'cus_plan_010000'`.execute(db);
  await sql`ANALYZE`.execute(db);
}, 120_000);
afterAll(() => tdb.close());

async function explain(query: ReturnType<CustomersRepository["pageQuery"]>): Promise<PlanNode> {
  const { rows } = await sql<{ "QUERY PLAN": Array<{ Plan: PlanNode }> }>`EXPLAIN (ANALYZE, FORMAT JSON) ${query}`.execute(tdb.handle.db);
  const plan = rows[0]!["QUERY PLAN"];
  return (typeof plan === "string" ? JSON.parse(plan) : plan)[0].Plan;
}

describe("the members page of a 10,000-member group", () => {
  it("reads only the page's membership and customer rows", async () => {
    const plan = await explain(repo.pageQuery({ groups: ["cgrp_plan"] }, undefined, 0, 50));
    expect(rowsRead(plan, "customer_group_customers")).toBeLessThanOrEqual(50);
    expect(rowsRead(plan, "customer")).toBeLessThanOrEqual(50);
  });

  it("reads offset + limit rows for a later page", async () => {
    const plan = await explain(repo.pageQuery({ groups: ["cgrp_plan"] }, undefined, 500, 50));
    expect(rowsRead(plan, "customer_group_customers")).toBeLessThanOrEqual(550);
  });

  it("returns the newest members first", async () => {
    const { rows } = await repo.pageQuery({ groups: ["cgrp_plan"] }, undefined, 0, 3).execute(tdb.handle.db);
    expect(rows.map((r) => r.id)).toEqual(["cus_plan_010000", "cus_plan_009999", "cus_plan_009998"]);
  });
});

describe("the admin customer list", () => {
  it("reads one page of customers", async () => {
    const plan = await explain(repo.pageQuery({}, undefined, 0, 50));
    expect(rowsRead(plan, "customer")).toBeLessThanOrEqual(50);
  });
});
