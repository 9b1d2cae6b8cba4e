/**
 * The columns of a ProductVariant as v1 serialises a variant created with
 * only a title, sku and prices: what every exact variant expectation shares.
 */
export const DEFAULT_VARIANT_COLUMNS = {
  barcode: null,
  ean: null,
  upc: null,
  variant_rank: 0,
  inventory_quantity: 0,
  allow_backorder: false,
  manage_inventory: true,
  hs_code: null,
  origin_country: null,
  mid_code: null,
  material: null,
  weight: null,
  length: null,
  height: null,
  width: null,
  metadata: null,
} as const;
