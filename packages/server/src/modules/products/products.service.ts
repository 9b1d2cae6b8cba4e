import type { Insertable } from "kysely";
import type { Database } from "../../db/database.js";
import type { Executor } from "../../db/sql.js";
import type { MoneyAmountTable, ProductVariantRow, ProductVariantTable } from "../../db/schema.js";
import type { OrderBy } from "../../shared/list-options.js";
import { invalidData, notFound } from "../../shared/errors.js";
import { newId } from "../../shared/ids.js";
import { mergeMetadata, metadataPatch } from "../../shared/metadata.js";
import { regionNotFound, type RegionLookup } from "../regions/regions.service.js";
import { kebabCase } from "./handle.js";
import type { ProductFilter, ProductsRepository, VariantColumns, VariantUpdate } from "./products.repository.js";
import {
  type CreateProductBody,
  type CreateVariantBody,
  type PriceInput,
  type Product,
  type ProductUpdateVariant,
  type UpdateProductBody,
  type UpdateVariantBody,
} from "@cohort/contract";
import { ADMIN_PRODUCT_RELATIONS, assembleProducts, type ProductRelation } from "./products.serializer.js";
import { inTransaction } from "../../db/transaction.js";

export const PRODUCT_ORDERABLE = ["created_at", "updated_at", "title", "handle", "status", "id"] as const;
export const DEFAULT_PRODUCT_ORDER = { column: "created_at", direction: "desc" } as const;

export const productNotFound = (id: string) => notFound(`Product with id: ${id} was not found`);
export const variantNotFound = (id: string) => notFound(`Variant with id: ${id} was not found`);

/** What the admin list route parsed out of the query string (it projects `fields` itself). */
export interface ProductListOptions {
  filter: ProductFilter;
  order: OrderBy;
  offset: number;
  limit: number;
  relations: ReadonlySet<ProductRelation>;
}

type NewPrice = Insertable<MoneyAmountTable> & { id: string; variant_id: string; requested_id?: string };
type VariantInput = CreateVariantBody | UpdateVariantBody | ProductUpdateVariant;

/** Admin catalogue: products, their variants and the variants' own prices. */
/**
 * What the price-lists module reads of the catalogue for a price list's products and
 * prices (ProductsRepository is one).
 */
export type ProductReads = Pick<
  ProductsRepository,
  | "listProducts"
  | "listVariants"
  | "findProductsByIds"
  | "findVariantById"
  | "findVariantsByIds"
  | "findVariantsByProductIds"
  | "findPricesByVariantIds"
  | "findPricesWithListByVariantIds"
>;

export class ProductsService {
  constructor(
    private readonly db: Database,
    private readonly products: ProductsRepository,
    private readonly regions: RegionLookup,
  ) {}

  async list({ filter, order, offset, limit, relations }: ProductListOptions): Promise<{ products: Product[]; count: number }> {
    const { rows, count } = await this.products.listProducts(filter, { offset, limit, order });
    return { products: await this.withRelations(rows, relations), count };
  }

  /** A product with these relations (the route parses `expand` and projects `fields`). */
  async retrieve(id: string, relations: ReadonlySet<ProductRelation> = ADMIN_PRODUCT_RELATIONS, executor: Executor = this.db): Promise<Product> {
    const row = await this.products.findProductById(id, executor);
    if (!row) throw productNotFound(id);
    const [product] = await this.withRelations([row], relations, executor);
    return product!;
  }

  async create(input: CreateProductBody): Promise<Product> {
    const productId = newId("prod");
    const variants = (input.variants ?? []).map((v, i) => newVariantRow(productId, v, i));
    return inTransaction(this.db, async (trx) => {
      const prices = await this.resolvePrices(
        (input.variants ?? []).flatMap((v, i) => v.prices.map((price) => ({ variantId: variants[i]!.id, price }))),
        trx,
      );
      const isGiftcard = input.is_giftcard ?? false;
      await this.products.insertProduct(
        {
          id: productId,
          title: input.title,
          subtitle: input.subtitle ?? null,
          description: input.description ?? null,
          handle: input.handle || kebabCase(input.title) || null,
          is_giftcard: isGiftcard,
          // v1: a gift card is never discountable.
          discountable: isGiftcard ? false : (input.discountable ?? true),
          status: input.status ?? "draft",
          thumbnail: input.thumbnail ?? null,
          weight: input.weight ?? null,
          length: input.length ?? null,
          height: input.height ?? null,
          width: input.width ?? null,
          hs_code: input.hs_code ?? null,
          origin_country: input.origin_country ?? null,
          mid_code: input.mid_code ?? null,
          material: input.material ?? null,
          collection_id: null,
          type_id: null,
          external_id: input.external_id ?? null,
          metadata: input.metadata ? JSON.stringify(mergeMetadata(null, input.metadata)) : null,
        },
        trx,
      );
      await this.products.insertVariants(variants, trx);
      await this.products.insertPrices(prices.map(({ requested_id: _, ...p }) => p), trx);
      return this.retrieve(productId, ADMIN_PRODUCT_RELATIONS, trx);
    });
  }

  /**
   * Updates columns; `variants`, when given, is the new list as in v1: entries with an id
   * update that variant, entries without one create a variant, and variants left out are
   * deleted with all their prices.
   */
  async update(id: string, input: UpdateProductBody): Promise<Product> {
    return inTransaction(this.db, async (trx) => {
      const current = await this.products.findProductById(id, trx);
      if (!current) throw productNotFound(id);
      const { variants, metadata, ...columns } = input;
      const patch: Parameters<ProductsRepository["updateProduct"]>[1] = {};
      for (const [key, value] of Object.entries(columns)) if (value !== undefined) (patch as Record<string, unknown>)[key] = value;
      if (columns.handle === "") patch.handle = kebabCase(columns.title ?? current.title) || null;
      if (columns.is_giftcard) patch.discountable = false;
      await this.products.updateProduct(id, patch, metadataPatch(metadata), trx);

      if (variants) {
        const existing = await this.products.findVariantsByProductIds([id], trx);
        const byId = new Map(existing.map((v) => [v.id, v]));
        for (const v of variants) if (v.id && !byId.has(v.id)) throw variantNotFound(v.id);
        const mentioned = new Set(variants.map((v) => v.id).filter(Boolean));
        await this.products.deleteVariants(existing.filter((v) => !mentioned.has(v.id)).map((v) => v.id), trx);
        await this.writeVariants(id, variants.map((v, rank) => ({ input: v, rank, current: v.id ? byId.get(v.id) : undefined })), trx);
      }
      return this.retrieve(id, ADMIN_PRODUCT_RELATIONS, trx);
    });
  }

  /** Idempotent, as v1: an unknown product is already gone. */
  async delete(id: string): Promise<void> {
    await inTransaction(this.db, (trx) => this.products.deleteProduct(id, trx));
  }

  async addVariant(productId: string, input: CreateVariantBody): Promise<Product> {
    return inTransaction(this.db, async (trx) => {
      if (!(await this.products.findProductById(productId, trx))) throw productNotFound(productId);
      const existing = await this.products.findVariantsByProductIds([productId], trx);
      await this.writeVariants(productId, [{ input, rank: existing.length, current: undefined }], trx);
      return this.retrieve(productId, ADMIN_PRODUCT_RELATIONS, trx);
    });
  }

  async updateVariant(productId: string, variantId: string, input: UpdateVariantBody): Promise<Product> {
    return inTransaction(this.db, async (trx) => {
      if (!(await this.products.findProductById(productId, trx))) throw productNotFound(productId);
      const current = await this.products.findVariantById(variantId, trx);
      if (!current || current.product_id !== productId) throw variantNotFound(variantId);
      await this.writeVariants(productId, [{ input, rank: current.variant_rank, current }], trx);
      return this.retrieve(productId, ADMIN_PRODUCT_RELATIONS, trx);
    });
  }

  /** Deletes the variant and all its prices, price-list prices included; idempotent. */
  async deleteVariant(productId: string, variantId: string): Promise<Product> {
    return inTransaction(this.db, async (trx) => {
      if (!(await this.products.findProductById(productId, trx))) throw productNotFound(productId);
      const current = await this.products.findVariantById(variantId, trx);
      if (current?.product_id === productId) {
        await this.products.deleteVariants([variantId], trx);
        await this.products.touchProduct(productId, trx);
      }
      return this.retrieve(productId, ADMIN_PRODUCT_RELATIONS, trx);
    });
  }

  /** Loads variants and prices for a page of products: one query per relation. */
  private async withRelations(rows: Parameters<typeof assembleProducts>[0], relations: ReadonlySet<ProductRelation>, executor: Executor = this.db) {
    const variants = relations.has("variants") ? await this.products.findVariantsByProductIds(rows.map((r) => r.id), executor) : [];
    const prices = relations.has("variants") && relations.has("variants.prices")
      ? await this.products.findPricesByVariantIds(variants.map((v) => v.id), { kind: "all" }, executor)
      : undefined;
    return assembleProducts(rows, variants, prices, relations);
  }

  /** Creates and updates variants of one product with their prices: a constant number of statements. */
  private async writeVariants(
    productId: string,
    entries: Array<{ input: VariantInput; rank: number; current: ProductVariantRow | undefined }>,
    executor: Executor,
  ): Promise<void> {
    const created: Insertable<ProductVariantTable>[] = [];
    const updated: VariantUpdate[] = [];
    const priceInputs: Array<{ variantId: string; price: PriceInput }> = [];
    const replacedPricesOf: string[] = [];
    for (const { input, rank, current } of entries) {
      let variantId: string;
      if (current) {
        variantId = current.id;
        updated.push(mergeVariant(current, input, rank));
        if (input.prices) replacedPricesOf.push(variantId);
      } else {
        if (input.title === undefined) throw invalidData("title must be a string");
        const row = newVariantRow(productId, { ...input, title: input.title, prices: input.prices ?? [] }, rank);
        variantId = row.id;
        created.push(row);
      }
      for (const price of input.prices ?? []) priceInputs.push({ variantId, price });
    }
    const prices = await this.resolvePrices(priceInputs, executor);
    await this.products.updateVariants(updated, executor);
    await this.products.insertVariants(created, executor);
    const replaced = new Set(replacedPricesOf);
    await this.products.replacePlainPrices(replacedPricesOf, prices.filter((p) => replaced.has(p.variant_id)), executor);
    await this.products.insertPrices(prices.filter((p) => !replaced.has(p.variant_id)).map(({ requested_id: _, ...p }) => p), executor);
    await this.products.touchProduct(productId, executor);
  }

  /**
   * Turns price inputs into rows: a region price takes the region's currency (as v1, the
   * region wins when both are given); unknown regions and currencies are 404s. Two queries.
   */
  private async resolvePrices(inputs: Array<{ variantId: string; price: PriceInput }>, executor: Executor): Promise<NewPrice[]> {
    const regionIds = [...new Set(inputs.map((i) => i.price.region_id).filter((r): r is string => r !== undefined))];
    const regions = new Map((await this.regions.findByIds(regionIds, executor)).map((r) => [r.id, r]));
    for (const id of regionIds) if (!regions.has(id)) throw regionNotFound(id);
    const codes = [...new Set(inputs.filter((i) => !i.price.region_id).map((i) => i.price.currency_code?.toLowerCase()))];
    if (codes.includes(undefined)) throw invalidData("Each price needs a region_id or a currency_code");
    const known = await this.regions.existingCurrencies(codes as string[], executor);
    for (const code of codes as string[]) if (!known.has(code)) throw notFound(`Currency with currency_code ${code} does not exist.`);
    return inputs.map(({ variantId, price }) => {
      const region = price.region_id ? regions.get(price.region_id)! : undefined;
      if (price.min_quantity != null && price.max_quantity != null && price.min_quantity > price.max_quantity) {
        throw invalidData("min_quantity must not be greater than max_quantity");
      }
      return {
        id: newId("ma"),
        requested_id: price.id,
        variant_id: variantId,
        amount: price.amount,
        currency_code: region ? region.currency_code : price.currency_code!.toLowerCase(),
        region_id: region ? region.id : null,
        min_quantity: price.min_quantity ?? null,
        max_quantity: price.max_quantity ?? null,
        price_list_id: null,
      };
    });
  }
}

function newVariantRow(productId: string, input: CreateVariantBody, rank: number): Insertable<ProductVariantTable> & { id: string } {
  return {
    id: newId("variant"),
    product_id: productId,
    title: input.title,
    sku: input.sku ?? null,
    barcode: input.barcode ?? null,
    ean: input.ean ?? null,
    upc: input.upc ?? null,
    variant_rank: rank,
    inventory_quantity: input.inventory_quantity ?? 0,
    allow_backorder: input.allow_backorder ?? false,
    manage_inventory: input.manage_inventory ?? true,
    hs_code: input.hs_code ?? null,
    origin_country: input.origin_country ?? null,
    mid_code: input.mid_code ?? null,
    material: input.material ?? null,
    weight: input.weight ?? null,
    length: input.length ?? null,
    height: input.height ?? null,
    width: input.width ?? null,
    metadata: input.metadata ? JSON.stringify(mergeMetadata(null, input.metadata)) : null,
  };
}

function mergeVariant(current: ProductVariantRow, input: VariantInput, rank: number): VariantUpdate {
  const pick = <K extends keyof VariantColumns>(key: K): VariantColumns[K] =>
    (input as Record<string, unknown>)[key] !== undefined ? ((input as Record<string, unknown>)[key] as VariantColumns[K]) : current[key];
  return {
    id: current.id,
    title: pick("title"),
    sku: pick("sku"),
    barcode: pick("barcode"),
    ean: pick("ean"),
    upc: pick("upc"),
    variant_rank: rank,
    inventory_quantity: pick("inventory_quantity"),
    allow_backorder: pick("allow_backorder"),
    manage_inventory: pick("manage_inventory"),
    hs_code: pick("hs_code"),
    origin_country: pick("origin_country"),
    mid_code: pick("mid_code"),
    material: pick("material"),
    weight: pick("weight"),
    length: pick("length"),
    height: pick("height"),
    width: pick("width"),
    metadata: metadataPatch(input.metadata),
  };
}
