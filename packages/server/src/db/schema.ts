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
  /** When the membership was made (migration 0012); null for older ones. */
  joined_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
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

type JsonValue = ColumnType<unknown, string, string>;

export interface EventTable {
  id: string;
  type: string;
  created_at: Generated<Date>;
  data: JsonValue;
  actor: JsonValue;
  source: string;
  request_id: string | null;
  customer_group_id: string | null;
  customer_ids: string[] | null;
  price_list_id: string | null;
}

export interface WebhookTable {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  secret: string;
  enabled: Generated<boolean>;
  failing_since: NullableTimestamp;
  disabled_at: NullableTimestamp;
  locked_until: NullableTimestamp;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface WebhookDeliveryTable {
  id: string;
  webhook_id: string;
  event_id: string;
  status: Generated<"pending" | "succeeded" | "failed">;
  attempts: Generated<number>;
  next_attempt_at: NullableTimestamp;
  last_attempt_at: NullableTimestamp;
  response_status: number | null;
  response_body: string | null;
  error: string | null;
  created_at: Generated<Date>;
}

export interface MembershipExpiryEventTable {
  customer_group_id: string;
  customer_id: string;
  expires_at: Timestamp;
  created_at: Generated<Date>;
}

export interface PriceListScheduleEventTable {
  price_list_id: string;
  kind: "activated" | "expired";
  boundary: Timestamp;
  event_id: string;
}

export interface UploadTable {
  key: string;
  filename: string;
  mime_type: string | null;
  size: Generated<number>;
  complete: Generated<boolean>;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface UploadChunkTable {
  upload_key: string;
  seq: number;
  data: Buffer;
}

export type BatchJobStatus = "created" | "pre_processed" | "confirmed" | "processing" | "completed" | "canceled" | "failed";
type JsonObject = ColumnType<Record<string, unknown>, string | undefined, string>;
type NullableJsonObject = ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;

export interface BatchJobTable extends Timestamps {
  id: string;
  type: string;
  status: Generated<BatchJobStatus>;
  created_by: string | null;
  context: JsonObject;
  result: NullableJsonObject;
  dry_run: Generated<boolean>;
  pre_processed_at: NullableTimestamp;
  confirmed_at: NullableTimestamp;
  processing_at: NullableTimestamp;
  completed_at: NullableTimestamp;
  failed_at: NullableTimestamp;
  canceled_at: NullableTimestamp;
  claimed_by: string | null;
  claimed_until: NullableTimestamp;
  attempts: Generated<number>;
}

export interface ImportRowTable {
  job_id: string;
  line: number;
  value: string;
  norm: string;
  first_name: string | null;
  last_name: string | null;
  customer_id: string | null;
  outcome: string | null;
  reason: string | null;
}

export interface ImportRemovalTable {
  job_id: string;
  customer_id: string;
}

export interface DB {
  event: EventTable;
  webhook: WebhookTable;
  webhook_delivery: WebhookDeliveryTable;
  price_list_schedule_event: PriceListScheduleEventTable;
  membership_expiry_event: MembershipExpiryEventTable;
  cohort_upload: UploadTable;
  cohort_upload_chunk: UploadChunkTable;
  batch_job: BatchJobTable;
  cohort_import_row: ImportRowTable;
  cohort_import_removal: ImportRemovalTable;
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
export type EventRow = Selectable<EventTable>;
export type WebhookRow = Selectable<WebhookTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveryTable>;
export type BatchJobRow = Selectable<BatchJobTable>;
