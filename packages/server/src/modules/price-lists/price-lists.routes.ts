import { changeContextOf } from "../../http/change-context.js";
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
  ProductsListResponse,
  UpdatePriceListBody,
} from "@cohort/contract";
import type { PriceListsService } from "./price-lists.service.js";
import { addPricesRules, createPriceListRules, deletePricesRules, listPriceListsRules, updatePriceListRules } from "./price-lists.validation.js";

const tags = ["Price Lists"];

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
    async (request) => priceLists.list(request.query),
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
    async (request) => priceLists.listProducts(request.params.id, request.query),
  );
}
