import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Cohort from "@cohort/client";
import { createCustomer, createGroup } from "../../server/test/factories.js";
import { startCohort, type LiveCohort } from "./cohort-server.js";

let t: LiveCohort;
let cohort: Cohort;
beforeAll(async () => {
  t = await startCohort();
  cohort = new Cohort({ baseUrl: t.baseUrl, apiKey: t.admin.token });
});
afterAll(() => t.close());

describe("admin.uploads and admin.batchJobs", () => {
  it("uploads a CSV from Node, runs an import's dry run, confirms it, and downloads the export", async () => {
    const customer = await createCustomer(t, { last_name: "L" });
    const { email } = customer;
    const group = await createGroup(t);
    const { uploads } = await cohort.admin.uploads.create(new File([`email\n${email.toUpperCase()}\n`], "members.csv", { type: "text/csv" }));
    expect(uploads[0]!.key).toMatch(/^upl_/);

    const { batch_job } = await cohort.admin.batchJobs.create({ type: "customer-group-import", context: { fileKey: uploads[0]!.key, customer_group_id: group.id }, dry_run: true });
    expect(batch_job.status).toBe("created");
    await t.app.batchJobs.drain();
    const dry = (await cohort.admin.batchJobs.retrieve(batch_job.id)).batch_job;
    expect(dry.status).toBe("pre_processed");
    expect(dry.result).toMatchObject({ stats: { to_add: 1 } });
    expect((await cohort.admin.batchJobs.confirm(batch_job.id)).batch_job.status).toBe("confirmed");
    await t.app.batchJobs.drain();
    expect((await cohort.admin.batchJobs.retrieve(batch_job.id)).batch_job.status).toBe("completed");

    const exp = (await cohort.admin.batchJobs.create({ type: "customer-group-export", context: { customer_group_id: group.id } })).batch_job;
    await t.app.batchJobs.drain();
    const done = (await cohort.admin.batchJobs.list({ type: ["customer-group-export"], status: ["completed"] })).batch_jobs.find((j) => j.id === exp.id)!;
    const { download_url } = await cohort.admin.uploads.getPresignedDownloadUrl({ file_key: done.result!.file_key as string });
    const csv = await (await fetch(download_url, { headers: { "x-medusa-access-token": t.admin.token } })).text();
    expect(csv.split("\r\n")[1]).toMatch(new RegExp(`^${customer.id},${email},Ada,L,true,`));
    expect((await cohort.admin.uploads.delete({ file_key: done.result!.file_key as string })).deleted).toBe(true);
  });
});
