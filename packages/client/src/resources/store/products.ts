import type * as S from "@cohort/contract";
import type { Client } from "../../client.js";
import { withQuery } from "../../query.js";
import type { CustomHeaders, Query, Res, ResponsePromise } from "../../types.js";
import { BaseResource, seg } from "../base.js";

export type StoreGetProductsParams = Query<typeof S.StoreProductsQuery>;
export type StoreGetVariantsParams = Query<typeof S.StoreVariantsQuery>;
export type StoreProductsRes = Res<typeof S.ProductResponse>;
export type StoreProductsListRes = Res<typeof S.ProductsListResponse>;
export type StoreVariantsRes = Res<typeof S.VariantResponse>;
export type StoreVariantsListRes = Res<typeof S.VariantsResponse>;

/** `/store/variants`: variants with the shopper's prices. */
export class ProductVariantsResource extends BaseResource {
  /** GET /store/variants/:id — as medusa-js, no query (so no region or currency). */
  retrieve(id: string, customHeaders: CustomHeaders = {}): ResponsePromise<StoreVariantsRes> {
    return this.client.request("GET", `/store/variants/${seg(id)}`, undefined, {}, customHeaders);
  }

  list(query?: StoreGetVariantsParams, customHeaders: CustomHeaders = {}): ResponsePromise<StoreVariantsListRes> {
    return this.client.request("GET", withQuery("/store/variants", query), undefined, {}, customHeaders);
  }
}

/** `/store/products`: published products with prices for the shopper (group prices included). */
export class ProductsResource extends BaseResource {
  readonly variants: ProductVariantsResource;

  constructor(client: Client) {
    super(client);
    this.variants = new ProductVariantsResource(client);
  }

  /** GET /store/products/:id — as medusa-js, no query: use `list({ id, region_id })` for prices in a region. */
  retrieve(id: string, customHeaders: CustomHeaders = {}): ResponsePromise<StoreProductsRes> {
    return this.client.request("GET", `/store/products/${seg(id)}`, undefined, {}, customHeaders);
  }

  /** GET /store/products?query — `region_id` or `currency_code` select the prices. */
  list(query?: StoreGetProductsParams, customHeaders: CustomHeaders = {}): ResponsePromise<StoreProductsListRes> {
    return this.client.request("GET", withQuery("/store/products", query), undefined, {}, customHeaders);
  }
}
