import { Type, type Static } from "@sinclair/typebox";
import { DateComparison, listQuery, listResponse, NullableDateTime, NullableString, StringEnum, Timestamps } from "./common.js";

export const BATCH_JOB_TYPES = ["customer-group-import", "customer-group-export"] as const;
export type BatchJobType = (typeof BATCH_JOB_TYPES)[number];
export const BATCH_JOB_STATUSES = ["created", "pre_processed", "confirmed", "processing", "completed", "canceled", "failed"] as const;

const JsonObject = Type.Unsafe<Record<string, unknown>>({ type: "object", additionalProperties: true });
const NullableJsonObject = Type.Unsafe<Record<string, unknown> | null>({ type: ["object", "null"], additionalProperties: true });

/** v1's BatchJob. */
export const BatchJob = Type.Object({
  id: Type.String({ description: "`batch_` followed by a ULID" }),
  type: Type.String(),
  status: StringEnum(BATCH_JOB_STATUSES),
  created_by: NullableString,
  context: JsonObject,
  dry_run: Type.Boolean(),
  result: NullableJsonObject,
  pre_processed_at: NullableDateTime,
  processing_at: NullableDateTime,
  confirmed_at: NullableDateTime,
  completed_at: NullableDateTime,
  canceled_at: NullableDateTime,
  failed_at: NullableDateTime,
  ...Timestamps,
});
export type BatchJob = Static<typeof BatchJob>;

export const BatchJobResponse = Type.Object({ batch_job: BatchJob });

export const BatchJobsListResponse = listResponse("batch_jobs", BatchJob);

export const CreateBatchJobBody = Type.Object(
  {
    type: Type.String({ description: "`customer-group-import` or `customer-group-export`" }),
    context: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: "The job's input; see docs/batch-jobs.md" })),
    dry_run: Type.Optional(Type.Boolean({ description: "Stop after pre-processing (status pre_processed) until confirmed", default: false })),
  },
  { additionalProperties: false },
);
export type CreateBatchJobBody = Static<typeof CreateBatchJobBody>;

const StringOrArray = Type.Array(Type.String(), { description: "`type[]=a&type[]=b`" });

export const ListBatchJobsQuery = listQuery(10, {
  id: Type.Optional(StringOrArray),
  type: Type.Optional(StringOrArray),
  status: Type.Optional(StringOrArray),
  created_at: Type.Optional(DateComparison),
  updated_at: Type.Optional(DateComparison),
  pre_processed_at: Type.Optional(DateComparison),
  confirmed_at: Type.Optional(DateComparison),
  completed_at: Type.Optional(DateComparison),
  failed_at: Type.Optional(DateComparison),
  canceled_at: Type.Optional(DateComparison),
});
export type ListBatchJobsQuery = Static<typeof ListBatchJobsQuery>;

/** A customer-group-import's context, with its defaults applied. */
export interface ImportContext {
  fileKey: string;
  customer_group_id: string;
  match_by: "email" | "id";
  mode: "add" | "remove" | "replace";
  create_missing_customers: boolean;
  strict: boolean;
}

export interface ExportContext {
  customer_group_id: string;
}
