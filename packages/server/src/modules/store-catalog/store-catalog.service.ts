import type { MoneyAmountRow, ProductVariantRow } from "../../db/schema.js";
import { notFound } from "../../shared/errors.js";
import { groupBy } from "../../shared/group-by.js";
import type { CandidatePrice, CatalogStamp, PricingRegion } from "../pricing/candidates-sql.js";
import { contextOf, type PricingContext, type PricingService, type VariantPrices } from "../pricing/pricing.service.js";
import type { VariantPricing } from "../pricing/price-selection.js";
import { regionNotFound, type RegionLookup } from "../regions/regions.service.js";
import type { DateOp, OrderBy } from "../../shared/list-options.js";
import {
  type Product,
  type ProductVariant,
  type StoreVariantQuery,
  type StoreVariantRelation,
  type StoreVariantsQuery,
} from "@cohort/contract";
import { serializeProduct, type ProductLike, type ProductRelation, type VariantLike } from "../products/products.serializer.js";
import { productNotFound, variantNotFound, type ProductReads } from "../products/products.service.js";
import type { CatalogPage, CatalogVariant, StoreCatalogRepository } from "./store-catalog.repository.js";

type CustomerId = Promise<string | null>;
/** A response body with the catalogue stamp it was built from (see StoreResponseCache). */
type Stamped<T> = { body: T; stamp: CatalogStamp | null };

/** The price-selection query parameters of the store catalogue routes. */
export interface PriceSelectionParams {
  region_id?: string;
  currency_code?: string;
  cart_id?: string;
}

/** What the store product list route parsed out of the query string (it projects `fields` itself). */
export interface StoreProductListOptions {
  filter: Parameters<ProductReads["listProducts"]>[0];
  order: OrderBy;
  offset: number;
  limit: number;
  relations: ReadonlySet<ProductRelation>;
  prices: PriceSelectionParams;
}

/**
 * Cohort has no carts, so any cart_id is an unknown cart (404), as v1 answers for a cart
 * that does not exist; taking prices from another region than the one the client means
 * would be worse.
 */
function rejectCart(params: PriceSelectionParams): void {
  if (params.cart_id !== undefined) throw notFound(`Cart with ${params.cart_id} was not found`);
}

/** The region asked for must exist (404); see contextOf. */
function shopperContext(params: PriceSelectionParams, region: PricingRegion | null | undefined, customerId: string | null): PricingContext {
  if (params.region_id !== undefined && !region) throw regionNotFound(params.region_id);
  return contextOf(region ?? null, params, customerId);
}

/** A variant's store prices: its candidates and the computed fields, or (no candidate) its raw prices alone (v1's quirk). */
interface VariantStorePrices {
  prices: Array<CandidatePrice | MoneyAmountRow>;
  pricing: VariantPricing | null;
}

/**
 * A variant as the store shows it: its store prices merged in when pricing ran. Built as
 * one object literal with every key (absent ones undefined, which serialisation skips):
 * copying the row and adding the pricing keys one by one gave each variant a chain of
 * hidden-class transitions and cost more CPU than the rest of the assembly (c2: ~13 %).
 */
function storeVariant(row: VariantLike, prices: VariantStorePrices | undefined, withOptions: boolean): ProductVariant {
  const pricing = prices?.pricing;
  return {
    id: row.id,
    title: row.title,
    product_id: row.product_id,
    sku: row.sku,
    barcode: row.barcode,
    ean: row.ean,
    upc: row.upc,
    variant_rank: row.variant_rank,
    inventory_quantity: row.inventory_quantity,
    allow_backorder: row.allow_backorder,
    manage_inventory: row.manage_inventory,
    hs_code: row.hs_code,
    origin_country: row.origin_country,
    mid_code: row.mid_code,
    material: row.material,
    weight: row.weight,
    length: row.length,
    height: row.height,
    width: row.width,
    metadata: row.metadata,
    created_at: row.created_at,
    updated_at: row.updated_at,
    deleted_at: row.deleted_at,
    prices: prices?.prices,
    options: withOptions ? [] : undefined,
    product: undefined,
    original_price: pricing?.original_price,
    calculated_price: pricing?.calculated_price,
    calculated_price_type: pricing?.calculated_price_type,
    original_price_incl_tax: pricing?.original_price_incl_tax,
    calculated_price_incl_tax: pricing?.calculated_price_incl_tax,
    original_tax: pricing?.original_tax,
    calculated_tax: pricing?.calculated_tax,
    tax_rates: pricing?.tax_rates,
  };
}

/**
 * The store catalogue: published products and variants, priced for the shopper from
 * the current state (fresh prices, docs/compatibility.md#fixed-v1-bugs-the-contracts-cohort-rules; the routes may reuse a body built from that same state,
 * see StoreResponseCache). A constant number of queries per request: what is asked for is
 * looked up first (so an unknown product, variant, cart or region is reported in v1's
 * order), then priced by PricingService. A product page or list reads its candidate prices
 * in the same statement as its region, products and variants (pricing's candidatesJson(),
 * see StoreCatalogRepository.page()) and prices them with priceCandidates() once the page
 * has been checked; the variant routes look up, then PricingService.price() reads and prices.
 */
export class StoreCatalogService {
  constructor(
    private readonly catalog: StoreCatalogRepository,
    private readonly products: ProductReads,
    private readonly regions: RegionLookup,
    private readonly pricing: PricingService,
  ) {}

  async listProducts({ filter, order, offset, limit, relations, prices: params }: StoreProductListOptions, customerId: CustomerId): Promise<Stamped<{ products: Product[]; count: number }>> {
    const { rows, count } = await this.products.listProducts({ ...filter, status: ["published"] }, { offset, limit, order });
    rejectCart(params);
    const customer = await customerId;
    const page = await this.catalog.page({ ...pageOf(params, customer, priced(relations)), productIds: rows.map((r) => r.id), withProducts: false });
    const context = shopperContext(params, page.region, customer);
    const { prices, stamp } = await this.pagePrices(page, context);
    return { body: { products: assemble(rows, page.variants, prices, relations), count }, stamp };
  }

  /**
   * Only published products are in the store. (v1 finds any product by id here; Cohort does
   * not show drafts to whoever knows or guesses an id.)
   */
  async retrieveProduct(id: string, params: PriceSelectionParams, relations: ReadonlySet<ProductRelation>, customerId: CustomerId): Promise<Stamped<{ product: Product }>> {
    rejectCart(params);
    const customer = await customerId;
    const page = await this.catalog.page({ ...pageOf(params, customer, priced(relations)), productIds: [id], withProducts: true });
    const row = page.products[0];
    if (row?.status !== "published") throw productNotFound(id);
    const context = shopperContext(params, page.region, customer);
    const { prices, stamp } = await this.pagePrices(page, context);
    const [product] = assemble([row], page.variants, prices, relations);
    return { body: { product: product! }, stamp };
  }

  /** A variant with these relations (the route parses `expand` and `fields` and projects it). */
  async retrieveVariant(id: string, query: StoreVariantQuery, relations: ReadonlySet<StoreVariantRelation>, customerId: CustomerId): Promise<ProductVariant> {
    const row = await this.products.findVariantById(id, undefined, { publishedOnly: true });
    if (!row) throw variantNotFound(id);
    const context = await this.resolveContext(query, customerId);
    const [variant] = await this.storeVariants([row], context, relations);
    return variant!;
  }

  async listVariants(query: StoreVariantsQuery, relations: ReadonlySet<StoreVariantRelation>, customerId: CustomerId): Promise<ProductVariant[]> {
    const fromIds = query.ids?.split(",").map((s) => s.trim()).filter(Boolean);
    const ids = fromIds || query.id ? [...(fromIds ?? []), ...(query.id ?? [])] : undefined;
    const inventoryQuantity =
      typeof query.inventory_quantity === "number"
        ? ([["=", query.inventory_quantity]] as Array<["=", number]>)
        : Object.entries(query.inventory_quantity ?? {}).map(([op, n]) => [NUMBER_OPS[op as keyof typeof NUMBER_OPS], n as number] as [DateOp, number]);
    const context = await this.resolveContext(query, customerId);
    const rows = await this.products.listVariants({ ids, title: query.title, inventoryQuantity, publishedOnly: true }, { offset: query.offset, limit: query.limit });
    return this.storeVariants(rows, context, relations);
  }

  /** The shopper's context: any cart, then an unknown region, is a 404. */
  private async resolveContext(params: PriceSelectionParams, customerId: CustomerId): Promise<PricingContext> {
    rejectCart(params);
    const [region, customer] = await Promise.all([params.region_id !== undefined ? this.regions.findById(params.region_id) : undefined, customerId]);
    return shopperContext(params, region, customer);
  }

  /**
   * Store prices of a page's variants from the candidates the page read (when it was asked
   * for prices); see storePrices(). Unpriced, there is no stamp: the body is not kept.
   */
  private async pagePrices(page: CatalogPage, context: PricingContext): Promise<{ prices: Map<string, VariantStorePrices> | undefined; stamp: CatalogStamp | null }> {
    if (!page.priced) return { prices: undefined, stamp: null };
    const prices = await this.storePrices(page.variants, this.pricing.priceCandidates(page.priced.candidates, context));
    return { prices, stamp: page.priced.stamp };
  }

  /**
   * Store prices of variants: their candidates and computed fields; a variant without any
   * candidate keeps its raw prices and gets no computed field, as in v1 (one more query,
   * only then).
   */
  private async storePrices(variants: ReadonlyArray<{ id: string }>, byVariant: Map<string, VariantPrices>): Promise<Map<string, VariantStorePrices>> {
    const prices = new Map<string, VariantStorePrices>();
    for (const [id, { candidates, pricing }] of byVariant) prices.set(id, { prices: candidates, pricing });
    const bare = variants.filter((v) => !prices.has(v.id)).map((v) => v.id);
    if (bare.length) {
      for (const id of bare) prices.set(id, { prices: [], pricing: null });
      for (const price of await this.products.findPricesByVariantIds(bare)) prices.get(price.variant_id)!.prices.push(price);
    }
    return prices;
  }

  /**
   * v1's store variants: always priced (`prices` and the price fields), with the
   * requested relations (default: options and product too); the routes cut them down to `fields`.
   */
  private async storeVariants(rows: ProductVariantRow[], context: PricingContext, relations: ReadonlySet<StoreVariantRelation>): Promise<ProductVariant[]> {
    const [prices, products] = await Promise.all([
      rows.length === 0 ? new Map<string, VariantStorePrices>() : this.pricing.price(rows.map((v) => v.id), context).then(({ byVariant }) => this.storePrices(rows, byVariant)),
      relations.has("product") ? this.products.findProductsByIds([...new Set(rows.map((v) => v.product_id))]) : [],
    ]);
    const byId = new Map(products.map((p) => [p.id, p]));
    return rows.map((row) => {
      const variant = storeVariant(row, prices.get(row.id), relations.has("options"));
      const product = byId.get(row.product_id);
      if (product) variant.product = { ...product };
      return variant;
    });
  }
}

const NUMBER_OPS = { lt: "<", gt: ">", lte: "<=", gte: ">=" } as const;

/** What a store page is read for: the shopper's region or currency and customer, and whether to price it. */
function pageOf(params: PriceSelectionParams, customerId: string | null, withPrices: boolean) {
  return { regionId: params.region_id ?? null, currencyCode: params.currency_code?.toLowerCase() ?? null, customerId, withPrices };
}

/** Prices are computed only when both `variants` and `variants.prices` are requested, as in v1. */
const priced = (relations: ReadonlySet<ProductRelation>) => relations.has("variants") && relations.has("variants.prices");

/** Builds products (in the given order) with their variants and, when priced, their store prices. */
function assemble(
  rows: readonly ProductLike[],
  variants: readonly CatalogVariant[],
  prices: Map<string, VariantStorePrices> | undefined,
  relations: ReadonlySet<ProductRelation>,
): Product[] {
  const withOptions = relations.has("variants.options");
  const byProduct = groupBy(variants, (v) => v.product_id);
  return rows.map((row) =>
    serializeProduct(
      row,
      relations,
      (byProduct.get(row.id) ?? []).map((v) => storeVariant(v, prices?.get(v.id), withOptions)),
    ),
  );
}
