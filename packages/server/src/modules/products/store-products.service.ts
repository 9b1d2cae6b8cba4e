import type { ProductRow, ProductVariantRow } from "../../db/schema.js";
import { parseExpand, parseFields, parseOrder, project } from "../../http/list-params.js";
import type { PricingService, StorePricingContext, VariantStorePrices } from "../pricing/pricing.service.js";
import type { ProductsRepository } from "./products.repository.js";
import {
  PRODUCT_COLUMNS,
  type Product,
  type ProductVariant,
  type StoreProductQuery,
  type StoreProductsQuery,
  type StoreVariantQuery,
  type StoreVariantsQuery,
} from "./products.schemas.js";
import { groupBy, PRODUCT_RELATIONS, serializeProduct, STORE_PRODUCT_RELATIONS, type ProductRelation } from "./products.serializer.js";
import { DEFAULT_PRODUCT_ORDER, PRODUCT_ORDERABLE, productNotFound, variantNotFound } from "./products.service.js";

type CustomerId = Promise<string | null>;

/**
 * Starts a lookup now but lets its failure surface only when awaited: an unknown product
 * is reported before an unknown region, as v1 does, whichever query finishes first.
 */
function settleLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}

/** A variant as the store shows it: its store prices merged in when pricing ran. */
function storeVariant(row: ProductVariantRow, prices: VariantStorePrices | undefined, withOptions: boolean): ProductVariant {
  const out: ProductVariant = { ...row };
  if (prices) {
    out.prices = prices.prices;
    if (prices.pricing) Object.assign(out, prices.pricing);
  }
  if (withOptions) out.options = [];
  return out;
}

/**
 * The store catalogue (§7): published products and variants, priced for the shopper on
 * every request (no cache, Cohort rule 5). A constant number of queries per request.
 */
export class StoreCatalogService {
  constructor(
    private readonly products: ProductsRepository,
    private readonly pricing: PricingService,
  ) {}

  async listProducts(query: StoreProductsQuery, customerId: CustomerId) {
    const relations = parseExpand(query.expand, PRODUCT_RELATIONS) ?? STORE_PRODUCT_RELATIONS;
    const fields = parseFields(query.fields, PRODUCT_COLUMNS, ["id", "created_at"]);
    const order = parseOrder(query.order, PRODUCT_ORDERABLE, DEFAULT_PRODUCT_ORDER);
    const [{ rows, count }, context] = await Promise.all([
      this.products.listProducts({ ...query, status: ["published"] }, { offset: query.offset, limit: query.limit, order }),
      this.pricing.resolveContext(query, customerId),
    ]);
    const products = await this.withVariants(rows, relations, context);
    return { products: products.map((p) => project(p, fields, relations)), count, offset: query.offset, limit: query.limit };
  }

  /** As v1, a product is found by id whatever its status (only lists are limited to published ones). */
  async retrieveProduct(id: string, query: StoreProductQuery, customerId: CustomerId): Promise<Product> {
    const relations = parseExpand(query.expand, PRODUCT_RELATIONS) ?? STORE_PRODUCT_RELATIONS;
    const fields = parseFields(query.fields, PRODUCT_COLUMNS, ["id"]);
    const wantsVariants = relations.has("variants");
    // The product, its variants and the shopper's context are independent: ask for them at once.
    const contextPromise = settleLater(this.pricing.resolveContext(query, customerId));
    const [row, variants] = await Promise.all([
      this.products.findProductById(id),
      wantsVariants ? this.products.findVariantsByProductIds([id]) : [],
    ]);
    if (!row) throw productNotFound(id);
    const context = await contextPromise;
    const [product] = await this.assemble([row], variants, relations, context);
    return project(product!, fields, relations);
  }

  async retrieveVariant(id: string, query: StoreVariantQuery, customerId: CustomerId): Promise<ProductVariant> {
    const contextPromise = settleLater(this.pricing.resolveContext(query, customerId));
    const row = await this.products.findVariantById(id);
    if (!row) throw variantNotFound(id);
    const context = await contextPromise;
    const [variant] = await this.variantsWithProduct([row], context);
    return variant!;
  }

  async listVariants(query: StoreVariantsQuery, customerId: CustomerId): Promise<ProductVariant[]> {
    const ids = query.ids?.split(",").map((s) => s.trim()).filter(Boolean);
    const [rows, context] = await Promise.all([
      this.products.listVariants({ ids, title: query.title }, { offset: query.offset, limit: query.limit }),
      this.pricing.resolveContext(query, customerId),
    ]);
    return this.variantsWithProduct(rows, context);
  }

  /** v1's store variant relations: prices (priced), options and product. */
  private async variantsWithProduct(rows: ProductVariantRow[], context: StorePricingContext): Promise<ProductVariant[]> {
    const [prices, products] = await Promise.all([
      this.pricing.pricesOf(rows.map((v) => v.id), context),
      this.products.findProductsByIds([...new Set(rows.map((v) => v.product_id))]),
    ]);
    const byId = new Map(products.map((p) => [p.id, p]));
    return rows.map((row) => {
      const variant = storeVariant(row, prices.get(row.id), true);
      const product = byId.get(row.product_id);
      if (product) variant.product = { ...product };
      return variant;
    });
  }

  private async withVariants(rows: ProductRow[], relations: ReadonlySet<ProductRelation>, context: StorePricingContext): Promise<Product[]> {
    const variants = relations.has("variants") ? await this.products.findVariantsByProductIds(rows.map((r) => r.id)) : [];
    return this.assemble(rows, variants, relations, context);
  }

  /** Prices the variants (when both `variants` and `variants.prices` are requested) and builds the products. */
  private async assemble(rows: ProductRow[], variants: ProductVariantRow[], relations: ReadonlySet<ProductRelation>, context: StorePricingContext): Promise<Product[]> {
    const priced = relations.has("variants") && relations.has("variants.prices");
    const prices = priced ? await this.pricing.pricesOf(variants.map((v) => v.id), context) : undefined;
    const withOptions = relations.has("variants.options");
    const byProduct = groupBy(variants, (v) => v.product_id);
    return rows.map((row) =>
      serializeProduct(
        row,
        relations,
        (byProduct.get(row.id) ?? []).map((v) => storeVariant(v, prices?.get(v.id), withOptions)),
      ),
    );
  }
}
