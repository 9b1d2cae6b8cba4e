import { Type, type Static } from "@sinclair/typebox";
import { PRICE_LIST_TYPES } from "./columns.js";
import { INT_MAX, listResponse, NullableInteger, NullableString, pagination, StringEnum } from "./common.js";

/** Why a price does not apply to the shopper, in this order when several are true. */
export const DROP_REASONS = [
  "price_list_draft",
  "price_list_not_started",
  "price_list_expired",
  "group_not_entitled",
  "anonymous_shopper",
  "currency_mismatch",
  "region_mismatch",
  "quantity_below_min",
  "quantity_above_max",
] as const;
export type DropReason = (typeof DROP_REASONS)[number];

const At = Type.String({
  description: "An ISO 8601 time (e.g. `2025-01-31T12:00:00Z`); default: now, by the database's clock",
});

// ---------------------------------------------------------------------------------------
// GET /admin/pricing/explain

export const ExplainQuery = Type.Object(
  {
    variant_id: Type.String({ description: "The variant to price" }),
    customer_id: Type.Optional(Type.String({ description: "Price for this customer (in the groups they belong to now)" })),
    customer_group_id: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), { description: "Price for a hypothetical shopper in these groups: `customer_group_id[]=a&customer_group_id[]=b`" }),
    ),
    anonymous: Type.Optional(Type.Boolean({ description: "`true`: price for a shopper who is not logged in" })),
    region_id: Type.Optional(Type.String({ description: "The region (its currency and tax rate apply)" })),
    currency_code: Type.Optional(Type.String({ description: "The currency, when no region is given" })),
    quantity: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: INT_MAX,
        description: "Quantity for tier prices; omitted: as the store product page prices (no quantity: tiers with a min_quantity are skipped)",
      }),
    ),
    at: Type.Optional(At),
  },
  { additionalProperties: false },
);
export type ExplainQuery = Static<typeof ExplainQuery>;

const Candidate = Type.Object({
  money_amount_id: Type.String(),
  price_list_id: NullableString,
  price_list_name: NullableString,
  price_list_type: Type.Unsafe<"sale" | "override" | null>({ type: ["string", "null"], enum: ["sale", "override", null] }),
  amount: Type.Integer(),
  currency_code: Type.String(),
  region_id: NullableString,
  min_quantity: NullableInteger,
  max_quantity: NullableInteger,
  applies: Type.Boolean({ description: "Whether the store considers this price for the shopper (reasons is then empty)" }),
  reasons: Type.Array(StringEnum(DROP_REASONS), { description: "Why it does not apply: every reason that is true" }),
});
export type ExplainCandidate = Static<typeof Candidate>;

const Winner = Type.Unsafe<{ money_amount_id: string; price_list_id: string | null; amount: number; rule: "lowest_amount" } | null>({
  type: ["object", "null"],
  properties: {
    money_amount_id: { type: "string" },
    price_list_id: { type: ["string", "null"] },
    amount: { type: "integer" },
    rule: { type: "string", enum: ["lowest_amount"] },
  },
  required: ["money_amount_id", "price_list_id", "amount", "rule"],
  description: "The price that is calculated_price: the lowest applying amount (the oldest price on a tie); null when none applies",
});

export const Explanation = Type.Object({
  variant_id: Type.String(),
  customer_id: NullableString,
  customer_group_ids: Type.Array(Type.String(), { description: "The shopper's groups: the customer's, or the ones asked for" }),
  region_id: NullableString,
  currency_code: Type.String(),
  quantity: Type.Unsafe<number | null>({ type: ["integer", "null"], description: "null: priced as the store product page (no quantity)" }),
  at: Type.String({ format: "date-time" }),
  original_price: NullableInteger,
  calculated_price: NullableInteger,
  calculated_price_type: Type.Unsafe<"sale" | "override" | "default" | null>({ type: ["string", "null"], enum: ["sale", "override", "default", null] }),
  winner: Winner,
  candidates: Type.Array(Candidate, { description: "Every price of the variant, in the order selection walks them (oldest first)" }),
});
export type Explanation = Static<typeof Explanation>;

export const ExplainResponse = Type.Object({ explanation: Explanation });

// ---------------------------------------------------------------------------------------
// GET /admin/price-lists/:id/impact

export const ImpactQuery = Type.Object({ at: Type.Optional(At) }, { additionalProperties: false });
export type ImpactQuery = Static<typeof ImpactQuery>;

const ImpactByCurrency = Type.Object({
  currency_code: Type.String(),
  region_id: NullableString,
  prices: Type.Integer({ description: "The list's prices with this currency and region" }),
  variants_priced: Type.Integer(),
  variants_winning: Type.Integer({
    description:
      "Variants where a price of this list (without a min_quantity) is the lowest an entitled shopper sees on the product page, against plain prices and active public lists at `at`; conflicts with other groups' lists are in /conflicts",
  }),
  mean_saving: Type.Unsafe<number | null>({ type: ["number", "null"], description: "Mean of base price − list price over prices with a base price (minor units, 2 decimals)" }),
  max_saving: NullableInteger,
  negative_discounts: Type.Integer({ description: "Prices higher than the variant's base price" }),
});

const NegativeDiscount = Type.Object({
  money_amount_id: Type.String(),
  variant_id: Type.String(),
  currency_code: Type.String(),
  region_id: NullableString,
  min_quantity: NullableInteger,
  max_quantity: NullableInteger,
  amount: Type.Integer(),
  base_amount: Type.Integer({ description: "The variant's plain price in that region, else in that currency" }),
});

const UnpricedVariant = Type.Object({
  variant_id: Type.String(),
  product_id: Type.String(),
  currency_code: Type.String(),
});

export const PriceListImpact = Type.Object({
  price_list_id: Type.String(),
  at: Type.String({ format: "date-time" }),
  active: Type.Boolean({ description: "Whether the list applies at `at` (status active, inside its window); the figures assume it does" }),
  public: Type.Boolean({ description: "A list without customer groups: every shopper, logged in or not, is entitled" }),
  customers_entitled: Type.Integer({ description: "Public: every customer; else the distinct members of its groups whose membership window holds `at`" }),
  prices: Type.Integer(),
  variants_priced: Type.Integer(),
  by_currency: Type.Array(ImpactByCurrency),
  negative_discounts: Type.Array(NegativeDiscount),
  unpriced_variants: Type.Array(UnpricedVariant, { description: "Variants of the list's products without a list price in a currency the list prices" }),
});
export type PriceListImpact = Static<typeof PriceListImpact>;

export const ImpactResponse = Type.Object({ impact: PriceListImpact });

// ---------------------------------------------------------------------------------------
// GET /admin/price-lists/:id/conflicts

export const ConflictsQuery = Type.Object({ ...pagination(50) }, { additionalProperties: false });
export type ConflictsQuery = Static<typeof ConflictsQuery>;

const ConflictPrice = Type.Object({
  money_amount_id: Type.String(),
  amount: Type.Integer(),
  region_id: NullableString,
  min_quantity: NullableInteger,
  max_quantity: NullableInteger,
});

export const PriceListConflict = Type.Object({
  price_list_id: Type.String({ description: "The other list" }),
  price_list_name: Type.String(),
  price_list_type: StringEnum(PRICE_LIST_TYPES),
  public: Type.Boolean(),
  variant_id: Type.String(),
  currency_code: Type.String(),
  this_price: ConflictPrice,
  other_price: ConflictPrice,
  winner_price_list_id: Type.String({ description: "The list whose price a shared customer pays where both apply" }),
  rule: Type.Literal("lowest_amount"),
  why: Type.String(),
});
export type PriceListConflict = Static<typeof PriceListConflict>;

export const ConflictsResponse = listResponse("conflicts", PriceListConflict);
