import { Type, type Static } from "@sinclair/typebox";
import {
  customerGroupColumnSchemas,
  moneyAmountColumnSchemas,
  PRICE_LIST_STATUSES,
  PRICE_LIST_TYPES,
  PRODUCT_STATUSES,
  priceListColumnSchemas,
  VariantColumns,
} from "./columns.js";
import { DateComparison, IdRefs, Int, listQuery, listResponse, NullableInt, pagination, StringArray, StringEnum } from "./common.js";

// ---------------------------------------------------------------------------------------
// Responses

/** A product variant as v1 nests it in a price (its own columns, no relations). */
export const PriceListVariant = VariantColumns;
export type PriceListVariant = Static<typeof PriceListVariant>;

/** A customer group as nested in a price list (no relations). */
export const PriceListCustomerGroup = Type.Object({ ...customerGroupColumnSchemas, id: Type.String() });
export type PriceListCustomerGroup = Static<typeof PriceListCustomerGroup>;

/**
 * A price of a price list. With variants loaded (the default retrieve projection) it also
 * carries `variants`, `variant` (the first) and `variant_id`; the last two are absent when
 * the variant does not exist, as in v1.
 */
export const PriceListPrice = Type.Object({
  ...moneyAmountColumnSchemas,
  variants: Type.Optional(Type.Array(PriceListVariant)),
  variant: Type.Optional(PriceListVariant),
  variant_id: Type.Optional(Type.String()),
});
export type PriceListPrice = Static<typeof PriceListPrice>;

export const PriceList = Type.Object({
  ...priceListColumnSchemas,
  prices: Type.Optional(Type.Array(PriceListPrice)),
  customer_groups: Type.Optional(Type.Array(PriceListCustomerGroup)),
});
export type PriceList = Static<typeof PriceList>;

export const PriceListResponse = Type.Object({ price_list: PriceList });
export const PriceListsResponse = listResponse("price_lists", PriceList);

export const PriceListDeleteResponse = Type.Object({
  id: Type.String(),
  object: Type.Literal("price-list"),
  deleted: Type.Literal(true),
});
export const MoneyAmountsDeleteResponse = Type.Object({
  ids: Type.Array(Type.String()),
  object: Type.Literal("money-amount"),
  deleted: Type.Literal(true),
});

// ---------------------------------------------------------------------------------------
// Requests

/** `starts_at`/`ends_at`: anything `new Date()` reads; a number is epoch milliseconds. */
const DateInput = Type.Unsafe<string | number | null>({
  type: ["string", "number", "null"],
  description: "A date string (ISO 8601) or epoch milliseconds; null clears it on update",
});

const OptionalId = Type.Unsafe<string | null>({ type: ["string", "null"] });

/** PriceCreate: exactly one of `region_id` or `currency_code`. */
export const PriceCreate = Type.Object(
  {
    region_id: Type.Optional(OptionalId),
    currency_code: Type.Optional(OptionalId),
    amount: Int({ description: "Minor units" }),
    variant_id: Type.String(),
    min_quantity: Type.Optional(NullableInt),
    max_quantity: Type.Optional(NullableInt),
  },
  { additionalProperties: false },
);
export type PriceCreate = Static<typeof PriceCreate>;

/** PriceUpdate: as PriceCreate plus `id`; with `id` the region/currency rule is skipped. */
export const PriceUpdate = Type.Object(
  {
    id: Type.Optional(Type.String()),
    region_id: Type.Optional(OptionalId),
    currency_code: Type.Optional(OptionalId),
    variant_id: Type.String(),
    amount: Int({ description: "Minor units" }),
    min_quantity: Type.Optional(NullableInt),
    max_quantity: Type.Optional(NullableInt),
  },
  { additionalProperties: false },
);
export type PriceUpdate = Static<typeof PriceUpdate>;

/**
 * v1 declares includes_tax behind the tax_inclusive_pricing flag; with the flag off (as
 * in Cohort) its validator answers "includes_tax should not exist", in property order,
 * not the "property … should not exist" of an unknown key.
 */
const IncludesTax = Type.Optional(
  Type.Unsafe<never>({ not: {}, "x-message": "should not exist", description: "Not supported (v1's tax_inclusive_pricing flag is off): sending it is a 400" }),
);

export const CreatePriceListBody = Type.Object(
  {
    name: Type.String(),
    description: Type.String(),
    starts_at: Type.Optional(DateInput),
    ends_at: Type.Optional(DateInput),
    status: Type.Optional(StringEnum(PRICE_LIST_STATUSES)),
    type: StringEnum(PRICE_LIST_TYPES),
    prices: Type.Array(PriceCreate),
    customer_groups: Type.Optional(IdRefs),
    includes_tax: IncludesTax,
  },
  { additionalProperties: false },
);
export type CreatePriceListBody = Static<typeof CreatePriceListBody>;

export const UpdatePriceListBody = Type.Object(
  {
    name: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    starts_at: Type.Optional(DateInput),
    ends_at: Type.Optional(DateInput),
    status: Type.Optional(StringEnum(PRICE_LIST_STATUSES)),
    type: Type.Optional(StringEnum(PRICE_LIST_TYPES)),
    prices: Type.Optional(Type.Array(PriceUpdate)),
    customer_groups: Type.Optional(IdRefs),
    includes_tax: IncludesTax,
  },
  { additionalProperties: false },
);
export type UpdatePriceListBody = Static<typeof UpdatePriceListBody>;

export const AddPricesBody = Type.Object(
  {
    prices: Type.Array(PriceUpdate),
    override: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type AddPricesBody = Static<typeof AddPricesBody>;

const NonEmptyStrings = (name: string) =>
  Type.Array(Type.String(), {
    minItems: 1,
    "x-missing": `each value in ${name} must be a string, ${name} should not be empty`,
  });

export const DeletePricesBody = Type.Object({ price_ids: NonEmptyStrings("price_ids") }, { additionalProperties: false });
export type DeletePricesBody = Static<typeof DeletePricesBody>;

export const DeleteProductsPricesBody = Type.Object({ product_ids: NonEmptyStrings("product_ids") }, { additionalProperties: false });
export type DeleteProductsPricesBody = Static<typeof DeleteProductsPricesBody>;


/** GET /admin/price-lists: v1 does not accept `fields` here. */
export const ListPriceListsQuery = Type.Object(
  {
    ...pagination(10),
    order: Type.Optional(Type.String()),
    expand: Type.Optional(Type.String()),
    id: Type.Optional(Type.String()),
    q: Type.Optional(Type.String()),
    status: Type.Optional(Type.Array(StringEnum(PRICE_LIST_STATUSES))),
    name: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    type: Type.Optional(Type.Array(StringEnum(PRICE_LIST_TYPES))),
    customer_groups: Type.Optional(StringArray),
    created_at: Type.Optional(DateComparison),
    updated_at: Type.Optional(DateComparison),
    deleted_at: Type.Optional(DateComparison),
  },
  { additionalProperties: false },
);
export type ListPriceListsQuery = Static<typeof ListPriceListsQuery>;

/** GET /admin/price-lists/:id/products: the admin product filters, limit 50. */
export const PriceListProductsQuery = listQuery(50, {
  id: Type.Optional(StringArray),
  q: Type.Optional(Type.String()),
  status: Type.Optional(Type.Array(StringEnum(PRODUCT_STATUSES))),
  collection_id: Type.Optional(StringArray),
  tags: Type.Optional(StringArray),
  title: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  handle: Type.Optional(Type.String()),
  is_giftcard: Type.Optional(Type.Boolean()),
  type: Type.Optional(Type.String()),
  created_at: Type.Optional(DateComparison),
  updated_at: Type.Optional(DateComparison),
  deleted_at: Type.Optional(DateComparison),
});
export type PriceListProductsQuery = Static<typeof PriceListProductsQuery>;

export const PriceListProductParams = Type.Object({ id: Type.String(), product_id: Type.String() });
export const PriceListVariantParams = Type.Object({ id: Type.String(), variant_id: Type.String() });
