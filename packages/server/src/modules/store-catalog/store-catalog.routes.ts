import { parseExpand, parseFields, parseOrder, project } from "../../http/list-params.js";
import type { App } from "../../http/types.js";
import {
  IdParams,
  productColumns,
  ProductResponse,
  ProductsListResponse,
  StoreProductQuery,
  StoreProductsQuery,
  StoreVariantQuery,
  STORE_VARIANT_RELATIONS,
  type StoreVariantRelation,
  StoreVariantsQuery,
  VARIANT_PRICING_FIELDS,
  variantColumns,
  type ProductVariant,
  VariantResponse,
  VariantsResponse,
} from "@cohort/contract";
import { productFilterOf } from "../products/product-list-query.js";
import { PRODUCT_RELATIONS, STORE_PRODUCT_RELATIONS } from "../products/products.serializer.js";
import { DEFAULT_PRODUCT_ORDER, PRODUCT_ORDERABLE } from "../products/products.service.js";
import type { StoreCatalogService, StoreProductListOptions } from "./store-catalog.service.js";
import type { storeResponder } from "./store-response-cache.js";

const tags = ["Store catalogue"];
type CustomerId = Promise<string | null>;

/** The store list query as typed options, validated in v1's order (expand, fields, order, then the dates). */
function parseStoreProductsQuery(query: StoreProductsQuery): StoreProductListOptions & { fields: string[] | undefined } {
  const relations = parseExpand(query.expand, PRODUCT_RELATIONS) ?? STORE_PRODUCT_RELATIONS;
  const fields = parseFields(query.fields, productColumns, ["id", "created_at"]);
  const order = parseOrder(query.order, PRODUCT_ORDERABLE, DEFAULT_PRODUCT_ORDER);
  return { filter: productFilterOf(query), order, offset: query.offset, limit: query.limit, relations, fields, prices: query };
}

/** GET /store/products: the page, projected to `fields` and `expand`. */
async function listStoreProducts(catalog: StoreCatalogService, query: StoreProductsQuery, customerId: CustomerId) {
  const { fields, ...options } = parseStoreProductsQuery(query);
  const { body, stamp } = await catalog.listProducts(options, customerId);
  const products = body.products.map((p) => project(p, fields, options.relations));
  return { body: { products, count: body.count, offset: options.offset, limit: options.limit }, stamp };
}

/** GET /store/products/:id: `expand` and `fields` (id always comes). */
async function retrieveStoreProduct(catalog: StoreCatalogService, id: string, query: StoreProductQuery, customerId: CustomerId) {
  const relations = parseExpand(query.expand, PRODUCT_RELATIONS) ?? STORE_PRODUCT_RELATIONS;
  const fields = parseFields(query.fields, productColumns, ["id"]);
  const { body, stamp } = await catalog.retrieveProduct(id, query, relations, customerId);
  return { body: { product: project(body.product, fields, relations) }, stamp };
}

interface VariantView {
  relations: ReadonlySet<StoreVariantRelation>;
  /** The columns to keep (with the price fields), or undefined for all. */
  fields: string[] | undefined;
}

/**
 * `expand` replaces the default relations; `fields` cuts the columns down (id and
 * created_at stay, the price fields and prices always come) and, without `expand`,
 * leaves the other relations out, as v1 answers `fields=id`.
 */
function variantView(query: { expand?: string; fields?: string }): VariantView {
  const fields = parseFields(query.fields, variantColumns, ["id", "created_at"]);
  const relations = parseExpand(query.expand, STORE_VARIANT_RELATIONS) ?? new Set<StoreVariantRelation>(fields ? [] : STORE_VARIANT_RELATIONS);
  return { relations, fields: fields && [...fields, ...VARIANT_PRICING_FIELDS] };
}

const projectVariant = (variant: ProductVariant, view: VariantView) =>
  view.fields ? (project(variant, view.fields, [...view.relations, "prices"]) as ProductVariant) : variant;

async function listStoreVariants(catalog: StoreCatalogService, query: StoreVariantsQuery, customerId: CustomerId) {
  const view = variantView(query);
  return (await catalog.listVariants(query, view.relations, customerId)).map((v) => projectVariant(v, view));
}

async function retrieveStoreVariant(catalog: StoreCatalogService, id: string, query: StoreVariantQuery, customerId: CustomerId) {
  const view = variantView(query);
  return projectVariant(await catalog.retrieveVariant(id, query, view.relations, customerId), view);
}

export function storeCatalogRoutes(
  app: App,
  catalog: StoreCatalogService,
  respond: ReturnType<typeof storeResponder>,
) {

  app.get(
    "/store/products",
    {
      schema: {
        tags,
        summary: "List published products, priced for the shopper",
        querystring: StoreProductsQuery,
        response: { 200: ProductsListResponse },
      },
    },
    async (request, reply) => respond(request, reply, request.customerId(), () => listStoreProducts(catalog, request.query, request.customerId())),
  );

  app.get(
    "/store/products/:id",
    { schema: { tags, summary: "Get a product, priced for the shopper", params: IdParams, querystring: StoreProductQuery, response: { 200: ProductResponse } } },
    async (request, reply) =>
      respond(request, reply, request.customerId(), () => retrieveStoreProduct(catalog, request.params.id, request.query, request.customerId())),
  );

  app.get(
    "/store/variants",
    { schema: { tags, summary: "List variants, priced for the shopper", querystring: StoreVariantsQuery, response: { 200: VariantsResponse } } },
    async (request) => ({ variants: await listStoreVariants(catalog, request.query, request.customerId()) }),
  );

  app.get(
    "/store/variants/:id",
    { schema: { tags, summary: "Get a variant, priced for the shopper", params: IdParams, querystring: StoreVariantQuery, response: { 200: VariantResponse } } },
    async (request) => ({ variant: await retrieveStoreVariant(catalog, request.params.id, request.query, request.customerId()) }),
  );
}
