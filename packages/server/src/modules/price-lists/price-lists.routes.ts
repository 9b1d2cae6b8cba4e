import { changeContextOf } from "../../http/change-context.js";
import { parseDateFilter, parseExpand, parseFields, parseOrder, project, toArray } from "../../http/list-params.js";
import type { App } from "../../http/types.js";
import {
  AddPricesBody,
  CreatePriceListBody,
  DeletePricesBody,
  DeleteProductsPricesBody,
  IdParams,
  ListPriceListsQuery,
  MoneyAmountsDeleteResponse,
  PriceListDeleteResponse,
  PriceListProductParams,
  PriceListProductsQuery,
  PriceListResponse,
  PriceListsResponse,
  PriceListVariantParams,
  type Product,
  productColumns,
  ProductsListResponse,
  UpdatePriceListBody,
} from "@cohort/contract";
import { ADMIN_PRODUCT_RELATIONS, PRODUCT_RELATIONS, type ProductRelation } from "../products/products.serializer.js";
import { productFilterOf } from "../products/product-list-query.js";
import { DEFAULT_PRODUCT_ORDER, PRODUCT_ORDERABLE } from "../products/products.service.js";
import type { PriceListListOptions, PriceListProductsOptions, PriceListsService } from "./price-lists.service.js";
import { addPricesRules, createPriceListRules, deletePricesRules, listPriceListsRules, updatePriceListRules } from "./price-lists.validation.js";

const tags = ["Price Lists"];

const ORDERABLE = ["id", "name", "description", "type", "status", "starts_at", "ends_at", "created_at", "updated_at", "deleted_at"] as const;
const EXPANDABLE = ["prices", "prices.variants", "customer_groups"] as const;

/** The list query as typed options, validated in v1's order (order, expand, then the dates). */
function parsePriceListsQuery(query: ListPriceListsQuery): PriceListListOptions {
  const order = parseOrder(query.order, ORDERABLE, { column: "created_at", direction: "desc" });
  const expand = parseExpand(query.expand, EXPANDABLE);
  const filters = {
    id: query.id,
    q: query.q,
    status: query.status,
    type: query.type,
    name: query.name,
    description: query.description,
    customerGroups: query.customer_groups,
    createdAt: parseDateFilter(query.created_at),
    updatedAt: parseDateFilter(query.updated_at),
    deletedAt: parseDateFilter(query.deleted_at),
  };
  const relations = {
    prices: Boolean(expand?.has("prices") || expand?.has("prices.variants")),
    variants: Boolean(expand?.has("prices.variants")),
    // v1 joins the groups to filter on them, and then returns them: all of each list's groups.
    groups: Boolean(expand?.has("customer_groups") || query.q !== undefined || query.customer_groups !== undefined),
  };
  return { filters, order, offset: query.offset, limit: query.limit, relations };
}

/** The products route's query as typed options (expand, fields, order, then the dates). */
function parsePriceListProductsQuery(query: PriceListProductsQuery): PriceListProductsOptions & { fields: string[] | undefined } {
  const relations = parseExpand(query.expand, PRODUCT_RELATIONS) ?? ADMIN_PRODUCT_RELATIONS;
  const fields = parseFields(query.fields, productColumns, ["id", "created_at"]);
  const order = parseOrder(query.order, PRODUCT_ORDERABLE, DEFAULT_PRODUCT_ORDER);
  const filter = productFilterOf({
    q: query.q,
    id: toArray(query.id),
    status: query.status,
    collection_id: query.collection_id,
    tags: query.tags,
    type_id: query.type === undefined ? undefined : [query.type],
    title: query.title,
    description: query.description,
    handle: query.handle,
    is_giftcard: query.is_giftcard,
    created_at: query.created_at,
    updated_at: query.updated_at,
    deleted_at: query.deleted_at,
  });
  return { filter, order, offset: query.offset, limit: query.limit, relations, fields };
}

/** A product of the list's products route, projected to `fields`. */
function toPriceListProduct(product: Product, fields: string[] | undefined, relations: ReadonlySet<ProductRelation>) {
  return {
    ...project(product, fields, relations),
    // v1 replaces the variants' prices whatever the relations asked for, and shows them
    // without variant_id.
    ...(product.variants && {
      variants: product.variants.map((variant) => ({ ...variant, prices: (variant.prices ?? []).map(({ variant_id: _v, ...price }) => price) })),
    }),
  };
}

/**
 * GET /admin/price-lists/:id/products: products having a price in this list (v1's admin
 * product shape); an unknown list has no products.
 */
async function listPriceListProducts(priceLists: PriceListsService, id: string, query: PriceListProductsQuery) {
  const options = parsePriceListProductsQuery(query);
  const { products, count } = await priceLists.listProducts(id, options);
  return { products: products.map((p) => toPriceListProduct(p, options.fields, options.relations)), count, offset: options.offset, limit: options.limit };
}

const deletedPrices = (ids: string[]) => ({ ids, object: "money-amount" as const, deleted: true as const });

export function priceListRoutes(app: App, priceLists: PriceListsService) {
  app.post(
    "/admin/price-lists",
    { schema: { tags, summary: "Create a price list", body: CreatePriceListBody, response: { 200: PriceListResponse } }, validatorCompiler: createPriceListRules },
    async (request) => ({ price_list: await priceLists.create(request.body, changeContextOf(request)) }),
  );

  app.get(
    "/admin/price-lists",
    { schema: { tags, summary: "List price lists", querystring: ListPriceListsQuery, response: { 200: PriceListsResponse } }, validatorCompiler: listPriceListsRules },
    async (request) => priceLists.list(parsePriceListsQuery(request.query)),
  );

  // v1 ignores the query of this route.
  app.get(
    "/admin/price-lists/:id",
    { schema: { tags, summary: "Retrieve a price list", params: IdParams, response: { 200: PriceListResponse } } },
    async (request) => ({ price_list: await priceLists.retrieve(request.params.id) }),
  );

  app.post(
    "/admin/price-lists/:id",
    {
      schema: { tags, summary: "Update a price list", params: IdParams, body: UpdatePriceListBody, response: { 200: PriceListResponse } },
      validatorCompiler: updatePriceListRules,
    },
    async (request) => ({ price_list: await priceLists.update(request.params.id, request.body ?? {}, changeContextOf(request)) }),
  );

  app.delete(
    "/admin/price-lists/:id",
    { schema: { tags, summary: "Delete a price list (idempotent)", params: IdParams, response: { 200: PriceListDeleteResponse } } },
    async (request) => {
      await priceLists.delete(request.params.id, changeContextOf(request));
      return { id: request.params.id, object: "price-list" as const, deleted: true as const };
    },
  );

  app.post(
    "/admin/price-lists/:id/prices/batch",
    {
      schema: { tags, summary: "Add prices (override: replace all)", params: IdParams, body: AddPricesBody, response: { 200: PriceListResponse } },
      validatorCompiler: addPricesRules,
    },
    async (request) => ({ price_list: await priceLists.addPrices(request.params.id, request.body, changeContextOf(request)) }),
  );

  app.delete(
    "/admin/price-lists/:id/prices/batch",
    {
      schema: { tags, summary: "Delete prices", params: IdParams, body: DeletePricesBody, response: { 200: MoneyAmountsDeleteResponse } },
      validatorCompiler: deletePricesRules,
    },
    async (request) => {
      await priceLists.deletePrices(request.params.id, request.body.price_ids, changeContextOf(request));
      // v1 echoes the ids sent, deleted or not.
      return deletedPrices(request.body.price_ids);
    },
  );

  app.delete(
    "/admin/price-lists/:id/products/prices/batch",
    {
      schema: { tags, summary: "Delete the list's prices of products", params: IdParams, body: DeleteProductsPricesBody, response: { 200: MoneyAmountsDeleteResponse } },
      validatorCompiler: deletePricesRules,
    },
    async (request) => deletedPrices(await priceLists.deleteProductsPrices(request.params.id, request.body.product_ids, changeContextOf(request))),
  );

  app.delete(
    "/admin/price-lists/:id/products/:product_id/prices",
    { schema: { tags, summary: "Delete the list's prices of a product", params: PriceListProductParams, response: { 200: MoneyAmountsDeleteResponse } } },
    async (request) => deletedPrices(await priceLists.deleteProductsPrices(request.params.id, [request.params.product_id], changeContextOf(request))),
  );

  app.delete(
    "/admin/price-lists/:id/variants/:variant_id/prices",
    { schema: { tags, summary: "Delete the list's prices of a variant", params: PriceListVariantParams, response: { 200: MoneyAmountsDeleteResponse } } },
    async (request) => deletedPrices(await priceLists.deleteVariantPrices(request.params.id, request.params.variant_id, changeContextOf(request))),
  );

  app.get(
    "/admin/price-lists/:id/products",
    {
      schema: {
        tags,
        summary: "Products with a price in the list",
        params: IdParams,
        querystring: PriceListProductsQuery,
        response: { 200: ProductsListResponse },
      },
    },
    async (request) => listPriceListProducts(priceLists, request.params.id, request.query),
  );
}
