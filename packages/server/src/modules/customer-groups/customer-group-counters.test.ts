import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMembers, createGroup, insertCustomers, memberIds, tag } from "../../../test/factories.js";
import { createTestApp, type TestApp } from "../../../test/harness.js";

// Migration 0006 keeps member counts per group and the number of live groups in counter
// tables (statement-level triggers), and replaces the membership foreign keys with explicit
// cascades. These tests check that the counts users see stay right through every writer.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const get = (url: string) => t.app.inject({ method: "GET", url, headers: t.admin.headers });
const batch = (method: "POST" | "DELETE", groupId: string, ids: string[]) =>
  t.app.inject({
    method,
    url: `/admin/customer-groups/${groupId}/customers/batch`,
    headers: t.admin.headers,
    payload: { customer_ids: ids.map((id) => ({ id })) },
  });
const membersCount = async (groupId: string) => (await get(`/admin/customer-groups/${groupId}/customers?limit=1`)).json().count as number;
const groupsCount = async () => (await get("/admin/customer-groups?limit=1")).json().count as number;

/** Every kept member count equals a fresh count of the memberships. */
async function expectMemberCountsExact() {
  const { rows } = await sql<{ g: string; kept: number; actual: number }>`
    SELECT coalesce(k.customer_group_id, a.customer_group_id) AS g, coalesce(k.n, 0)::int AS kept, coalesce(a.n, 0)::int AS actual
    FROM customer_group_member_count k
    FULL JOIN (SELECT customer_group_id, count(*) AS n FROM customer_group_customers GROUP BY 1) a USING (customer_group_id)
    WHERE coalesce(k.n, 0) <> coalesce(a.n, 0)`.execute(t.db.db);
  expect(rows).toEqual([]);
}

async function liveGroups(): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM customer_group WHERE deleted_at IS NULL`.execute(t.db.db);
  return rows[0]!.n;
}

describe("the member count of GET /admin/customer-groups/:id/customers", () => {
  it("follows adds, repeated adds, removes and removes of non-members", async () => {
    const group = await createGroup(t);
    const ids = await insertCustomers(t.db.db, [{}, {}, {}, {}]);
    expect(await membersCount(group.id)).toBe(0);
    await addMembers(t, group.id, ids.slice(0, 3));
    expect(await membersCount(group.id)).toBe(3);
    await addMembers(t, group.id, [ids[0]!, ids[3]!, ids[3]!]);
    expect(await membersCount(group.id)).toBe(4);
    expect((await batch("DELETE", group.id, [ids[1]!, "cus_unknown"])).statusCode).toBe(200);
    expect(await membersCount(group.id)).toBe(3);
    expect((await batch("DELETE", group.id, [ids[1]!])).statusCode).toBe(200);
    expect(await membersCount(group.id)).toBe(3);
    await expectMemberCountsExact();
  });

  it("does not change when a batch fails on an unknown id", async () => {
    const group = await createGroup(t);
    const ids = await insertCustomers(t.db.db, [{}, {}]);
    await addMembers(t, group.id, [ids[0]!]);
    const res = await batch("POST", group.id, [ids[1]!, "cus_missing"]);
    expect(res.statusCode).toBe(404);
    expect(await membersCount(group.id)).toBe(1);
    await expectMemberCountsExact();
  });

  it("follows a customer update that replaces the customer's groups", async () => {
    const [g1, g2] = [await createGroup(t), await createGroup(t)];
    const [c] = await insertCustomers(t.db.db, [{}]);
    await addMembers(t, g1.id, [c!]);
    const res = await t.app.inject({
      method: "POST",
      url: `/admin/customers/${c}`,
      headers: t.admin.headers,
      payload: { groups: [{ id: g2.id }] },
    });
    expect(res.statusCode).toBe(200);
    expect(await membersCount(g1.id)).toBe(0);
    expect(await membersCount(g2.id)).toBe(1);
    await expectMemberCountsExact();
  });

  it("follows memberships written and changed by plain SQL", async () => {
    const [g1, g2] = [await createGroup(t), await createGroup(t)];
    const ids = await insertCustomers(t.db.db, [{}, {}, {}]);
    await t.db.db.insertInto("customer_group_customers").values(ids.map((id) => ({ customer_group_id: g1.id, customer_id: id }))).execute();
    expect(await membersCount(g1.id)).toBe(3);
    await t.db.db.updateTable("customer_group_customers").set({ customer_group_id: g2.id }).where("customer_id", "=", ids[0]!).execute();
    expect([await membersCount(g1.id), await membersCount(g2.id)]).toEqual([2, 1]);
    await t.db.db.deleteFrom("customer_group_customers").where("customer_group_id", "=", g1.id).execute();
    expect([await membersCount(g1.id), await membersCount(g2.id)]).toEqual([0, 1]);
    await expectMemberCountsExact();
  });

  it("leaves out soft-deleted customers, like the page does", async () => {
    const group = await createGroup(t);
    const ids = await insertCustomers(t.db.db, [{}, {}, {}]);
    await addMembers(t, group.id, ids);
    await t.db.db.updateTable("customer").set({ deleted_at: new Date() }).where("id", "=", ids[1]!).execute();
    try {
      const res = (await get(`/admin/customer-groups/${group.id}/customers`)).json();
      expect(res.count).toBe(2);
      expect(res.customers.map((c: { id: string }) => c.id).sort()).toEqual([ids[0], ids[2]].sort());
    } finally {
      // Other tests rely on no customer being soft-deleted (the fast path).
      await t.db.db.updateTable("customer").set({ deleted_at: null }).where("id", "=", ids[1]!).execute();
    }
    expect(await membersCount(group.id)).toBe(3);
  });

  it("counts and lists an empty page beyond the end", async () => {
    const group = await createGroup(t);
    const ids = await insertCustomers(t.db.db, [{}, {}]);
    await addMembers(t, group.id, ids);
    const res = (await get(`/admin/customer-groups/${group.id}/customers?offset=5`)).json();
    expect(res).toEqual({ customers: [], count: 2, offset: 5, limit: 50 });
  });

  it("gives every member exactly the listed group, and an unknown group no members", async () => {
    const [g1, g2] = [await createGroup(t, tag("one")), await createGroup(t)];
    const [c] = await insertCustomers(t.db.db, [{}]);
    await addMembers(t, g1.id, [c!]);
    await addMembers(t, g2.id, [c!]);
    const res = (await get(`/admin/customer-groups/${g1.id}/customers`)).json();
    expect(res.customers).toHaveLength(1);
    expect(res.customers[0].groups).toEqual([
      { id: g1.id, name: g1.name, metadata: null, created_at: g1.created_at, updated_at: g1.updated_at, deleted_at: null },
    ]);
    expect((await get("/admin/customer-groups/cgrp_nope/customers")).json()).toEqual({ customers: [], count: 0, offset: 0, limit: 50 });
  });
});

describe("memberships without foreign keys", () => {
  it("are deleted with their group, and the group's count goes with them", async () => {
    const group = await createGroup(t);
    const ids = await insertCustomers(t.db.db, [{}, {}]);
    await addMembers(t, group.id, ids);
    const res = await t.app.inject({ method: "DELETE", url: `/admin/customer-groups/${group.id}`, headers: t.admin.headers });
    expect(res.statusCode).toBe(200);
    expect(await memberIds(t.db.db, group.id)).toEqual([]);
    const { rows } = await sql`SELECT 1 FROM customer_group_member_count WHERE customer_group_id = ${group.id}`.execute(t.db.db);
    expect(rows).toEqual([]);
    await expectMemberCountsExact();
  });

  it("are deleted when a group or a customer row is deleted by plain SQL", async () => {
    const [g1, g2] = [await createGroup(t), await createGroup(t)];
    const ids = await insertCustomers(t.db.db, [{}, {}]);
    await addMembers(t, g1.id, ids);
    await addMembers(t, g2.id, ids);
    await t.db.db.deleteFrom("customer").where("id", "=", ids[0]!).execute();
    expect(await memberIds(t.db.db, g1.id)).toEqual([ids[1]]);
    expect(await membersCount(g2.id)).toBe(1);
    await t.db.db.deleteFrom("customer_group").where("id", "=", g1.id).execute();
    expect(await memberIds(t.db.db, g1.id)).toEqual([]);
    await expectMemberCountsExact();
  });

  it("are not added for a group deleted before the customer update commits", async () => {
    const group = await createGroup(t);
    const [c] = await insertCustomers(t.db.db, [{}]);
    await t.app.inject({ method: "DELETE", url: `/admin/customer-groups/${group.id}`, headers: t.admin.headers });
    const res = await t.app.inject({ method: "POST", url: `/admin/customers/${c}`, headers: t.admin.headers, payload: { groups: [{ id: group.id }] } });
    expect(res.statusCode).toBe(404);
    expect(await memberIds(t.db.db, group.id)).toEqual([]);
  });

  it("stay consistent when batches and customer updates on the same pairs race", async () => {
    const group = await createGroup(t);
    const ids = await insertCustomers(t.db.db, [{}, {}, {}, {}, {}, {}]);
    const results = await Promise.all([
      batch("POST", group.id, ids),
      ...ids.map((id) => t.app.inject({ method: "POST", url: `/admin/customers/${id}`, headers: t.admin.headers, payload: { groups: [{ id: group.id }] } })),
      batch("POST", group.id, ids),
    ]);
    expect(results.map((r) => r.statusCode)).toEqual(results.map(() => 200));
    expect(await memberIds(t.db.db, group.id)).toEqual([...ids].sort());
    expect(await membersCount(group.id)).toBe(6);
    await expectMemberCountsExact();
  });
});

describe("the count of GET /admin/customer-groups", () => {
  it("follows creates, deletes, soft deletes and restores", async () => {
    expect(await groupsCount()).toBe(await liveGroups());
    const a = await createGroup(t);
    const b = await createGroup(t);
    expect(await groupsCount()).toBe(await liveGroups());
    await t.app.inject({ method: "DELETE", url: `/admin/customer-groups/${a.id}`, headers: t.admin.headers });
    expect(await groupsCount()).toBe(await liveGroups());
    await t.db.db.updateTable("customer_group").set({ deleted_at: new Date() }).where("id", "=", b.id).execute();
    const afterSoftDelete = await groupsCount();
    expect(afterSoftDelete).toBe(await liveGroups());
    await t.db.db.updateTable("customer_group").set({ deleted_at: null }).where("id", "=", b.id).execute();
    expect(await groupsCount()).toBe(afterSoftDelete + 1);
    expect(await groupsCount()).toBe(await liveGroups());
  });

  it("counts with a filter, and on a page beyond the end", async () => {
    const name = tag("counted");
    await createGroup(t, name);
    const filtered = (await get(`/admin/customer-groups?q=${name}`)).json();
    expect(filtered.count).toBe(1);
    const beyond = (await get("/admin/customer-groups?offset=100000&limit=5")).json();
    expect(beyond).toEqual({ count: await liveGroups(), customer_groups: [], offset: 100000, limit: 5 });
  });
});
