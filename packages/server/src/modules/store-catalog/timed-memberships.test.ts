import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/harness.js";
import { countStatements } from "../../../test/statements.js";
import { AuthRepository } from "../auth/auth.repository.js";
import { AuthService } from "../auth/auth.service.js";
import { UsersRepository } from "../users/users.repository.js";
import { insightFactories } from "../pricing-insight/insight-factories.js";
import { PricingRepository } from "../pricing/pricing.repository.js";

// Timed memberships (issue 15): a membership outside its window entitles to nothing, from
// the instant it passes, with no job and no write. The store prices at the database's
// now(), so these tests set windows relative to the database's clock; the exact boundaries
// are checked through explain's explicit `at` (the same rules; explain-vs-store.test.ts
// keeps the two in agreement).

let t: TestApp;
let f: ReturnType<typeof insightFactories>;
let auth: AuthService;
let eu: string;

beforeAll(async () => {
  t = await createTestApp();
  f = insightFactories(t);
  auth = new AuthService(new AuthRepository(t.db.db), new UsersRepository(t.db.db), t.config);
  eu = await f.region("eur");
});
afterAll(() => t.close());

const hour = 3600 * 1000;
const iso = (ms: number) => new Date(ms).toISOString();
const dbNow = async () => (await sql<{ now: Date }>`SELECT now() AS now`.execute(t.db.db)).rows[0]!.now.getTime();
const as = (customerId: string) => ({ authorization: `Bearer ${auth.storeToken(customerId)}` });

/** A product priced 1000 in EU, 600 in a sale list of a new group. */
async function groupPriced() {
  const product = await f.product();
  const variant = product.variants[0]!;
  await f.price({ variant, amount: 1000, region: eu });
  const group = await f.group();
  const list = await f.priceList({ groups: [group] });
  await f.price({ variant, amount: 600, list });
  return { productId: product.id, variant, group, list };
}

/** Adds the customer through the batch API, with a window. */
async function join(group: string, customer: string, window: { starts_at?: string | null; expires_at?: string | null }) {
  const res = await t.app.inject({
    method: "POST",
    url: `/admin/customer-groups/${group}/customers/batch`,
    headers: t.admin.headers,
    payload: { customer_ids: [{ id: customer, ...window }] },
  });
  expect(res.statusCode, res.body).toBe(200);
}

async function storePrice(productId: string, customer: string): Promise<{ price: number; body: string }> {
  const res = await t.app.inject({ method: "GET", url: `/store/products/${productId}?region_id=${eu}`, headers: as(customer) });
  expect(res.statusCode, res.body).toBe(200);
  return { price: res.json().product.variants[0].calculated_price, body: res.body };
}

async function explained(variant: string, customer: string, at?: string) {
  const res = await f.admin(`/admin/pricing/explain?variant_id=${variant}&customer_id=${customer}&region_id=${eu}${at ? `&at=${at}` : ""}`);
  expect(res.statusCode, res.body).toBe(200);
  const e = res.json().explanation;
  const listCandidate = e.candidates.find((c: { price_list_id: string | null }) => c.price_list_id !== null);
  return { price: e.calculated_price as number, groups: e.customer_group_ids as string[], listReasons: listCandidate.reasons as string[] };
}

describe("store prices with timed memberships", () => {
  it("gives the group's price inside the window only (started / ended / not yet started / open bounds)", async () => {
    const p = await groupPriced();
    const now = await dbNow();
    const cases: Array<[string, { starts_at?: string | null; expires_at?: string | null }, number]> = [
      ["inside", { starts_at: iso(now - hour), expires_at: iso(now + hour) }, 600],
      ["ended a second ago", { starts_at: iso(now - 2 * hour), expires_at: iso(now - 1000) }, 1000],
      ["starts in an hour", { starts_at: iso(now + hour), expires_at: iso(now + 2 * hour) }, 1000],
      ["started, never ends", { starts_at: iso(now - hour), expires_at: null }, 600],
      ["ends in an hour", { expires_at: iso(now + hour) }, 600],
      ["no window (v1)", {}, 600],
    ];
    for (const [name, window, price] of cases) {
      const customer = await f.customer();
      await join(p.group, customer, window);
      expect((await storePrice(p.productId, customer)).price, name).toBe(price);
      // Explain at now agrees with the store, and names the reason.
      const e = await explained(p.variant, customer);
      expect(e.price, name).toBe(price);
      expect(e.groups, name).toEqual(price === 600 ? [p.group] : []);
      expect(e.listReasons, name).toEqual(price === 600 ? [] : ["group_not_entitled"]);
    }
  });

  it("changes exactly at the boundaries: starts_at counts (inclusive), expires_at does not (exclusive)", async () => {
    const p = await groupPriced();
    const customer = await f.customer();
    const starts = Date.parse("2030-03-01T10:00:00.000Z");
    const expires = Date.parse("2030-03-01T12:00:00.000Z");
    await join(p.group, customer, { starts_at: iso(starts), expires_at: iso(expires) });
    const at = async (ms: number) => (await explained(p.variant, customer, iso(ms))).price;
    expect(await at(starts - 1)).toBe(1000);
    expect(await at(starts)).toBe(600);
    expect(await at(expires - 1)).toBe(600);
    expect(await at(expires)).toBe(1000);
  });

  it("a window set by re-adding takes effect on the next request (the entitled-lists digest moves)", async () => {
    const p = await groupPriced();
    const customer = await f.customer();
    await join(p.group, customer, {});
    expect((await storePrice(p.productId, customer)).price).toBe(600);
    const now = await dbNow();
    await join(p.group, customer, { starts_at: iso(now - 2 * hour), expires_at: iso(now - hour) });
    expect((await storePrice(p.productId, customer)).price).toBe(1000);
  });

  it("the entitled-lists digest differs inside and outside a window, for the same memberships", async () => {
    const p = await groupPriced();
    const inside = await f.customer();
    const outside = await f.customer();
    const plain = await f.customer();
    const now = await dbNow();
    await join(p.group, inside, { expires_at: iso(now + hour) });
    await join(p.group, outside, { expires_at: iso(now - 1) });
    await join(p.group, plain, {});
    const pricing = new PricingRepository(t.db.db);
    const anonymous = await pricing.stamp(null);
    expect((await pricing.stamp(inside)).lists).toBe((await pricing.stamp(plain)).lists);
    expect((await pricing.stamp(outside)).lists).toBe(anonymous.lists);
    expect((await pricing.stamp(inside)).lists).not.toBe(anonymous.lists);
  });

  it("the response cache never serves a price across a boundary (no write at the boundary)", async () => {
    const p = await groupPriced();
    const leaving = await f.customer();
    const arriving = await f.customer();
    const now = await dbNow();
    const boundary = now + 1500;
    await join(p.group, leaving, { expires_at: iso(boundary) });
    await join(p.group, arriving, { starts_at: iso(boundary) });
    const before = { leaving: await storePrice(p.productId, leaving), arriving: await storePrice(p.productId, arriving) };
    expect(before.leaving.price).toBe(600);
    expect(before.arriving.price).toBe(1000);
    // The repeat is a cache hit (one statement: the stamp), so the next answer comes from the cache unless the stamp moves.
    const hit = await countStatements(() => storePrice(p.productId, leaving));
    expect(hit.n).toBe(1);
    expect(hit.result.body).toBe(before.leaving.body);
    // Wait for the database's clock to pass the boundary: a bounded poll, nothing is written.
    for (let i = 0; i < 50 && (await dbNow()) < boundary; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await dbNow()).toBeGreaterThanOrEqual(boundary);
    expect((await storePrice(p.productId, leaving)).price).toBe(1000);
    expect((await storePrice(p.productId, arriving)).price).toBe(600);
  });
});

describe("impact and conflicts with timed memberships", () => {
  it("impact counts the customers entitled at `at`", async () => {
    const p = await groupPriced();
    const customer = await f.customer();
    await join(p.group, customer, { starts_at: "2030-01-01T00:00:00.000Z", expires_at: "2030-02-01T00:00:00.000Z" });
    const entitled = async (at: string) => {
      const res = await f.admin(`/admin/price-lists/${p.list}/impact?at=${at}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().impact.customers_entitled;
    };
    expect(await entitled("2030-01-15T00:00:00.000Z")).toBe(1);
    expect(await entitled("2030-02-01T00:00:00.000Z")).toBe(0);
    expect(await entitled("2029-12-31T23:59:59.999Z")).toBe(0);
  });

  it("conflicts ignore a customer shared only through memberships that never overlap from now on", async () => {
    const a = await groupPriced();
    const customer = await f.customer();
    const other = await f.group();
    const otherList = await f.priceList({ groups: [other] });
    await f.price({ variant: a.variant, amount: 700, list: otherList });
    const now = await dbNow();
    await join(a.group, customer, { expires_at: iso(now - hour) });
    await join(other, customer, {});
    const conflicts = async () => {
      const res = await f.admin(`/admin/price-lists/${a.list}/conflicts`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().conflicts.map((c: { price_list_id: string }) => c.price_list_id);
    };
    expect(await conflicts()).toEqual([]);
    await join(a.group, customer, { expires_at: iso(now + hour) });
    expect(await conflicts()).toEqual([otherList]);
  });
});
