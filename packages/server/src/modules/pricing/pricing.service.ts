import { selectPrice, type SelectionContext, type VariantPricing } from "./price-selection.js";
import type { CandidatePrice, CatalogStamp, PricingRegion } from "./candidates-sql.js";
import type { PricingRepository } from "./pricing.repository.js";

/** Who is shopping where: the resolved context of one priced request. */
export interface PricingContext {
  region: PricingRegion | null;
  currencyCode: string | null;
  customerId: string | null;
  selection: SelectionContext;
}

/** As in v1: a region replaces any currency_code by its own currency and brings its tax settings. */
export function contextOf(region: PricingRegion | null, params: { currency_code?: string }, customerId: string | null): PricingContext {
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

/** A variant's candidate prices (in selection order) and the fields selection computed from them. */
export interface VariantPrices {
  candidates: CandidatePrice[];
  pricing: VariantPricing;
}

export interface PricedVariants {
  /** By variant id; a variant without any candidate price is absent. */
  byVariant: Map<string, VariantPrices>;
  /** The catalogue version and entitled lists the prices were computed from. */
  stamp: CatalogStamp;
}

/**
 * Prices variants for a shopper: SQL narrows (the candidate search of candidates-sql.ts, one
 * query for all the variants, or a column of the caller's own statement), code decides
 * (selectPrice, per variant). Every priced store path goes through priceCandidates().
 */
export class PricingService {
  constructor(private readonly repository: PricingRepository) {}

  /** The current catalogue stamp for this shopper; see CatalogStamp. */
  stamp(customerId: string | null): Promise<CatalogStamp> {
    return this.repository.stamp(customerId);
  }

  /** Reads the variants' candidates (one query), then prices them; see priceCandidates(). */
  async price(variantIds: readonly string[], context: PricingContext): Promise<PricedVariants> {
    const { candidates, stamp } = await this.repository.candidates({
      variantIds,
      regionId: context.region?.id ?? null,
      currencyCode: context.currencyCode,
      customerId: context.customerId,
    });
    return { byVariant: this.priceCandidates(candidates, context), stamp };
  }

  /**
   * Prices the candidates it is given (no query): candidates grouped by variant, as
   * candidatesJson() returns them for this context's region, currency and customer.
   */
  priceCandidates(candidates: readonly CandidatePrice[], context: PricingContext): Map<string, VariantPrices> {
    const byVariant = new Map<string, VariantPrices>();
    let start = 0;
    for (let i = 1; i <= candidates.length; i++) {
      if (i === candidates.length || candidates[i]!.variant_id !== candidates[start]!.variant_id) {
        const own = candidates.slice(start, i);
        byVariant.set(own[0]!.variant_id, { candidates: own, pricing: selectPrice(own, context.selection) });
        start = i;
      }
    }
    return byVariant;
  }
}
