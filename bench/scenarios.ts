import { PLAIN_PRICE, type DatasetInfo, type Scale } from "./dataset.js";
import type { LoadRequest } from "./load.js";

/** Everything a scenario needs to build its request and check the answer. */
export interface BenchContext {
  url: string;
  scale: Scale;
  info: DatasetInfo;
  adminHeaders: Record<string, string>;
  /** A store JWT of the shopper (customer #1, member of the big group). */
  shopperHeaders: Record<string, string>;
  /** The admin's session cookie, from POST /admin/auth. */
  adminCookieHeaders: Record<string, string>;
  /** The shopper's session cookie, from POST /store/auth. */
  shopperCookieHeaders: Record<string, string>;
}

export interface LoadScenario {
  kind: "load";
  id: string;
  title: string;
  /** Medusa v1.20.11's figure for the same request, where one was measured. */
  medusa?: string;
  request(ctx: BenchContext): LoadRequest;
  /** Checks one response body; returns what is wrong, or null. */
  check(body: unknown, ctx: BenchContext): string | null;
  /** Extra one-off requests that must also answer correctly (not timed). */
  extraChecks?: (ctx: BenchContext) => { name: string; request: LoadRequest; check(body: unknown, ctx: BenchContext): string | null }[];
}

export interface BatchScenario {
  kind: "batch";
  id: string;
  title: string;
  medusa?: string;
}

export type Scenario = LoadScenario | BatchScenario;

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === "object" ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function expectEqual(what: string, actual: unknown, expected: unknown): string | null {
  return actual === expected ? null : `${what} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`;
}

function firstError(...errors: (string | null)[]): string | null {
  return errors.find((e) => e !== null) ?? null;
}

/** Every variant of a product must show the given prices (calculated, original). */
function checkVariantPrices(product: Json, calculated: number, original: number): string | null {
  const variants = arr(product.variants);
  if (variants.length === 0) return `product ${String(product.id)} has no variants`;
  for (const v of variants.map(obj)) {
    const e = firstError(
      expectEqual(`calculated_price of ${String(v.id)}`, v.calculated_price, calculated),
      expectEqual(`original_price of ${String(v.id)}`, v.original_price, original),
    );
    if (e) return e;
  }
  return null;
}

/** (a): the first page of groups, newest first. */
function checkGroupsPage(body: unknown, ctx: BenchContext): string | null {
  const b = obj(body);
  const groups = arr(b.customer_groups);
  return firstError(
    expectEqual("count", b.count, ctx.scale.groups),
    expectEqual("customer_groups.length", groups.length, Math.min(20, ctx.scale.groups)),
    expectEqual("first group (newest)", obj(groups[0]).id, ctx.info.batchGroupId),
    expectEqual("limit", b.limit, 20),
  );
}

/** (c): the target product with the member's price on every variant. */
function checkShopperProduct(body: unknown, ctx: BenchContext): string | null {
  const product = obj(obj(body).product);
  return firstError(
    expectEqual("product.id", product.id, ctx.info.targetProductId),
    expectEqual("variants.length", arr(product.variants).length, ctx.scale.variantsPerProduct),
    checkVariantPrices(product, ctx.info.expectedShopperPrice, PLAIN_PRICE),
  );
}

/** Every price list belongs to a group: an anonymous shopper gets the plain price. */
const anonymousProductCheck = (ctx: BenchContext) => [
  {
    name: "anonymous shopper sees the plain price",
    request: { path: `/store/products/${ctx.info.targetProductId}?region_id=${ctx.info.regionId}` },
    check: (body: unknown) => checkVariantPrices(obj(obj(body).product), PLAIN_PRICE, PLAIN_PRICE),
  },
];

/** Products numbered 5, 15, 25… are drafts, except the target product (the last one). */
const publishedProducts = (scale: Scale) => scale.products - Math.floor((scale.products + 5) / 10) + (scale.products % 10 === 5 ? 1 : 0);

export const SCENARIOS: Scenario[] = [
  {
    kind: "load",
    id: "a",
    title: "GET /admin/customer-groups?limit=20",
    medusa: "~500 req/s",
    request: (ctx) => ({ path: "/admin/customer-groups?limit=20", headers: ctx.adminHeaders }),
    check: checkGroupsPage,
  },
  {
    kind: "load",
    id: "a2",
    title: "GET /admin/customer-groups?limit=20 (admin cookie session)",
    request: (ctx) => ({ path: "/admin/customer-groups?limit=20", headers: ctx.adminCookieHeaders }),
    check: checkGroupsPage,
  },
  {
    kind: "load",
    id: "b",
    title: "GET /admin/customer-groups/:id/customers?limit=50 (the big group)",
    medusa: "80–128 req/s",
    request: (ctx) => ({ path: `/admin/customer-groups/${ctx.info.bigGroupId}/customers?limit=50`, headers: ctx.adminHeaders }),
    check(body, ctx) {
      const b = obj(body);
      const customers = arr(b.customers);
      return firstError(
        expectEqual("count", b.count, ctx.scale.bigGroupMembers),
        expectEqual("customers.length", customers.length, Math.min(50, ctx.scale.bigGroupMembers)),
        customers.every((c) => String(obj(c).id).startsWith("cus_")) ? null : "a customer without an id",
        customers.every((c) => obj(c).password_hash === undefined) ? null : "password_hash is returned",
      );
    },
  },
  {
    kind: "load",
    id: "c",
    title: "GET /store/products/:id?region_id=… (logged-in member, group with price lists)",
    medusa: "26–44 req/s (uncached)",
    request: (ctx) => ({ path: `/store/products/${ctx.info.targetProductId}?region_id=${ctx.info.regionId}`, headers: ctx.shopperHeaders }),
    check: checkShopperProduct,
    extraChecks: anonymousProductCheck,
  },
  {
    kind: "load",
    id: "c3",
    title: "GET /store/products/:id?region_id=… (logged-in member, store cookie session)",
    request: (ctx) => ({ path: `/store/products/${ctx.info.targetProductId}?region_id=${ctx.info.regionId}`, headers: ctx.shopperCookieHeaders }),
    check: checkShopperProduct,
    extraChecks: anonymousProductCheck,
  },
  {
    kind: "load",
    id: "c2",
    title: "GET /store/products?limit=20&region_id=… (logged-in member)",
    request: (ctx) => ({ path: `/store/products?limit=20&region_id=${ctx.info.regionId}`, headers: ctx.shopperHeaders }),
    check(body, ctx) {
      const b = obj(body);
      const products = arr(b.products).map(obj);
      const published = publishedProducts(ctx.scale);
      const err = firstError(
        expectEqual("count", b.count, published),
        expectEqual("products.length", products.length, Math.min(20, published)),
        expectEqual("first product (newest)", products[0]?.id, ctx.info.targetProductId),
      );
      if (err) return err;
      const target = checkVariantPrices(products[0]!, ctx.info.expectedShopperPrice, PLAIN_PRICE);
      if (target) return target;
      for (const p of products) {
        for (const v of arr(p.variants).map(obj)) {
          if (typeof v.calculated_price !== "number" || typeof v.original_price !== "number" || v.calculated_price > v.original_price) {
            return `variant ${String(v.id)} is priced ${String(v.calculated_price)} / ${String(v.original_price)}`;
          }
        }
      }
      return null;
    },
  },
  {
    kind: "batch",
    id: "d",
    title: "POST and DELETE /admin/customer-groups/:id/customers/batch, one call",
    medusa: "10,000 ids refused in one call; ~600 ms as ten calls of 1,000",
  },
  {
    kind: "load",
    id: "e1",
    title: "GET /health (ceiling: an empty route)",
    request: () => ({ path: "/health" }),
    check: (body) => expectEqual("body", body, "OK"),
  },
  {
    kind: "load",
    id: "e2",
    title: "GET /admin/auth (ceiling: one indexed SELECT, the API-token lookup)",
    request: (ctx) => ({ path: "/admin/auth", headers: ctx.adminHeaders }),
    check: (body, ctx) => expectEqual("user.id", obj(obj(body).user).id, ctx.info.adminUserId),
  },
];

/** `--scenarios a,b,e`: "e" selects both ceilings. */
export function selectScenarios(list: string | undefined): Scenario[] {
  if (!list) return SCENARIOS;
  const wanted = new Set<string>();
  for (const raw of list.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean)) {
    if (raw === "e") {
      wanted.add("e1");
      wanted.add("e2");
    } else if (SCENARIOS.some((s) => s.id === raw)) {
      wanted.add(raw);
    } else {
      throw new Error(`Unknown scenario "${raw}"; known: ${SCENARIOS.map((s) => s.id).join(", ")}, e`);
    }
  }
  return SCENARIOS.filter((s) => wanted.has(s.id));
}
