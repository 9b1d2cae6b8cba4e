import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJob, download, runJobs, uploadCsv } from "../../../test/batch-job-helpers.js";
import { addMembers, createGroup, insertCustomers } from "../../../test/factories.js";
import { createTestApp, type TestApp } from "../../../test/harness.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const JOB_KEYS = [
  "id", "type", "status", "created_by", "context", "dry_run", "result", "pre_processed_at", "processing_at", "confirmed_at",
  "completed_at", "canceled_at", "failed_at", "created_at", "updated_at", "deleted_at",
].sort();

describe("POST /admin/batch-jobs", () => {
  it("answers 201 with v1's batch job, created_by the user, context with its defaults", async () => {
    const group = await createGroup(t);
    const fileKey = await uploadCsv(t, "email\n");
    const job = await createJob(t, { type: "customer-group-import", context: { fileKey, customer_group_id: group.id }, dry_run: true });
    expect(Object.keys(job).sort()).toEqual(JOB_KEYS);
    expect(job).toMatchObject({
      id: expect.stringMatching(/^batch_[0-9A-Z]{26}$/),
      type: "customer-group-import",
      status: "created",
      created_by: t.admin.id,
      dry_run: true,
      result: null,
      context: { fileKey, customer_group_id: group.id, match_by: "email", mode: "add", create_missing_customers: false, strict: false },
    });
  });

  it("refuses an unknown property with v1's message", async () => {
    const res = await t.app.inject({ method: "POST", url: "/admin/batch-jobs", headers: t.admin.headers, payload: { type: "customer-group-export", foo: 1 } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ type: "invalid_data", message: "property foo should not exist" });
  });
});

describe("POST /admin/batch-jobs/:id/confirm and /cancel", () => {
  it("confirms only a pre_processed job, cancels an unfinished one, and never a finished one", async () => {
    const group = await createGroup(t);
    const fileKey = await uploadCsv(t, "email\nsomeone@example.com\n");
    const job = await createJob(t, { type: "customer-group-import", context: { fileKey, customer_group_id: group.id }, dry_run: true });
    const early = await t.app.inject({ method: "POST", url: `/admin/batch-jobs/${job.id}/confirm`, headers: t.admin.headers });
    expect(early.statusCode).toBe(400);
    expect(early.json()).toEqual({ type: "not_allowed", message: "Cannot confirm a batch job with status created: only a pre_processed job (a finished dry run) can be confirmed" });
    await runJobs(t, job.id);
    expect(await t.db.db.selectFrom("cohort_import_row").select("line").where("job_id", "=", job.id).execute()).toEqual([{ line: 2 }]);
    const canceled = await t.app.inject({ method: "POST", url: `/admin/batch-jobs/${job.id}/cancel`, headers: t.admin.headers });
    expect(canceled.statusCode).toBe(200);
    expect(canceled.json().batch_job).toMatchObject({ status: "canceled", canceled_at: expect.any(String) });
    expect(await t.app.batchJobs.tick()).toBe(false);
    // Its staged rows are dropped (in the background: poll, bounded).
    for (let i = 0; i < 50; i++) {
      const left = await t.db.db.selectFrom("cohort_import_row").select("line").where("job_id", "=", job.id).execute();
      if (left.length === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await t.db.db.selectFrom("cohort_import_row").select("line").where("job_id", "=", job.id).execute()).toEqual([]);
    const again = await t.app.inject({ method: "POST", url: `/admin/batch-jobs/${job.id}/cancel`, headers: t.admin.headers });
    expect(again.statusCode).toBe(400);
    expect(again.json().message).toBe("Cannot cancel a batch job with status canceled");
  });

  it("answers 404 for an unknown job", async () => {
    for (const url of ["/admin/batch-jobs/batch_nope", "/admin/batch-jobs/batch_nope/confirm", "/admin/batch-jobs/batch_nope/cancel"]) {
      const res = await t.app.inject({ method: url.endsWith("nope") ? "GET" : "POST", url, headers: t.admin.headers });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ type: "not_found", message: "Batch job with id batch_nope was not found" });
    }
  });
});

describe("GET /admin/batch-jobs", () => {
  it("lists newest first, 10 by default, filtered by type[] and status[]", async () => {
    const group = await createGroup(t);
    const made: string[] = [];
    for (let i = 0; i < 3; i++) made.push((await createJob(t, { type: "customer-group-export", context: { customer_group_id: group.id }, dry_run: true })).id);
    const res = await t.app.inject({ method: "GET", url: "/admin/batch-jobs?type[]=customer-group-export&status[]=created", headers: t.admin.headers });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ offset: 0, limit: 10 });
    expect(body.batch_jobs.map((j: { id: string }) => j.id).slice(0, 3)).toEqual([...made].reverse());
    const none = await t.app.inject({ method: "GET", url: "/admin/batch-jobs?status[]=failed&type[]=customer-group-export", headers: t.admin.headers });
    expect(none.json().batch_jobs.every((j: { status: string }) => j.status === "failed")).toBe(true);
    const bad = await t.app.inject({ method: "GET", url: "/admin/batch-jobs?created_at[gt]=yesterday", headers: t.admin.headers });
    expect(bad.statusCode).toBe(400);
    await runJobs(t, made[0]!);
  });
});

describe("customer-group-export", () => {
  it("writes the members as CSV under result.file_key, paged", async () => {
    const group = await createGroup(t);
    const ids = await insertCustomers(t.db.db, [
      { email: "a@example.com", first_name: "Ann", last_name: 'O"Neil, Jr', created_at: new Date("2024-01-01T00:00:00Z") },
      { email: "b@example.com", has_account: true, created_at: new Date("2024-02-01T00:00:00Z") },
    ]);
    await addMembers(t, group.id, ids);
    const job = await createJob(t, { type: "customer-group-export", context: { customer_group_id: group.id } });
    const done = await runJobs(t, job.id);
    expect(done.status).toBe("completed");
    expect(done.result).toMatchObject({ count: 2, advancement_count: 2, file_key: expect.stringMatching(/^upl_/) });
    const lines = (await download(t, done.result!.file_key as string)).split("\r\n");
    expect(lines[0]).toBe("id,email,first_name,last_name,has_account,joined_at");
    expect(lines[1]).toMatch(new RegExp(`^${ids[1]},b@example.com,,,true,\\d{4}-\\d\\d-\\d\\dT`));
    expect(lines[2]).toMatch(new RegExp(`^${ids[0]},a@example.com,Ann,"O""Neil, Jr",false,`));
    expect(lines).toHaveLength(4);
  });
});
