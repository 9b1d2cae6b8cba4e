import type { MoneyAmountRow } from "../../db/schema.js";
import { notFound } from "../../shared/errors.js";
import type { ProductsRepository } from "../products/products.repository.js";
import type { RegionsRepository } from "../regions/regions.repository.js";
import { regionNotFound } from "../regions/regions.service.js";
import { selectPrice, type SelectionContext, type VariantPricing } from "./price-selection.js";
import type { CandidatePrice, CatalogProduct, CatalogStamp, CatalogVariant, PricingRegion, PricingRepository } from "./pricing.repository.js";

/** The price-selection query parameters of the store catalogue routes. */
export interface PriceSelectionParams {
  region_id?: string;
  currency_code?: string;
  cart_id?: string;
}

/** Who is shopping where: the resolved context of one store request. */
export interface StorePricingContext {
  region: PricingRegion | null;
  currencyCode: string | null;
  customerId: string | null;
  selection: SelectionContext;
}

/** A variant's store prices: the candidates and the computed fields, or (no candidate) its raw prices alone. */
export interface VariantStorePrices {
  prices: Array<CandidatePrice | MoneyAmountRow>;
  pricing: VariantPricing | null;
}

export interface PricedCatalog {
  products: CatalogProduct[];
  variants: CatalogVariant[];
  /** Store prices by variant id; absent when prices were not asked for. */
  prices: Map<string, VariantStorePrices> | undefined;
  /** The catalogue version and entitled lists the prices were computed from (null unpriced). */
  stamp: CatalogStamp | null;
}

/**
 * Cohort has no carts, so any cart_id is an unknown cart (404), as v1 answers for a cart
 * that does not exist; taking prices from another region than the one the client means
 * would be worse.
 */
function rejectCart(params: PriceSelectionParams): void {
  if (params.cart_id !== undefined) throw notFound(`Cart with ${params.cart_id} was not found`);
}

/** §7.1: a region replaces any currency_code by its own currency and brings its tax settings. */
export function contextOf(region: PricingRegion | null, params: PriceSelectionParams, customerId: string | null): StorePricingContext {
  const currencyCode = region ? region.currency_code : (params.currency_code?.toLowerCase() ?? null);
  return {
    region,
    currencyCode,
    customerId,
    selection: {
      region_id: region?.id ?? null,
      currency_code: currencyCode,
      tax_rate: region?.automatic_taxes ? region.tax_rate : null,
    },
  };
}

export class PricingService {
  constructor(
    private readonly regions: RegionsRepository,
    private readonly products: ProductsRepository,
    private readonly pricing: PricingRepository,
  ) {}

  /** The current catalogue stamp for this shopper; see CatalogStamp. */
  stamp(customerId: string | null): Promise<CatalogStamp> {
    return this.pricing.stamp(customerId);
  }

  /** The shopper's context: an unknown region or any cart is a 404. */
  async resolveContext(params: PriceSelectionParams, customerId: Promise<string | null> | string | null): Promise<StorePricingContext> {
    rejectCart(params);
    const [region, customer] = await Promise.all([
      params.region_id !== undefined ? this.regions.findById(params.region_id) : undefined,
      customerId,
    ]);
    if (params.region_id !== undefined && !region) throw regionNotFound(params.region_id);
    return contextOf(region ?? null, params, customer);
  }

  /**
   * Store prices of a set of variants: one candidates query for all of them, plus one query
   * for the raw prices of variants that have no candidate at all (v1 leaves those
   * untouched). Never more than two queries, whatever the number of variants or lists.
   */
  async pricesOf(variantIds: readonly string[], context: StorePricingContext): Promise<Map<string, VariantStorePrices>> {
    if (variantIds.length === 0) return new Map();
    const candidates = await this.pricing.candidates({
      variantIds,
      regionId: context.region?.id ?? null,
      currencyCode: context.currencyCode,
      customerId: context.customerId,
    });
    return this.select(variantIds, candidates, context);
  }

  /**
   * A product page priced for the shopper: the products (withProducts), their variants and
   * the variants' store prices (withPrices), from one round trip (plus the raw-price query
   * of the no-candidate quirk, rarely). `missingProduct` decides whether an unknown product
   * is reported before an unknown region, as v1 does for a retrieve.
   */
  async catalog(
    request: { productIds: readonly string[]; params: PriceSelectionParams; withProducts: boolean; withPrices: boolean },
    customerId: Promise<string | null>,
    missingProduct?: (products: CatalogProduct[]) => void,
  ): Promise<PricedCatalog> {
    rejectCart(request.params);
    const regionId = request.params.region_id ?? null;
    const customer = await customerId;
    const bundle = await this.pricing.catalog({
      productIds: request.productIds,
      regionId,
      currencyCode: regionId === null ? (request.params.currency_code?.toLowerCase() ?? null) : null,
      customerId: customer,
      withProducts: request.withProducts,
      withPrices: request.withPrices,
    });
    missingProduct?.(bundle.products);
    if (regionId !== null && !bundle.region) throw regionNotFound(regionId);
    const context = contextOf(bundle.region, request.params, customer);
    const prices = request.withPrices ? await this.select(bundle.variants.map((v) => v.id), bundle.candidates, context) : undefined;
    return { products: bundle.products, variants: bundle.variants, prices, stamp: bundle.stamp };
  }

  /** Runs selection per variant over candidates grouped by variant; loads raw prices for variants without any. */
  private async select(variantIds: readonly string[], candidates: CandidatePrice[], context: StorePricingContext): Promise<Map<string, VariantStorePrices>> {
    const out = new Map<string, VariantStorePrices>();
    let start = 0;
    for (let i = 1; i <= candidates.length; i++) {
      if (i === candidates.length || candidates[i]!.variant_id !== candidates[start]!.variant_id) {
        const own = candidates.slice(start, i);
        out.set(own[0]!.variant_id, { prices: own, pricing: selectPrice(own, context.selection) });
        start = i;
      }
    }
    const bare = variantIds.filter((id) => !out.has(id));
    if (bare.length) {
      const raw = await this.products.findPricesByVariantIds(bare);
      for (const id of bare) out.set(id, { prices: [], pricing: null });
      for (const price of raw) out.get(price.variant_id)!.prices.push(price);
    }
    return out;
  }
}
