import type { MoneyAmountRow, ProductRow, ProductVariantRow } from "../../db/schema.js";
import { groupBy } from "../../shared/group-by.js";
import type { MoneyAmount, Product, ProductVariant } from "@cohort/contract";

/** Relations a product may be expanded with; the ones Cohort does not model are served empty. */
export const PRODUCT_RELATIONS = [
  "variants",
  "variants.prices",
  "variants.options",
  "options",
  "options.values",
  "images",
  "tags",
  "collection",
  "type",
  "profiles",
] as const;
export type ProductRelation = (typeof PRODUCT_RELATIONS)[number];

/** v1's admin default relations (collection, images, options, profiles, tags, type, variants…). */
export const ADMIN_PRODUCT_RELATIONS: ReadonlySet<ProductRelation> = new Set<ProductRelation>([
  "variants",
  "variants.prices",
  "variants.options",
  "options",
  "images",
  "tags",
  "collection",
  "type",
  "profiles",
]);

/** v1's store default relations. */
export const STORE_PRODUCT_RELATIONS: ReadonlySet<ProductRelation> = new Set<ProductRelation>([
  "variants",
  "variants.prices",
  "variants.options",
  "options",
  "options.values",
  "images",
  "tags",
  "collection",
  "type",
]);

type Stamps = "created_at" | "updated_at" | "deleted_at";
/** A row whose timestamps are Dates (Kysely) or ISO strings (the store's raw statements). */
export type Stamped<T extends Record<Stamps, unknown>> = Omit<T, Stamps> & {
  created_at: Date | string;
  updated_at: Date | string;
  deleted_at: Date | string | null;
};
export type ProductLike = Stamped<ProductRow>;
export type VariantLike = Stamped<ProductVariantRow>;

/** A price row as v1 serialises a variant's raw `prices` relation (with `variant_id`). */
export const serializePrice = (row: MoneyAmountRow): MoneyAmount => row;

/**
 * A variant with its relations. `prices` is set when given (raw rows, or priced candidates);
 * `options` when the relation is asked for.
 */
export function serializeVariant(
  row: VariantLike,
  extras: { prices?: MoneyAmount[]; options?: boolean } = {},
): ProductVariant {
  const out: ProductVariant = { ...row };
  if (extras.prices) out.prices = extras.prices;
  if (extras.options) out.options = [];
  return out;
}

/**
 * A product with the requested relations. `variants` are already serialised; pass the
 * product's variants (in order) when the `variants` relation is requested.
 */
export function serializeProduct(row: ProductLike, relations: ReadonlySet<ProductRelation>, variants: ProductVariant[] = []): Product {
  const out: Product = { ...row };
  if (relations.has("variants")) out.variants = variants;
  if (relations.has("options")) out.options = [];
  if (relations.has("images")) out.images = [];
  if (relations.has("tags")) out.tags = [];
  if (relations.has("collection")) out.collection = null;
  if (relations.has("type")) out.type = null;
  if (relations.has("profiles")) out.profiles = [];
  return out;
}

/**
 * Assembles a page of products from the rows of three set-based queries (products, their
 * variants, the variants' prices), in the products' order.
 */
export function assembleProducts(
  products: readonly ProductRow[],
  variants: readonly ProductVariantRow[],
  prices: readonly MoneyAmountRow[] | undefined,
  relations: ReadonlySet<ProductRelation>,
): Product[] {
  const pricesByVariant = prices ? groupBy(prices, (p) => p.variant_id) : undefined;
  const variantsByProduct = groupBy(variants, (v) => v.product_id);
  const withOptions = relations.has("variants.options");
  return products.map((product) =>
    serializeProduct(
      product,
      relations,
      (variantsByProduct.get(product.id) ?? []).map((v) =>
        serializeVariant(v, { prices: pricesByVariant ? (pricesByVariant.get(v.id) ?? []) : undefined, options: withOptions }),
      ),
    ),
  );
}
