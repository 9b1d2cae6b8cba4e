import { Type } from "@sinclair/typebox";
import { parseExpand, parseFields, parseOrder, project } from "../../http/list-params.js";
import type { App } from "../../http/types.js";
import {
  AdminProductsQuery,
  CreateProductBody,
  CreateVariantBody,
  IdParams,
  ProductDeleteResponse,
  productColumns,
  ProductResponse,
  ProductsListResponse,
  RetrieveQuery,
  UpdateProductBody,
  UpdateVariantBody,
  VariantDeleteResponse,
} from "@cohort/contract";
import { productFilterOf } from "./product-list-query.js";
import { ADMIN_PRODUCT_RELATIONS, PRODUCT_RELATIONS } from "./products.serializer.js";
import { DEFAULT_PRODUCT_ORDER, PRODUCT_ORDERABLE, type ProductListOptions, type ProductsService } from "./products.service.js";

const tags = ["Products"];
const VariantParams = Type.Object({ id: Type.String(), variant_id: Type.String() });

/** The list query as typed options, validated in v1's order (expand, fields, order, then the dates). */
function parseProductsQuery(query: AdminProductsQuery): ProductListOptions & { fields: string[] | undefined } {
  const relations = parseExpand(query.expand, PRODUCT_RELATIONS) ?? ADMIN_PRODUCT_RELATIONS;
  const fields = parseFields(query.fields, productColumns, ["id", "created_at"]);
  const order = parseOrder(query.order, PRODUCT_ORDERABLE, DEFAULT_PRODUCT_ORDER);
  return { filter: productFilterOf(query), order, offset: query.offset, limit: query.limit, relations, fields };
}

/** GET /admin/products: the page, projected to `fields` and `expand`. */
async function listProducts(products: ProductsService, query: AdminProductsQuery) {
  const { fields, ...options } = parseProductsQuery(query);
  const page = await products.list(options);
  return { products: page.products.map((p) => project(p, fields, options.relations)), count: page.count, offset: options.offset, limit: options.limit };
}

/** GET /admin/products/:id: `expand` and `fields` (id always comes). */
async function retrieveProduct(products: ProductsService, id: string, query: { expand?: string; fields?: string }) {
  const relations = parseExpand(query.expand, PRODUCT_RELATIONS) ?? ADMIN_PRODUCT_RELATIONS;
  const fields = parseFields(query.fields, productColumns, ["id"]);
  return project(await products.retrieve(id, relations), fields, relations);
}

export function productRoutes(app: App, products: ProductsService) {
  app.get(
    "/admin/products",
    { schema: { tags, summary: "List products", querystring: AdminProductsQuery, response: { 200: ProductsListResponse } } },
    async (request) => listProducts(products, request.query),
  );

  app.get(
    "/admin/products/:id",
    { schema: { tags, summary: "Get a product", params: IdParams, querystring: RetrieveQuery, response: { 200: ProductResponse } } },
    async (request) => ({ product: await retrieveProduct(products, request.params.id, request.query) }),
  );

  app.post(
    "/admin/products",
    { schema: { tags, summary: "Create a product with variants and prices", body: CreateProductBody, response: { 200: ProductResponse } } },
    async (request) => ({ product: await products.create(request.body) }),
  );

  app.post(
    "/admin/products/:id",
    { schema: { tags, summary: "Update a product", params: IdParams, body: UpdateProductBody, response: { 200: ProductResponse } } },
    async (request) => ({ product: await products.update(request.params.id, request.body) }),
  );

  app.delete(
    "/admin/products/:id",
    { schema: { tags, summary: "Delete a product, its variants and their prices", params: IdParams, response: { 200: ProductDeleteResponse } } },
    async (request) => {
      await products.delete(request.params.id);
      return { id: request.params.id, object: "product" as const, deleted: true as const };
    },
  );

  app.post(
    "/admin/products/:id/variants",
    { schema: { tags, summary: "Add a variant", params: IdParams, body: CreateVariantBody, response: { 200: ProductResponse } } },
    async (request) => ({ product: await products.addVariant(request.params.id, request.body) }),
  );

  app.post(
    "/admin/products/:id/variants/:variant_id",
    { schema: { tags, summary: "Update a variant", params: VariantParams, body: UpdateVariantBody, response: { 200: ProductResponse } } },
    async (request) => ({ product: await products.updateVariant(request.params.id, request.params.variant_id, request.body) }),
  );

  app.delete(
    "/admin/products/:id/variants/:variant_id",
    { schema: { tags, summary: "Delete a variant and all its prices", params: VariantParams, response: { 200: VariantDeleteResponse } } },
    async (request) => ({
      variant_id: request.params.variant_id,
      object: "product-variant" as const,
      deleted: true as const,
      product: await products.deleteVariant(request.params.id, request.params.variant_id),
    }),
  );
}
