import type * as S from "@cohort/contract";
import { withQuery } from "../../query.js";
import type { CustomHeaders, Query, Req, Res, ResponsePromise } from "../../types.js";
import { BaseResource, seg } from "../base.js";

export type Product = Res<typeof S.Product>;
export type ProductVariant = Res<typeof S.ProductVariant>;
export type MoneyAmount = Res<typeof S.MoneyAmount>;
export type AdminPostProductsReq = Req<typeof S.CreateProductBody>;
export type AdminPostProductsProductReq = Req<typeof S.UpdateProductBody>;
export type AdminPostProductsProductVariantsReq = Req<typeof S.CreateVariantBody>;
export type AdminPostProductsProductVariantsVariantReq = Req<typeof S.UpdateVariantBody>;
export type AdminGetProductsParams = Query<typeof S.AdminProductsQuery>;
export type AdminProductsRes = Res<typeof S.ProductResponse>;
export type AdminProductsListRes = Res<typeof S.ProductsListResponse>;
export type AdminProductsDeleteRes = Res<typeof S.ProductDeleteResponse>;
export type AdminProductsDeleteVariantRes = Res<typeof S.VariantDeleteResponse>;

/** `/admin/products` and the variant routes Cohort serves. */
export class AdminProductsResource extends BaseResource {
  /** POST /admin/products/ (medusa-js's trailing slash kept). */
  create(payload: AdminPostProductsReq, customHeaders: CustomHeaders = {}): ResponsePromise<AdminProductsRes> {
    return this.client.request("POST", "/admin/products/", payload, {}, customHeaders);
  }

  retrieve(id: string, customHeaders: CustomHeaders = {}): ResponsePromise<AdminProductsRes> {
    return this.client.request("GET", `/admin/products/${seg(id)}`, undefined, {}, customHeaders);
  }

  update(id: string, payload: AdminPostProductsProductReq, customHeaders: CustomHeaders = {}): ResponsePromise<AdminProductsRes> {
    return this.client.request("POST", `/admin/products/${seg(id)}`, payload, {}, customHeaders);
  }

  /** Deletes the product, its variants and their prices (price-list prices included). */
  delete(id: string, customHeaders: CustomHeaders = {}): ResponsePromise<AdminProductsDeleteRes> {
    return this.client.request("DELETE", `/admin/products/${seg(id)}`, undefined, {}, customHeaders);
  }

  list(query?: AdminGetProductsParams, customHeaders: CustomHeaders = {}): ResponsePromise<AdminProductsListRes> {
    return this.client.request("GET", withQuery("/admin/products", query), undefined, {}, customHeaders);
  }

  createVariant(id: string, payload: AdminPostProductsProductVariantsReq, customHeaders: CustomHeaders = {}): ResponsePromise<AdminProductsRes> {
    return this.client.request("POST", `/admin/products/${seg(id)}/variants`, payload, {}, customHeaders);
  }

  updateVariant(
    id: string,
    variantId: string,
    payload: AdminPostProductsProductVariantsVariantReq,
    customHeaders: CustomHeaders = {},
  ): ResponsePromise<AdminProductsRes> {
    return this.client.request("POST", `/admin/products/${seg(id)}/variants/${seg(variantId)}`, payload, {}, customHeaders);
  }

  /** Deletes the variant and all its prices, price-list prices included. */
  deleteVariant(id: string, variantId: string, customHeaders: CustomHeaders = {}): ResponsePromise<AdminProductsDeleteVariantRes> {
    return this.client.request("DELETE", `/admin/products/${seg(id)}/variants/${seg(variantId)}`, undefined, {}, customHeaders);
  }
}
