import type { MoneyAmountRow, RegionRow } from "../../db/schema.js";
import { notFound } from "../../shared/errors.js";
import type { ProductsRepository } from "../products/products.repository.js";
import type { RegionsRepository } from "../regions/regions.repository.js";
import { regionNotFound } from "../regions/regions.service.js";
import { selectPrice, type SelectionContext, type VariantPricing } from "./price-selection.js";
import type { CandidatePrice, PricingRepository } from "./pricing.repository.js";

/** The price-selection query parameters of the store catalogue routes. */
export interface PriceSelectionParams {
  region_id?: string;
  currency_code?: string;
  cart_id?: string;
}

/** Who is shopping where: the resolved context of one store request. */
export interface StorePricingContext {
  region: RegionRow | null;
  currencyCode: string | null;
  customerId: string | null;
  selection: SelectionContext;
}

/** A variant's store prices: the candidates and the computed fields, or (no candidate) its raw prices alone. */
export interface VariantStorePrices {
  prices: Array<CandidatePrice | MoneyAmountRow>;
  pricing: VariantPricing | null;
}

export class PricingService {
  constructor(
    private readonly regions: RegionsRepository,
    private readonly products: ProductsRepository,
    private readonly pricing: PricingRepository,
  ) {}

  /**
   * §7.1: a region (unknown → 404) replaces any currency_code by its own currency and brings
   * its tax settings; otherwise the currency is used as given. Cohort has no carts, so any
   * cart_id is an unknown cart (404), as v1 answers for a cart that does not exist.
   */
  async resolveContext(params: PriceSelectionParams, customerId: Promise<string | null> | string | null): Promise<StorePricingContext> {
    if (params.cart_id !== undefined) throw notFound(`Cart with ${params.cart_id} was not found`);
    const [region, customer] = await Promise.all([
      params.region_id !== undefined ? this.regions.findById(params.region_id) : undefined,
      customerId,
    ]);
    if (params.region_id !== undefined && !region) throw regionNotFound(params.region_id);
    const currencyCode = region ? region.currency_code : (params.currency_code?.toLowerCase() ?? null);
    return {
      region: region ?? null,
      currencyCode,
      customerId: customer,
      selection: {
        region_id: region?.id ?? null,
        currency_code: currencyCode,
        tax_rate: region?.automatic_taxes ? region.tax_rate : null,
      },
    };
  }

  /**
   * Store prices of a page of variants: one candidates query for all of them, plus one
   * query for the raw prices of variants that have no candidate at all (v1 leaves those
   * untouched). Never more than two queries, whatever the number of variants or lists.
   */
  async pricesOf(variantIds: readonly string[], context: StorePricingContext): Promise<Map<string, VariantStorePrices>> {
    const out = new Map<string, VariantStorePrices>();
    if (variantIds.length === 0) return out;
    const candidates = await this.pricing.candidates({
      variantIds,
      regionId: context.region?.id ?? null,
      currencyCode: context.currencyCode,
      customerId: context.customerId,
    });
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
