/**
 * Why a price did not apply, in a merchant's words: one sentence per reason code of
 * GET /admin/pricing/explain (docs/compatibility.md, "Explain a price").
 */
export const REASONS: Record<string, string> = {
  price_list_draft: "The price list is a draft.",
  price_list_not_started: "The price list has not started yet.",
  price_list_expired: "The price list has ended.",
  group_not_entitled: "The shopper is in none of the price list's groups.",
  anonymous_shopper: "The price list is for customer groups, and the shopper is not signed in.",
  currency_mismatch: "The price is in another currency.",
  region_mismatch: "The price is for another region.",
  quantity_below_min: "The quantity is below the price's minimum.",
  quantity_above_max: "The quantity is above the price's maximum.",
};

export const reasonText = (code: string) => REASONS[code] ?? code;

/** "any quantity", "from 10", "up to 9", "10–49". */
export function quantityRange(min: number | null, max: number | null): string {
  if (min == null && max == null) return "Any quantity";
  if (max == null) return `From ${min}`;
  if (min == null) return `Up to ${max}`;
  return min === max ? `Exactly ${min}` : `${min}–${max}`;
}
