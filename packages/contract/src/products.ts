import { Type, type Static, type TSchema } from "@sinclair/typebox";
import { moneyAmountColumnSchemas, PriceListColumns, PRODUCT_STATUSES, productColumnSchemas, variantColumnSchemas } from "./columns.js";
import {
  DateComparison,
  DeleteResponse,
  Int,
  INT_MAX,
  listQuery,
  listResponse,
  MetadataInput,
  NullableInt,
  NullableInteger,
  NullableString,
  NumberComparison,
  StringArray,
  StringEnum,
} from "./common.js";

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

// ---------------------------------------------------------------- serialised entities

// A nullable object as a JSON-schema type array rather than anyOf: fast-json-stringify then
// serialises it without trying each branch (store pricing returns many prices).
const NullablePriceList = Type.Unsafe<PriceListColumns | null>({ ...PriceListColumns, type: ["object", "null"] });

/**
 * A price (table money_amount): its columns, plus `variant_id` in most views, plus
 * `price_list` (object or null) in the store pricing and price-list products views.
 */
export const MoneyAmount = Type.Object({
  ...moneyAmountColumnSchemas,
  variant_id: Type.Optional(Type.String()),
  price_list: Type.Optional(NullablePriceList),
});
export type MoneyAmount = Static<typeof MoneyAmount>;

/** A tax rate applied to a store price (region default: name and code "default"). */
export const TaxRate = Type.Object({ rate: Type.Number(), name: Type.String(), code: NullableString });

/** The fields store pricing merges into a variant (Medusa v1's calculated_price and the rest); all absent when it did not run. */
export const variantPricingProperties = {
  original_price: Type.Optional(NullableInteger),
  calculated_price: Type.Optional(NullableInteger),
  calculated_price_type: Type.Optional(Type.String()),
  original_price_incl_tax: Type.Optional(NullableInteger),
  calculated_price_incl_tax: Type.Optional(NullableInteger),
  original_tax: Type.Optional(NullableInteger),
  calculated_tax: Type.Optional(NullableInteger),
  tax_rates: Type.Optional(Type.Unsafe<Array<Static<typeof TaxRate>> | null>({ type: ["array", "null"], items: TaxRate })),
};

const ProductRef = Type.Partial(Type.Object(productColumnSchemas));

/**
 * A variant: its columns, plus `prices` (raw prices or, in the store, the candidate prices
 * with `price_list`), `options`, `product` (store variant routes) and the pricing fields.
 */
export const ProductVariant = Type.Object({
  ...variantColumnSchemas,
  prices: Type.Optional(Type.Array(MoneyAmount)),
  options: Type.Optional(Type.Array(Type.Unknown())),
  product: Type.Optional(ProductRef),
  ...variantPricingProperties,
});
export type ProductVariant = Static<typeof ProductVariant>;

/** Relations Cohort does not model are served empty, so v1 clients find the keys they expect. */
export const Product = Type.Object({
  ...Type.Partial(Type.Object(productColumnSchemas)).properties,
  variants: Type.Optional(Type.Array(ProductVariant)),
  options: Type.Optional(Type.Array(Type.Unknown())),
  images: Type.Optional(Type.Array(Type.Unknown())),
  tags: Type.Optional(Type.Array(Type.Unknown())),
  collection: Type.Optional(Type.Null()),
  type: Type.Optional(Type.Null()),
  profiles: Type.Optional(Type.Array(Type.Unknown())),
});
export type Product = Static<typeof Product>;

export const ProductResponse = Type.Object({ product: Product });
export const ProductsListResponse = listResponse("products", Product);
export const ProductDeleteResponse = DeleteResponse("product");
export const VariantDeleteResponse = Type.Object({
  variant_id: Type.String(),
  object: Type.Literal("product-variant"),
  deleted: Type.Literal(true),
  product: Product,
});
/** A store variant: `fields` may leave columns out (id and created_at stay). */
export const StoreVariant = Type.Object({
  ...Type.Partial(Type.Object(variantColumnSchemas)).properties,
  id: variantColumnSchemas.id,
  created_at: variantColumnSchemas.created_at,
  prices: ProductVariant.properties.prices,
  options: ProductVariant.properties.options,
  product: ProductVariant.properties.product,
  ...variantPricingProperties,
});
export const VariantResponse = Type.Object({ variant: StoreVariant });
export const VariantsResponse = Type.Object({ variants: Type.Array(StoreVariant) });

// ---------------------------------------------------------------- request bodies

const priceFields = {
  amount: Int(),
  currency_code: Type.Optional(Type.String()),
  region_id: Type.Optional(Type.String()),
  min_quantity: Type.Optional(NullableInt),
  max_quantity: Type.Optional(NullableInt),
};

/** A price of a new variant: `region_id` (its currency is the region's) or `currency_code`. */
export const PriceInput = Type.Object(priceFields, { additionalProperties: false });
export type PriceInput = Static<typeof PriceInput> & { id?: string };

/** A price in a variant update: with the `id` of one of the variant's prices, that price is kept and updated. */
export const PriceUpdateInput = Type.Object({ id: Type.Optional(Type.String()), ...priceFields }, { additionalProperties: false });
export type PriceUpdateInput = Static<typeof PriceUpdateInput>;

const variantFields = {
  title: Type.String(),
  sku: Type.Optional(Nullable(Type.String())),
  barcode: Type.Optional(Nullable(Type.String())),
  ean: Type.Optional(Nullable(Type.String())),
  upc: Type.Optional(Nullable(Type.String())),
  inventory_quantity: Type.Optional(Int()),
  allow_backorder: Type.Optional(Type.Boolean()),
  manage_inventory: Type.Optional(Type.Boolean()),
  hs_code: Type.Optional(Nullable(Type.String())),
  origin_country: Type.Optional(Nullable(Type.String())),
  mid_code: Type.Optional(Nullable(Type.String())),
  material: Type.Optional(Nullable(Type.String())),
  weight: Type.Optional(NullableInt),
  length: Type.Optional(NullableInt),
  height: Type.Optional(NullableInt),
  width: Type.Optional(NullableInt),
  metadata: Type.Optional(MetadataInput),
};

export const CreateVariantBody = Type.Object({ ...variantFields, prices: Type.Array(PriceInput) }, { additionalProperties: false });
export type CreateVariantBody = Static<typeof CreateVariantBody>;

export const UpdateVariantBody = Type.Object(
  { ...variantFields, title: Type.Optional(Type.String()), prices: Type.Optional(Type.Array(PriceUpdateInput)) },
  { additionalProperties: false },
);
export type UpdateVariantBody = Static<typeof UpdateVariantBody>;

/** A variant inside a product update: with `id` it is updated, without it is created. */
export const ProductUpdateVariant = Type.Object(
  { id: Type.Optional(Type.String()), ...variantFields, title: Type.Optional(Type.String()), prices: Type.Optional(Type.Array(PriceUpdateInput)) },
  { additionalProperties: false },
);
export type ProductUpdateVariant = Static<typeof ProductUpdateVariant>;

const productFields = {
  title: Type.String(),
  subtitle: Type.Optional(Nullable(Type.String())),
  description: Type.Optional(Nullable(Type.String())),
  handle: Type.Optional(Type.String()),
  status: Type.Optional(StringEnum(PRODUCT_STATUSES)),
  is_giftcard: Type.Optional(Type.Boolean()),
  discountable: Type.Optional(Type.Boolean()),
  thumbnail: Type.Optional(Nullable(Type.String())),
  weight: Type.Optional(NullableInt),
  length: Type.Optional(NullableInt),
  height: Type.Optional(NullableInt),
  width: Type.Optional(NullableInt),
  hs_code: Type.Optional(Nullable(Type.String())),
  origin_country: Type.Optional(Nullable(Type.String())),
  mid_code: Type.Optional(Nullable(Type.String())),
  material: Type.Optional(Nullable(Type.String())),
  external_id: Type.Optional(Nullable(Type.String())),
  metadata: Type.Optional(MetadataInput),
};

export const CreateProductBody = Type.Object(
  { ...productFields, variants: Type.Optional(Type.Array(CreateVariantBody)) },
  { additionalProperties: false },
);
export type CreateProductBody = Static<typeof CreateProductBody>;

export const UpdateProductBody = Type.Object(
  { ...productFields, title: Type.Optional(Type.String()), variants: Type.Optional(Type.Array(ProductUpdateVariant)) },
  { additionalProperties: false },
);
export type UpdateProductBody = Static<typeof UpdateProductBody>;

// ---------------------------------------------------------------- queries

const productFilters = {
  q: Type.Optional(Type.String()),
  id: Type.Optional(StringArray),
  collection_id: Type.Optional(StringArray),
  type_id: Type.Optional(StringArray),
  tags: Type.Optional(StringArray),
  category_id: Type.Optional(StringArray),
  sales_channel_id: Type.Optional(StringArray),
  title: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  handle: Type.Optional(Type.String()),
  is_giftcard: Type.Optional(Type.Boolean()),
  created_at: Type.Optional(DateComparison),
  updated_at: Type.Optional(DateComparison),
};

export const AdminProductsQuery = listQuery(50, {
  ...productFilters,
  status: Type.Optional(Type.Array(StringEnum(PRODUCT_STATUSES))),
  price_list_id: Type.Optional(StringArray),
  deleted_at: Type.Optional(DateComparison),
});
export type AdminProductsQuery = Static<typeof AdminProductsQuery>;

/** The price-selection parameters of every store catalogue route. */
export const priceSelectionParams = {
  region_id: Type.Optional(Type.String()),
  currency_code: Type.Optional(Type.String()),
  cart_id: Type.Optional(Type.String()),
};

export const StoreProductsQuery = listQuery(100, {
  ...productFilters,
  ...priceSelectionParams,
  include_category_children: Type.Optional(Type.Boolean()),
});
export type StoreProductsQuery = Static<typeof StoreProductsQuery>;

export const StoreProductQuery = Type.Object(
  {
    ...priceSelectionParams,
    sales_channel_id: Type.Optional(Type.String()),
    expand: Type.Optional(Type.String()),
    fields: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type StoreProductQuery = Static<typeof StoreProductQuery>;

/** v1's store variant relations (the defaults: all three). */
export const STORE_VARIANT_RELATIONS = ["prices", "options", "product"] as const;
export type StoreVariantRelation = (typeof STORE_VARIANT_RELATIONS)[number];
export const VARIANT_PRICING_FIELDS = Object.keys(variantPricingProperties);

const variantProjection = {
  expand: Type.Optional(Type.String({ description: "prices, options, product; replaces the defaults (all three)" })),
  fields: Type.Optional(
    Type.String({ description: "Variant columns to return; id, created_at, the price fields and prices always come" }),
  ),
};

export const StoreVariantQuery = Type.Object(
  { ...priceSelectionParams, sales_channel_id: Type.Optional(Type.String()), ...variantProjection },
  { additionalProperties: false },
);
export type StoreVariantQuery = Static<typeof StoreVariantQuery>;

export const StoreVariantsQuery = Type.Object(
  {
    ...priceSelectionParams,
    ids: Type.Optional(Type.String({ description: "Comma-separated variant ids" })),
    id: Type.Optional(Type.Array(Type.String(), { description: "Variant ids: `id=a` or `id[]=a&id[]=b`" })),
    title: Type.Optional(StringArray),
    inventory_quantity: Type.Optional(
      Type.Union([Type.Number(), NumberComparison], { "x-type-message": "must be a number or an object of lt, gt, lte, gte numbers" }),
    ),
    sales_channel_id: Type.Optional(Type.String()),
    ...variantProjection,
    offset: Type.Integer({ minimum: 0, maximum: INT_MAX, default: 0 }),
    limit: Type.Integer({ minimum: 0, maximum: INT_MAX, default: 100 }),
  },
  { additionalProperties: false },
);
export type StoreVariantsQuery = Static<typeof StoreVariantsQuery>;
