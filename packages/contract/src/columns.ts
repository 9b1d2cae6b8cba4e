import { Type, type Static, type TProperties } from "@sinclair/typebox";
import { Metadata, NullableDateTime, NullableInteger, NullableString, StringEnum, Timestamps } from "./common.js";

// Every table's serialised columns, once: a column→schema map per table, in v1's key order,
// from which the entity schemas derive, and the list of its column names, which the server's
// select lists, `fields` allow-lists and serialisers use.

/** The names of a table's columns, in the order of its column→schema map. */
const columnsOf = <M extends TProperties>(schemas: M) => Object.freeze(Object.keys(schemas)) as ReadonlyArray<keyof M & string>;

export const PRODUCT_STATUSES = ["draft", "proposed", "published", "rejected"] as const;
export const PRICE_LIST_TYPES = ["sale", "override"] as const;
export const PRICE_LIST_STATUSES = ["active", "draft"] as const;
export type PriceListType = (typeof PRICE_LIST_TYPES)[number];
export type PriceListStatus = (typeof PRICE_LIST_STATUSES)[number];

// ---------------------------------------------------------------- product

/** The columns of a product. */
export const productColumnSchemas = {
  id: Type.String(),
  title: Type.String(),
  subtitle: NullableString,
  description: NullableString,
  handle: NullableString,
  is_giftcard: Type.Boolean(),
  status: StringEnum(PRODUCT_STATUSES),
  thumbnail: NullableString,
  weight: NullableInteger,
  length: NullableInteger,
  height: NullableInteger,
  width: NullableInteger,
  hs_code: NullableString,
  origin_country: NullableString,
  mid_code: NullableString,
  material: NullableString,
  collection_id: NullableString,
  type_id: NullableString,
  discountable: Type.Boolean(),
  external_id: NullableString,
  metadata: Metadata,
  ...Timestamps,
};
export const productColumns = columnsOf(productColumnSchemas);
export type ProductColumn = (typeof productColumns)[number];

// ---------------------------------------------------------------- product_variant

/** The columns of a product variant. */
export const variantColumnSchemas = {
  id: Type.String(),
  title: Type.String(),
  product_id: Type.String(),
  sku: NullableString,
  barcode: NullableString,
  ean: NullableString,
  upc: NullableString,
  variant_rank: Type.Integer(),
  inventory_quantity: Type.Integer(),
  allow_backorder: Type.Boolean(),
  manage_inventory: Type.Boolean(),
  hs_code: NullableString,
  origin_country: NullableString,
  mid_code: NullableString,
  material: NullableString,
  weight: NullableInteger,
  length: NullableInteger,
  height: NullableInteger,
  width: NullableInteger,
  metadata: Metadata,
  ...Timestamps,
};
export const variantColumns = columnsOf(variantColumnSchemas);
export type VariantColumn = (typeof variantColumns)[number];

/** A variant's columns, as v1 nests a variant in a price list's price. */
export const VariantColumns = Type.Object(variantColumnSchemas);
export type VariantColumns = Static<typeof VariantColumns>;

// ---------------------------------------------------------------- money_amount

/** The columns of a price (table money_amount), without `variant_id`, which not every view shows. */
export const moneyAmountColumnSchemas = {
  id: Type.String(),
  currency_code: Type.String(),
  amount: Type.Integer(),
  min_quantity: NullableInteger,
  max_quantity: NullableInteger,
  price_list_id: NullableString,
  region_id: NullableString,
  ...Timestamps,
};
export const moneyAmountColumns = columnsOf(moneyAmountColumnSchemas);
export type MoneyAmountColumn = (typeof moneyAmountColumns)[number];

// ---------------------------------------------------------------- price_list

/** The columns of a price list. */
export const priceListColumnSchemas = {
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  type: StringEnum(PRICE_LIST_TYPES),
  status: StringEnum(PRICE_LIST_STATUSES),
  starts_at: NullableDateTime,
  ends_at: NullableDateTime,
  ...Timestamps,
};
export const priceListColumns = columnsOf(priceListColumnSchemas);
export type PriceListColumn = (typeof priceListColumns)[number];

/** A price list's own columns, as embedded in a price (`price_list`), without relations. */
export const PriceListColumns = Type.Object(priceListColumnSchemas);
export type PriceListColumns = Static<typeof PriceListColumns>;

// ---------------------------------------------------------------- customer_group

/** The columns of a customer group. */
export const customerGroupColumnSchemas = {
  id: Type.String({ description: "`cgrp_` followed by a ULID" }),
  name: Type.String(),
  metadata: Metadata,
  ...Timestamps,
};
export const customerGroupColumns = columnsOf(customerGroupColumnSchemas);
export type CustomerGroupColumn = (typeof customerGroupColumns)[number];

/** A customer group as it appears inside other entities (customer.groups, price_list.customer_groups). */
export const CustomerGroupColumns = Type.Object(customerGroupColumnSchemas);
export type CustomerGroupColumns = Static<typeof CustomerGroupColumns>;

// ---------------------------------------------------------------- customer

/** Every serialised customer column; `password_hash` is deliberately absent (docs/compatibility.md#fixed-v1-bugs-the-contracts-cohort-rules). */
export const customerColumnSchemas = {
  id: Type.String({ description: "`cus_` followed by a ULID" }),
  email: Type.String({ description: "Stored lower-cased" }),
  first_name: NullableString,
  last_name: NullableString,
  billing_address_id: NullableString,
  phone: NullableString,
  has_account: Type.Boolean({ description: "true when the customer registered with a password" }),
  metadata: Metadata,
  ...Timestamps,
};
export const customerColumns = columnsOf(customerColumnSchemas);
export type CustomerColumn = (typeof customerColumns)[number];

export const CustomerColumns = Type.Object(customerColumnSchemas);
export type CustomerColumns = Static<typeof CustomerColumns>;

// ---------------------------------------------------------------- address

export const addressColumnSchemas = {
  id: Type.String(),
  customer_id: NullableString,
  company: NullableString,
  first_name: NullableString,
  last_name: NullableString,
  address_1: NullableString,
  address_2: NullableString,
  city: NullableString,
  country_code: NullableString,
  province: NullableString,
  postal_code: NullableString,
  phone: NullableString,
  metadata: Metadata,
  ...Timestamps,
};
export const addressColumns = columnsOf(addressColumnSchemas);

export const Address = Type.Object(addressColumnSchemas);
export type Address = Static<typeof Address>;
