import type { App } from "../../http/types.js";
import { BatchJobResponse, BatchJobsListResponse, CreateBatchJobBody, IdParams, ListBatchJobsQuery } from "@cohort/contract";
import type { BatchJobsService } from "./batch-jobs.service.js";

const tags = ["Batch Jobs"];

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
    async (request) => jobs.list(request.query),
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
