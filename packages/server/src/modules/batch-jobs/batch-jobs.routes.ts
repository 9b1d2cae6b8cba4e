import type { App } from "../../http/types.js";
import { parseDateFilter, parseOrder } from "../../http/list-params.js";
import { BatchJobResponse, BatchJobsListResponse, CreateBatchJobBody, IdParams, ListBatchJobsQuery } from "@cohort/contract";
import type { BatchJobFilter } from "./batch-jobs.repository.js";
import type { BatchJobListOptions, BatchJobsService } from "./batch-jobs.service.js";

const tags = ["Batch Jobs"];

const ORDER_COLUMNS = ["id", "type", "status", "created_at", "updated_at", "completed_at"] as const;
const DATE_FILTERS = ["created_at", "updated_at", "pre_processed_at", "confirmed_at", "completed_at", "failed_at", "canceled_at"] as const;

function parseBatchJobsQuery(query: ListBatchJobsQuery): BatchJobListOptions {
  const order = parseOrder(query.order, ORDER_COLUMNS, { column: "created_at", direction: "desc" });
  const filter: BatchJobFilter = {
    ids: query.id,
    types: query.type,
    statuses: query.status,
    dates: DATE_FILTERS.flatMap((column) => parseDateFilter(query[column]).map(([op, date]) => [column, op, date] as BatchJobFilter["dates"][number])),
  };
  return { filter, order, offset: query.offset, limit: query.limit };
}

export function batchJobRoutes(app: App, jobs: BatchJobsService) {
  app.post(
    "/admin/batch-jobs",
    {
      schema: {
        tags,
        summary: "Create a batch job (customer-group-import, customer-group-export); it runs in the background",
        body: CreateBatchJobBody,
        response: { 201: BatchJobResponse },
      },
    },
    async (request, reply) => reply.status(201).send({ batch_job: await jobs.create(request.body, request.user?.id ?? null) }),
  );

  app.get(
    "/admin/batch-jobs",
    { schema: { tags, summary: "List batch jobs, newest first", querystring: ListBatchJobsQuery, response: { 200: BatchJobsListResponse } } },
    async (request) => jobs.list(parseBatchJobsQuery(request.query)),
  );

  app.get(
    "/admin/batch-jobs/:id",
    { schema: { tags, summary: "Retrieve a batch job (status, progress in result)", params: IdParams, response: { 200: BatchJobResponse } } },
    async (request) => ({ batch_job: await jobs.retrieve(request.params.id) }),
  );

  app.post(
    "/admin/batch-jobs/:id/confirm",
    { schema: { tags, summary: "Confirm a dry run (pre_processed): the job applies exactly what it reported", params: IdParams, response: { 200: BatchJobResponse } } },
    async (request) => ({ batch_job: await jobs.confirm(request.params.id) }),
  );

  app.post(
    "/admin/batch-jobs/:id/cancel",
    { schema: { tags, summary: "Cancel a batch job that has not finished (nothing of it is applied)", params: IdParams, response: { 200: BatchJobResponse } } },
    async (request) => ({ batch_job: await jobs.cancel(request.params.id) }),
  );
}
