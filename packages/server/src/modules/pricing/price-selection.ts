/**
 * Medusa v1's default price selection and the fields it merges into a
 * variant. Pure: the SQL stage (candidates-sql.ts) has already narrowed the
 * prices to the candidates a shopper may see; this decides between them.
 */

/** The price-list columns selection looks at. */
export interface CandidatePriceList {
  type: "sale" | "override";
}

/** A candidate price: a money amount, with its price list (null outside a list). */
export interface PriceCandidate {
  amount: number;
  currency_code: string;
  region_id: string | null;
  price_list_id: string | null;
  min_quantity: number | null;
  max_quantity: number | null;
  price_list: CandidatePriceList | null;
}

export interface SelectionContext {
  region_id?: string | null;
  currency_code?: string | null;
  /** Store products price without a quantity; cart lines would pass theirs. */
  quantity?: number;
  /** The region's tax rate in percent when a region is known and it has automatic taxes, else null. */
  tax_rate?: number | null;
}

export type CalculatedPriceType = "sale" | "override" | "default";

export interface TaxRate {
  rate: number;
  name: string;
  code: string;
}

/** The fields v1 merges into a priced variant. */
export interface VariantPricing {
  original_price: number | null;
  calculated_price: number | null;
  /** Present only when calculated_price is not null. */
  calculated_price_type?: CalculatedPriceType;
  original_price_incl_tax: number | null;
  calculated_price_incl_tax: number | null;
  original_tax: number | null;
  calculated_tax: number | null;
  tax_rates: TaxRate[] | null;
}

/**
 * v1's quantity rule. `!x` treats 0 and null alike: without a quantity, tiers starting above
 * zero are skipped and "up to N" tiers count.
 */
export function validQuantity(price: Pick<PriceCandidate, "min_quantity" | "max_quantity">, quantity: number | undefined): boolean {
  const { min_quantity: min, max_quantity: max } = price;
  if (quantity !== undefined) return (!min || min <= quantity) && (!max || max >= quantity);
  return (!min && !max) || ((!min || min === 0) && Boolean(max));
}

/** Which candidates selection took: indices into the candidates, -1 for none. */
export interface PriceChoice {
  /** The candidate whose amount is original_price. */
  original: number;
  /** The candidate whose amount is calculated_price (the winner). */
  calculated: number;
}

/**
 * Picks the original and calculated price among the candidates, in their order:
 * - original: a plain price (no list, no quantity bounds) of the region, else the first
 *   such price in the currency;
 * - calculated: the lowest valid amount in the region or currency, list prices of either
 *   type and plain prices alike; a tie keeps the first one met (strict `<`).
 * selectPrice() and the admin price explanation both go through this one function.
 */
export function choosePrice(candidates: readonly PriceCandidate[], context: SelectionContext): PriceChoice {
  const regionId = context.region_id ?? null;
  const currency = context.currency_code ?? null;
  let original = -1;
  let calculated = -1;
  let lowest = 0;
  for (let i = 0; i < candidates.length; i++) {
    const price = candidates[i]!;
    const plain = price.price_list_id === null && price.min_quantity === null && price.max_quantity === null;
    if (plain && regionId !== null && price.region_id === regionId) original = i;
    if (plain && currency !== null && price.currency_code === currency && original === -1) original = i;
    if (
      validQuantity(price, context.quantity) &&
      (calculated === -1 || price.amount < lowest) &&
      ((currency !== null && price.currency_code === currency) || (regionId !== null && price.region_id === regionId))
    ) {
      calculated = i;
      lowest = price.amount;
    }
  }
  return { original, calculated };
}

/**
 * The pricing fields of choosePrice()'s choice, then the tax fields, filled only when
 * `tax_rate` is given (region with automatic taxes).
 */
export function selectPrice(candidates: readonly PriceCandidate[], context: SelectionContext): VariantPricing {
  const regionId = context.region_id ?? null;
  const choice = choosePrice(candidates, context);
  const original = choice.original === -1 ? null : candidates[choice.original]!.amount;
  const winner = choice.calculated === -1 ? null : candidates[choice.calculated]!;
  const calculated = winner === null ? null : winner.amount;
  const type: CalculatedPriceType | undefined = winner === null ? undefined : winner.price_list ? winner.price_list.type : "default";
  const result: VariantPricing = {
    original_price: original,
    calculated_price: calculated,
    original_price_incl_tax: null,
    calculated_price_incl_tax: null,
    original_tax: null,
    calculated_tax: null,
    tax_rates: null,
  };
  if (calculated !== null) result.calculated_price_type = type;
  const taxRate = context.tax_rate;
  if (regionId !== null && taxRate !== null && taxRate !== undefined) {
    const rate = taxRate / 100;
    result.tax_rates = [{ rate: taxRate, name: "default", code: "default" }];
    if (calculated !== null) {
      result.calculated_tax = Math.round(calculated * rate);
      result.calculated_price_incl_tax = calculated + result.calculated_tax;
    }
    if (original !== null) {
      result.original_tax = Math.round(original * rate);
      result.original_price_incl_tax = original + result.original_tax;
    }
  }
  return result;
}
