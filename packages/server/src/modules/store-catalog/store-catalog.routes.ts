import type { FastifyRequest } from "fastify";
import { customerIdOf } from "../../http/auth.js";
import type { App } from "../../http/types.js";
import {
  IdParams,
  ProductResponse,
  ProductsListResponse,
  StoreProductQuery,
  StoreProductsQuery,
  StoreVariantQuery,
  StoreVariantsQuery,
  VariantResponse,
  VariantsResponse,
} from "@cohort/contract";
import type { StoreCatalogService } from "./store-catalog.service.js";
import type { storeResponder } from "./store-response-cache.js";

const tags = ["Store catalogue"];

export function storeCatalogRoutes(
  app: App,
  catalog: StoreCatalogService,
  respond: ReturnType<typeof storeResponder>,
) {
  const shopper = (request: FastifyRequest) => customerIdOf(request);

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
    async (request, reply) => respond(request, reply, shopper(request), () => catalog.listProducts(request.query, shopper(request))),
  );

  app.get(
    "/store/products/:id",
    { schema: { tags, summary: "Get a product, priced for the shopper", params: IdParams, querystring: StoreProductQuery, response: { 200: ProductResponse } } },
    async (request, reply) =>
      respond(request, reply, shopper(request), () => catalog.retrieveProduct(request.params.id, request.query, shopper(request))),
  );

  app.get(
    "/store/variants",
    { schema: { tags, summary: "List variants, priced for the shopper", querystring: StoreVariantsQuery, response: { 200: VariantsResponse } } },
    async (request) => ({ variants: await catalog.listVariants(request.query, shopper(request)) }),
  );

  app.get(
    "/store/variants/:id",
    { schema: { tags, summary: "Get a variant, priced for the shopper", params: IdParams, querystring: StoreVariantQuery, response: { 200: VariantResponse } } },
    async (request) => ({ variant: await catalog.retrieveVariant(request.params.id, request.query, shopper(request)) }),
  );
}
