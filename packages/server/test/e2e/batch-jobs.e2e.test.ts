import type { AddressInfo } from "node:net";
import * as medusaJs from "@medusajs/medusa-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGroup, insertCustomers, memberIds, tag } from "../factories.js";
import { createTestApp, type TestApp } from "../harness.js";

// A member import driven end to end by the official client's admin.batchJobs, against a
// listening Cohort whose runner works in the background (as in production). The upload is
// done with fetch + FormData: medusa-js 6.1.10's admin.uploads.create cannot send in Node
// (its axios 0.24 refuses a FormData body before any request is made; the last test
// records that), while in a browser it works.

type MedusaClass = typeof medusaJs.default.default;
const loaded = medusaJs.default as unknown as MedusaClass | { default: MedusaClass };
const Medusa: MedusaClass = "default" in loaded ? loaded.default : loaded;

let t: TestApp;
let baseUrl: string;
let medusa: InstanceType<MedusaClass>;

beforeAll(async () => {
  t = await createTestApp({}, { batchJobs: { run: true, pollMs: 50 } });
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  medusa = new Medusa({ baseUrl, maxRetries: 0, apiKey: t.admin.token });
});
afterAll(() => t.close());

type Job = { id: string; status: string; result: Record<string, any> | null };

/** Polls until the job leaves the given statuses (bounded: 200 polls). */
async function waitWhile(id: string, statuses: string[]): Promise<Job> {
  for (let i = 0; i < 200; i++) {
    const { batch_job } = (await medusa.admin.batchJobs.retrieve(id)) as unknown as { batch_job: Job };
    if (!statuses.includes(batch_job.status)) return batch_job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`batch job ${id} still ${statuses.join("/")} after 200 polls`);
}

async function upload(csv: string): Promise<string> {
  const form = new FormData();
  form.append("files", new Blob([csv], { type: "text/csv" }), "members.csv");
  const res = await fetch(`${baseUrl}/admin/uploads`, { method: "POST", headers: { "x-medusa-access-token": t.admin.token }, body: form });
  expect(res.status).toBe(200);
  const { uploads } = (await res.json()) as { uploads: Array<{ key: string; url: string }> };
  return uploads[0]!.key;
}

describe("member import with @medusajs/medusa-js admin.batchJobs", () => {
  it("create (dry run) → retrieve → confirm → completed; confirm does what the dry run said", async () => {
    const group = await createGroup(t);
    const emails = Array.from({ length: 5 }, () => `${tag("e2e")}@example.com`);
    const ids = await insertCustomers(t.db.db, emails.map((email) => ({ email })));
    const fileKey = await upload(`email\r\n${emails.join("\r\n")}\r\nghost@example.com\r\n${emails[0]}\r\n`);

    const { batch_job: created } = (await medusa.admin.batchJobs.create({
      type: "customer-group-import",
      context: { fileKey, customer_group_id: group.id },
      dry_run: true,
    })) as unknown as { batch_job: Job };
    expect(created.status).toBe("created");

    const dry = await waitWhile(created.id, ["created"]);
    expect(dry.status).toBe("pre_processed");
    expect(dry.result!.stats).toMatchObject({ rows: 7, matched: 5, to_add: 5, unknown: 1, duplicates: 1 });
    expect(await memberIds(t.db.db, group.id)).toEqual([]);

    const { batch_job: confirmed } = (await medusa.admin.batchJobs.confirm(created.id)) as unknown as { batch_job: Job };
    expect(["confirmed", "processing", "completed"]).toContain(confirmed.status);
    const done = await waitWhile(created.id, ["confirmed", "processing"]);
    expect(done.status).toBe("completed");
    expect(done.result!.applied).toMatchObject({ added: dry.result!.stats.to_add, members_after: 5 });
    expect(await memberIds(t.db.db, group.id)).toEqual([...ids].sort());

    const { batch_jobs } = (await medusa.admin.batchJobs.list({ type: ["customer-group-import"] } as never)) as unknown as { batch_jobs: Job[] };
    expect(batch_jobs.map((j) => j.id)).toContain(created.id);
  });

  it("cancel through the client stops a dry run from being applied", async () => {
    const group = await createGroup(t);
    const fileKey = await upload("email\nsomeone@example.com\n");
    const { batch_job } = (await medusa.admin.batchJobs.create({ type: "customer-group-import", context: { fileKey, customer_group_id: group.id }, dry_run: true })) as unknown as { batch_job: Job };
    await waitWhile(batch_job.id, ["created"]);
    const { batch_job: canceled } = (await medusa.admin.batchJobs.cancel(batch_job.id)) as unknown as { batch_job: Job };
    expect(canceled.status).toBe("canceled");
  });

  it("admin.uploads.getPresignedDownloadUrl and delete work; admin.uploads.create cannot send from Node", async () => {
    const fileKey = await upload("email\n");
    const { download_url } = (await medusa.admin.uploads.getPresignedDownloadUrl({ file_key: fileKey })) as unknown as { download_url: string };
    const file = await fetch(download_url, { headers: { "x-medusa-access-token": t.admin.token } });
    expect(await file.text()).toBe("email\n");
    await medusa.admin.uploads.delete({ file_key: fileKey });
    expect((await fetch(download_url, { headers: { "x-medusa-access-token": t.admin.token } })).status).toBe(404);
    const attempt = await medusa.admin.uploads.create(new Blob(["email\n"]) as never).then(
      () => "ok",
      (err: { response?: { status: number }; message?: string }) => err.response?.status ?? `client error: ${err.message}`,
    );
    expect(attempt).toBe("client error: Data after transformation must be a string, an ArrayBuffer, a Buffer, or a Stream");
  });
});
