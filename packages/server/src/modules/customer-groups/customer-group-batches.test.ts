import pg from "pg";
import { EventsRepository } from "../events/events.repository.js";
import { CustomersRepository } from "../customers/customers.repository.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGroup, insertCustomers, memberIds } from "../../../test/factories.js";
import { createTestApp, usingPostgres, type TestApp } from "../../../test/harness.js";
import { CustomerGroupsRepository } from "./customer-groups.repository.js";
import { BATCH_QUEUE_MAX, CustomerGroupsService } from "./customer-groups.service.js";

const refs = (ids: string[]) => ({ customer_ids: ids.map((id) => ({ id })) });

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ batchMaxIds: 200 });
});
afterAll(() => t.close());

describe("membership batch limits", () => {
  const batch = (method: "POST" | "DELETE", groupId: string, ids: string[]) =>
    t.app.inject({ method, url: `/admin/customer-groups/${groupId}/customers/batch`, headers: t.admin.headers, payload: refs(ids) });

  it("refuses more ids than BATCH_MAX_IDS with a 400 naming the limit, and changes nothing", async () => {
    const group = await createGroup(t);
    const ids = await insertCustomers(t.db.db, Array.from({ length: 201 }, () => ({})));
    for (const method of ["POST", "DELETE"] as const) {
      const res = await batch(method, group.id, ids);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ type: "invalid_data", message: "customer_ids must contain no more than 200 elements" });
    }
    expect(await memberIds(t.db.db, group.id)).toEqual([]);
    expect((await batch("POST", group.id, ids.slice(0, 200))).statusCode).toBe(200);
  });

  it("names at most 100 unknown ids, with the total, and adds nobody", async () => {
    const group = await createGroup(t);
    const [known] = await insertCustomers(t.db.db, [{}]);
    const unknown = Array.from({ length: 150 }, (_, i) => `cus_nobody_${String(i).padStart(3, "0")}`);
    const res = await batch("POST", group.id, [known!, ...unknown, unknown[0]!]);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      type: "not_found",
      message: `The following customer ids do not exist: "${unknown.slice(0, 100).join(", ")}" (and 50 more: 150 in all)`,
    });
    expect(await memberIds(t.db.db, group.id)).toEqual([]);
  });
});

describe("a batch written in parts (as on PGlite) is still all or nothing", () => {
  let service: CustomerGroupsService;
  beforeAll(() => {
    service = new CustomerGroupsService(t.db.db, new CustomerGroupsRepository(t.db.db), new EventsRepository(t.db.db), new CustomersRepository(t.db.db), { concurrency: 1, maxIds: 1000, partSize: 3 });
  });

  it("adds nobody when the unknown id is in the last part, after earlier parts went in", async () => {
    const group = await createGroup(t);
    const ids = (await insertCustomers(t.db.db, Array.from({ length: 10 }, () => ({})))).sort();
    await expect(service.addCustomers(group.id, refs([...ids, "cus_zzz_unknown"]))).rejects.toThrow(
      'The following customer ids do not exist: "cus_zzz_unknown"',
    );
    expect(await memberIds(t.db.db, group.id)).toEqual([]);
  });

  it("adds every part, skips members already in any part's range, and removes in parts", async () => {
    const group = await createGroup(t);
    const ids = (await insertCustomers(t.db.db, Array.from({ length: 10 }, () => ({})))).sort();
    await service.addCustomers(group.id, refs([ids[1]!, ids[5]!, ids[9]!]));
    await service.addCustomers(group.id, refs([...ids].reverse()));
    expect(await memberIds(t.db.db, group.id)).toEqual(ids);
    await service.removeCustomers(group.id, refs(ids.slice(0, 8)));
    expect(await memberIds(t.db.db, group.id)).toEqual(ids.slice(8));
  });

  it("gives each id its own window in every part, and re-adding sets existing members' windows", async () => {
    const group = await createGroup(t);
    const ids = (await insertCustomers(t.db.db, Array.from({ length: 8 }, () => ({})))).sort();
    const expiry = (i: number) => new Date(Date.UTC(2030, 0, 1 + i)).toISOString();
    await service.addCustomers(group.id, refs(ids.slice(0, 4)));
    await service.addCustomers(group.id, { customer_ids: [...ids].reverse().map((id) => ({ id, expires_at: expiry(ids.indexOf(id)) })) });
    const rows = await t.db.db
      .selectFrom("customer_group_customers")
      .select(["customer_id", "expires_at"])
      .where("customer_group_id", "=", group.id)
      .orderBy("customer_id")
      .execute();
    expect(rows.map((r) => [r.customer_id, r.expires_at?.toISOString()])).toEqual(ids.map((id, i) => [id, expiry(i)]));
  });
});

describe("the line of waiting batches", () => {
  it(`turns a batch away with 503 server_busy once ${BATCH_QUEUE_MAX} wait, and runs the waiting ones`, async () => {
    const service = new CustomerGroupsService(t.db.db, new CustomerGroupsRepository(t.db.db), new EventsRepository(t.db.db), new CustomersRepository(t.db.db), { concurrency: 1, maxIds: 10, partSize: 10 });
    const group = await createGroup(t);
    const [customer] = await insertCustomers(t.db.db, [{}]);
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let locked!: () => void;
    const holding = new Promise<void>((resolve) => (locked = resolve));
    // Holds the group row (and on PGlite the only connection), so the running batch waits.
    const holder = t.db.db.transaction().execute(async (trx) => {
      await trx.selectFrom("customer_group").select("id").where("id", "=", group.id).forUpdate().execute();
      locked();
      await gate;
    });
    await holding;
    const accepted = Array.from({ length: 1 + BATCH_QUEUE_MAX }, () => service.addCustomers(group.id, refs([customer!])));
    const refused = await service.addCustomers(group.id, refs([customer!])).catch((err: unknown) => err);
    open();
    await holder;
    expect(refused).toMatchObject({ type: "server_busy", retryAfter: 2 });
    expect(await Promise.all(accepted)).toHaveLength(1 + BATCH_QUEUE_MAX);
    expect(await memberIds(t.db.db, group.id)).toEqual([customer]);
  });
});

describe.skipIf(!usingPostgres)("heavy batches and light reads on a small pool (PostgreSQL)", () => {
  let small: TestApp;
  let locker: pg.Client;
  let control: pg.Client;
  beforeAll(async () => {
    small = await createTestApp({ pgPoolSize: 3, batchConcurrency: 1, pgAcquireTimeoutMs: 1000 });
    locker = new pg.Client({ connectionString: small.config.databaseUrl, options: `-c search_path=${small.testDb.schema}` });
    control = new pg.Client({ connectionString: small.config.databaseUrl });
    await Promise.all([locker.connect(), control.connect()]);
  });
  afterAll(async () => {
    await Promise.all([locker.end(), control.end()]);
    await small.close();
  });

  const waitingOnLocks = async () =>
    Number(
      (
        await control.query("SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'", [
          small.testDb.schema,
        ])
      ).rows[0].n,
    );

  it("runs BATCH_CONCURRENCY batches at once, queues the rest without a connection, and keeps reads at 200", async () => {
    const groups = await Promise.all(Array.from({ length: 5 }, () => createGroup(small)));
    const [customer] = await insertCustomers(small.db.db, [{}]);
    const post = (groupId: string) =>
      small.app.inject({ method: "POST", url: `/admin/customer-groups/${groupId}/customers/batch`, headers: small.admin.headers, payload: refs([customer!]) });
    // The batches' inserts wait on this lock while holding whatever connection they have.
    await locker.query("BEGIN");
    let batches: Array<ReturnType<typeof post>> = [];
    const reads: number[] = [];
    try {
      await locker.query("LOCK TABLE customer_group_customers IN ACCESS EXCLUSIVE MODE");
      batches = groups.map((g) => post(g.id));
      for (let i = 0; i < 200 && (await waitingOnLocks()) < 1; i++) await new Promise((r) => setTimeout(r, 10));
      expect(await waitingOnLocks()).toBe(1);
      for (let i = 0; i < 5; i++) {
        reads.push((await small.app.inject({ method: "GET", url: "/admin/customer-groups", headers: small.admin.headers })).statusCode);
      }
    } finally {
      await locker.query("ROLLBACK");
    }
    expect(reads).toEqual([200, 200, 200, 200, 200]);
    const done = await Promise.all(batches);
    expect(done.map((r) => r.statusCode)).toEqual(Array(batches.length).fill(200));
    for (const g of groups) expect(await memberIds(small.db.db, g.id)).toEqual([customer]);
  });
});
