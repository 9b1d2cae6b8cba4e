import type * as S from "@cohort/contract";
import { withQuery } from "../../query.js";
import type { CustomHeaders, Query, Req, Res, ResponsePromise } from "../../types.js";
import { BaseResource, seg } from "../base.js";

export type PriceList = Res<typeof S.PriceList>;
export type PriceListPrice = Res<typeof S.PriceListPrice>;
export type AdminPostPriceListsPriceListReq = Req<typeof S.CreatePriceListBody>;
export type AdminPostPriceListsPriceListPriceListReq = Req<typeof S.UpdatePriceListBody>;
export type AdminPostPriceListPricesPricesReq = Req<typeof S.AddPricesBody>;
export type AdminDeletePriceListPricesPricesReq = Req<typeof S.DeletePricesBody>;
export type AdminDeletePriceListsPriceListProductsPricesBatchReq = Req<typeof S.DeleteProductsPricesBody>;
export type AdminGetPriceListPaginationParams = Query<typeof S.ListPriceListsQuery>;
export type AdminGetPriceListsPriceListProductsParams = Query<typeof S.PriceListProductsQuery>;
export type AdminPriceListsProductsListRes = Res<typeof S.ProductsListResponse>;
export type AdminPriceListRes = Res<typeof S.PriceListResponse>;
export type AdminPriceListsListRes = Res<typeof S.PriceListsResponse>;
export type AdminPriceListDeleteRes = Res<typeof S.PriceListDeleteResponse>;
/** `{ ids, object: "money-amount", deleted: true }` of every price delete. */
export type AdminPriceListDeleteBatchRes = Res<typeof S.MoneyAmountsDeleteResponse>;
export type AdminPriceListDeleteProductPricesRes = AdminPriceListDeleteBatchRes;
export type AdminPriceListDeleteVariantPricesRes = AdminPriceListDeleteBatchRes;
export type PriceListImpact = Res<typeof S.PriceListImpact>;
export type PriceListConflict = Res<typeof S.PriceListConflict>;
export type AdminGetPriceListImpactParams = { at?: string | Date };
export type AdminGetPriceListConflictsParams = Query<typeof S.ConflictsQuery>;
export type AdminPriceListImpactRes = Res<typeof S.ImpactResponse>;
export type AdminPriceListConflictsRes = Res<typeof S.ConflictsResponse>;

/** `/admin/price-lists`. */
export class AdminPriceListResource extends BaseResource {
  create(payload: AdminPostPriceListsPriceListReq, customHeaders: CustomHeaders = {}): ResponsePromise<AdminPriceListRes> {
    return this.client.request("POST", "/admin/price-lists", payload, {}, customHeaders);
  }

  update(id: string, payload: AdminPostPriceListsPriceListPriceListReq, customHeaders: CustomHeaders = {}): ResponsePromise<AdminPriceListRes> {
    return this.client.request("POST", `/admin/price-lists/${seg(id)}`, payload, {}, customHeaders);
  }

  delete(id: string, customHeaders: CustomHeaders = {}): ResponsePromise<AdminPriceListDeleteRes> {
    return this.client.request("DELETE", `/admin/price-lists/${seg(id)}`, undefined, {}, customHeaders);
  }

  retrieve(id: string, customHeaders: CustomHeaders = {}): ResponsePromise<AdminPriceListRes> {
    return this.client.request("GET", `/admin/price-lists/${seg(id)}`, undefined, {}, customHeaders);
  }

  /** GET /admin/price-lists?query (medusa-js asks for `/admin/price-lists/` without a query). */
  list(query?: AdminGetPriceListPaginationParams, customHeaders: CustomHeaders = {}): ResponsePromise<AdminPriceListsListRes> {
    const path = query ? withQuery("/admin/price-lists", query) : "/admin/price-lists/";
    return this.client.request("GET", path, undefined, {}, customHeaders);
  }

  /** GET /admin/price-lists/:id/products — products with a price in the list; their variants show plain prices and this list's. */
  listProducts(
    id: string,
    query?: AdminGetPriceListsPriceListProductsParams,
    customHeaders: CustomHeaders = {},
  ): ResponsePromise<AdminPriceListsProductsListRes> {
    return this.client.request("GET", withQuery(`/admin/price-lists/${seg(id)}/products`, query), undefined, {}, customHeaders);
  }

  /** POST /admin/price-lists/:id/prices/batch — `override: true` replaces every other price of the list. */
  addPrices(id: string, payload: AdminPostPriceListPricesPricesReq, customHeaders: CustomHeaders = {}): ResponsePromise<AdminPriceListRes> {
    return this.client.request("POST", `/admin/price-lists/${seg(id)}/prices/batch`, payload, {}, customHeaders);
  }

  deletePrices(id: string, payload: AdminDeletePriceListPricesPricesReq, customHeaders: CustomHeaders = {}): ResponsePromise<AdminPriceListDeleteBatchRes> {
    return this.client.request("DELETE", `/admin/price-lists/${seg(id)}/prices/batch`, payload, {}, customHeaders);
  }

  deleteProductPrices(priceListId: string, productId: string, customHeaders: CustomHeaders = {}): ResponsePromise<AdminPriceListDeleteProductPricesRes> {
    return this.client.request("DELETE", `/admin/price-lists/${seg(priceListId)}/products/${seg(productId)}/prices`, undefined, {}, customHeaders);
  }

  deleteVariantPrices(priceListId: string, variantId: string, customHeaders: CustomHeaders = {}): ResponsePromise<AdminPriceListDeleteVariantPricesRes> {
    return this.client.request("DELETE", `/admin/price-lists/${seg(priceListId)}/variants/${seg(variantId)}/prices`, undefined, {}, customHeaders);
  }

  deleteProductsPrices(
    priceListId: string,
    payload: AdminDeletePriceListsPriceListProductsPricesBatchReq,
    customHeaders: CustomHeaders = {},
  ): ResponsePromise<AdminPriceListDeleteProductPricesRes> {
    return this.client.request("DELETE", `/admin/price-lists/${seg(priceListId)}/products/prices/batch`, payload, {}, customHeaders);
  }

  /** GET /admin/price-lists/:id/impact — who the list reaches, where it wins, savings and mistakes (Cohort only). */
  impact(id: string, query?: AdminGetPriceListImpactParams, customHeaders: CustomHeaders = {}): ResponsePromise<AdminPriceListImpactRes> {
    return this.client.request("GET", withQuery(`/admin/price-lists/${seg(id)}/impact`, query), undefined, {}, customHeaders);
  }

  /** GET /admin/price-lists/:id/conflicts — other active lists pricing the same thing differently for a shared customer (Cohort only). */
  conflicts(id: string, query?: AdminGetPriceListConflictsParams, customHeaders: CustomHeaders = {}): ResponsePromise<AdminPriceListConflictsRes> {
    return this.client.request("GET", withQuery(`/admin/price-lists/${seg(id)}/conflicts`, query), undefined, {}, customHeaders);
  }
}
