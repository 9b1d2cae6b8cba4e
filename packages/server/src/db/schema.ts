import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
export type Metadata = Record<string, unknown> | null;
type Json = ColumnType<Metadata, string | null | undefined, string | null>;

interface Timestamps {
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: NullableTimestamp;
}

export interface CurrencyTable {
  code: string;
  symbol: string;
  symbol_native: string;
  name: string;
}

export interface UserTable extends Timestamps {
  id: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
  password_hash: string | null;
  api_token: string | null;
  role: Generated<"admin" | "member" | "developer">;
  metadata: Json;
}

export interface SessionTable {
  sid: string;
  user_id: string | null;
  customer_id: string | null;
  expires_at: Timestamp;
  created_at: Timestamp;
}

export interface AuthThrottleTable {
  key: string;
  failures: number;
  window_started_at: Timestamp;
}

export interface CustomerTable extends Timestamps {
  id: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
  billing_address_id: string | null;
  password_hash: string | null;
  phone: string | null;
  has_account: Generated<boolean>;
  metadata: Json;
}

export interface AddressTable extends Timestamps {
  id: string;
  customer_id: string | null;
  company: string | null;
  first_name: string | null;
  last_name: string | null;
  address_1: string | null;
  address_2: string | null;
  city: string | null;
  country_code: string | null;
  province: string | null;
  postal_code: string | null;
  phone: string | null;
  metadata: Json;
}

export interface CustomerGroupTable extends Timestamps {
  id: string;
  name: string;
  metadata: Json;
}

export interface CustomerGroupCustomersTable {
  customer_group_id: string;
  customer_id: string;
  /** The customer's created_at, kept by triggers (migration 0002) for the members-page index. */
  customer_created_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** The membership counts from this time (inclusive); null: from the start (migration 0014). */
  starts_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** The membership counts until this time (exclusive); null: for ever (migration 0014). */
  expires_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface RegionTable extends Timestamps {
  id: string;
  name: string;
  currency_code: string;
  tax_rate: Generated<number>;
  tax_code: string | null;
  gift_cards_taxable: Generated<boolean>;
  automatic_taxes: Generated<boolean>;
  includes_tax: Generated<boolean>;
  countries: Generated<string[]>;
  payment_providers: Generated<string[]>;
  fulfillment_providers: Generated<string[]>;
  metadata: Json;
}

export type ProductStatus = "draft" | "proposed" | "published" | "rejected";

export interface ProductTable extends Timestamps {
  id: string;
  title: string;
  subtitle: string | null;
  description: string | null;
  handle: string | null;
  is_giftcard: Generated<boolean>;
  status: Generated<ProductStatus>;
  thumbnail: string | null;
  weight: number | null;
  length: number | null;
  height: number | null;
  width: number | null;
  hs_code: string | null;
  origin_country: string | null;
  mid_code: string | null;
  material: string | null;
  collection_id: string | null;
  type_id: string | null;
  discountable: Generated<boolean>;
  external_id: string | null;
  metadata: Json;
}

export interface ProductVariantTable extends Timestamps {
  id: string;
  title: string;
  product_id: string;
  sku: string | null;
  barcode: string | null;
  ean: string | null;
  upc: string | null;
  variant_rank: Generated<number>;
  inventory_quantity: Generated<number>;
  allow_backorder: Generated<boolean>;
  manage_inventory: Generated<boolean>;
  hs_code: string | null;
  origin_country: string | null;
  mid_code: string | null;
  material: string | null;
  weight: number | null;
  length: number | null;
  height: number | null;
  width: number | null;
  metadata: Json;
}

export interface PriceListTable extends Timestamps {
  id: string;
  name: string;
  description: string;
  type: Generated<"sale" | "override">;
  status: Generated<"active" | "draft">;
  starts_at: NullableTimestamp;
  ends_at: NullableTimestamp;
}

export interface PriceListCustomerGroupsTable {
  price_list_id: string;
  customer_group_id: string;
}

export interface MoneyAmountTable extends Timestamps {
  id: string;
  currency_code: string;
  amount: number;
  min_quantity: number | null;
  max_quantity: number | null;
  price_list_id: string | null;
  region_id: string | null;
  variant_id: string;
}

/** Members per group, kept by statement-level triggers (migration 0006). */
export interface CustomerGroupMemberCountTable {
  customer_group_id: string;
  n: number;
}

/** One-row counters kept by statement-level triggers (migration 0006): 'customer_groups' = live groups. */
export interface SetupTokenTable {
  token_hash: string;
  created_at: Generated<Date>;
  expires_at: Date;
}

export interface CohortCounterTable {
  name: string;
  n: number;
}

/** Price lists without any customer group, kept by triggers (migration 0007). */
export interface PriceListWithoutGroupsTable {
  price_list_id: string;
}

/** Live (not soft-deleted) products per status, kept by statement-level triggers (migration 0007). */
export interface ProductLiveCountTable {
  status: string;
  n: number;
}

export interface DB {
  currency: CurrencyTable;
  user: UserTable;
  session: SessionTable;
  auth_throttle: AuthThrottleTable;
  customer: CustomerTable;
  address: AddressTable;
  customer_group: CustomerGroupTable;
  customer_group_customers: CustomerGroupCustomersTable;
  customer_group_member_count: CustomerGroupMemberCountTable;
  cohort_counter: CohortCounterTable;
  cohort_setup_token: SetupTokenTable;
  region: RegionTable;
  product: ProductTable;
  product_variant: ProductVariantTable;
  price_list: PriceListTable;
  price_list_customer_groups: PriceListCustomerGroupsTable;
  money_amount: MoneyAmountTable;
  price_list_without_groups: PriceListWithoutGroupsTable;
  product_live_count: ProductLiveCountTable;
}

export type UserRow = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
export type CustomerRow = Selectable<CustomerTable>;
export type CustomerGroupRow = Selectable<CustomerGroupTable>;
export type RegionRow = Selectable<RegionTable>;
export type ProductRow = Selectable<ProductTable>;
export type ProductVariantRow = Selectable<ProductVariantTable>;
export type PriceListRow = Selectable<PriceListTable>;
export type MoneyAmountRow = Selectable<MoneyAmountTable>;
