import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmJob, createJob, download, getJob, runJobs, uploadCsv } from "../../../test/batch-job-helpers.js";
import { addMembers, createGroup, insertCustomers, memberIds, tag } from "../../../test/factories.js";
import { createTestApp, usingPostgres, type TestApp } from "../../../test/harness.js";
import { UploadStore } from "../uploads/upload-store.js";
import { BatchJobsRepository } from "./batch-jobs.repository.js";
import { BatchJobsService } from "./batch-jobs.service.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** Customers with distinct, test-unique emails: [ids, emails]. */
async function customers(n: number): Promise<[string[], string[]]> {
  const emails = Array.from({ length: n }, () => `${tag("m")}@example.com`);
  return [await insertCustomers(t.db.db, emails.map((email) => ({ email }))), emails];
}

async function importJob(csv: string, context: Record<string, unknown>, dryRun = true) {
  const fileKey = await uploadCsv(t, csv);
  const job = await createJob(t, { type: "customer-group-import", context: { fileKey, ...context }, dry_run: dryRun });
  return runJobs(t, job.id);
}

describe("customer-group-import: dry run", () => {
  it("classifies every row, changes nothing, and confirm applies exactly what it showed", async () => {
    const group = await createGroup(t);
    const [ids, emails] = await customers(4);
    await addMembers(t, group.id, [ids[0]!]);
    const csv = [
      "\uFEFFEmail;First_Name",
      `${emails[0]!.toUpperCase()};Ann`, // already a member (case-insensitive)
      `  ${emails[1]}  ;Bob`, // trimmed
      `"${emails[2]}";"Smith; Jr"`, // quoted
      "nobody@example.com;X", // unknown
      `${emails[1]};dup`, // duplicate of line 3
      "not-an-email;Y", // malformed
      ";", // empty
      `${emails[3]};Dee`,
    ].join("\r\n");
    const job = await importJob(csv, { customer_group_id: group.id });
    expect(job.status).toBe("pre_processed");
    expect(job.pre_processed_at).toEqual(expect.any(String));
    expect(job.result!.stats).toEqual({
      rows: 8,
      matched: 4,
      to_add: 3,
      already_members: 1,
      to_remove: 0,
      not_members: 0,
      to_create: 0,
      unknown: 1,
      duplicates: 1,
      malformed: 2,
    });
    expect(job.result!.unknown_examples).toEqual([{ line: 5, value: "nobody@example.com" }]);
    expect(job.result!.stat_descriptors).toEqual([{ key: "customer-group-import-count", name: "Customer group members", message: expect.stringContaining("3 to add") }]);
    expect(await memberIds(t.db.db, group.id)).toEqual([ids[0]]);

    const report = await download(t, job.result!.report_file_key as string);
    expect(report.split("\r\n")).toEqual([
      "line,value,reason",
      "5,nobody@example.com,no customer has this email",
      `6,${emails[1]},duplicate of line 3`,
      "7,not-an-email,not an email address",
      "8,,empty email",
      "",
    ]);

    const confirmed = await confirmJob(t, job.id);
    expect(confirmed.status).toBe("confirmed");
    const done = await runJobs(t, job.id);
    expect(done.status).toBe("completed");
    expect(done.result!.applied).toEqual({ added: 3, removed: 0, created: 0, members_before: 1, members_after: 4 });
    expect(await memberIds(t.db.db, group.id)).toEqual([...ids].sort());
    expect(await t.db.db.selectFrom("cohort_import_row").select("line").where("job_id", "=", job.id).execute()).toEqual([]);
  });

  it("runs straight through without a confirm when dry_run is false, LF and commas", async () => {
    const group = await createGroup(t);
    const [ids, emails] = await customers(2);
    const job = await importJob(`email\n${emails[0]}\n${emails[1]}\n`, { customer_group_id: group.id }, false);
    expect(job.status).toBe("completed");
    expect(job.confirmed_at).toEqual(expect.any(String));
    expect(job.completed_at).toEqual(expect.any(String));
    expect(await memberIds(t.db.db, group.id)).toEqual([...ids].sort());
  });

  it("matches by id, and removes with mode remove", async () => {
    const group = await createGroup(t);
    const [ids] = await customers(3);
    await addMembers(t, group.id, ids);
    const job = await importJob(`id\n${ids[0]}\n${ids[1]}\ncus_nope\n`, { customer_group_id: group.id, match_by: "id", mode: "remove" }, false);
    expect(job.status).toBe("completed");
    expect(job.result!.stats).toMatchObject({ rows: 3, matched: 2, to_remove: 2, unknown: 1 });
    expect(await memberIds(t.db.db, group.id)).toEqual([ids[2]]);
  });

  it("replace removes exactly the members the dry run listed, and adds the rest", async () => {
    const group = await createGroup(t);
    const [ids, emails] = await customers(4);
    await addMembers(t, group.id, [ids[0]!, ids[1]!]);
    const job = await importJob(`email\n${emails[1]}\n${emails[2]}\n`, { customer_group_id: group.id, mode: "replace" });
    expect(job.result!.stats).toMatchObject({ matched: 2, to_add: 1, already_members: 1, to_remove: 1 });
    // A member added after the dry run is not in its list, so confirm keeps it.
    await addMembers(t, group.id, [ids[3]!]);
    await confirmJob(t, job.id);
    const done = await runJobs(t, job.id);
    expect(done.status).toBe("completed");
    expect(await memberIds(t.db.db, group.id)).toEqual([ids[1]!, ids[2]!, ids[3]!].sort());
  });

  it("creates missing customers with create_missing_customers", async () => {
    const group = await createGroup(t);
    const email = `${tag("new")}@Example.com`;
    const job = await importJob(`email,first_name,last_name\n${email},New,Person\n`, { customer_group_id: group.id, create_missing_customers: true }, false);
    expect(job.status).toBe("completed");
    expect(job.result!.stats).toMatchObject({ to_add: 1, to_create: 1, unknown: 0 });
    const created = await t.db.db.selectFrom("customer").selectAll().where("email", "=", email.toLowerCase()).executeTakeFirstOrThrow();
    expect(created).toMatchObject({ first_name: "New", last_name: "Person", has_account: false });
    expect(await memberIds(t.db.db, group.id)).toEqual([created.id]);

    // The audit trail says who did it and how: the job's creator, through an import.
    const res = await t.app.inject({ method: "GET", url: `/admin/events?customer_id=${created.id}`, headers: t.admin.headers });
    const events = res.json().events as Array<{ type: string; actor: unknown; source: string; data: Record<string, unknown> }>;
    expect(events.map((e) => e.type)).toEqual(["customer_group.customers_added", "customer.created"]);
    for (const e of events) expect(e).toMatchObject({ actor: { type: "user", id: t.admin.id }, source: "import" });
    expect(events[0]!.data).toEqual({ customer_group_id: group.id, customer_ids: [created.id] });
    expect(events[1]!.data).toMatchObject({ id: created.id, email: email.toLowerCase(), first_name: "New", last_name: "Person", has_account: false });
    expect(events[1]!.data).not.toHaveProperty("password_hash");
  });
});

describe("customer-group-import: bad files", () => {
  it("strict mode fails on any bad row, with the report, and changes nothing", async () => {
    const group = await createGroup(t);
    const [, emails] = await customers(1);
    const job = await importJob(`email\n${emails[0]}\nunknown@example.com\n`, { customer_group_id: group.id, strict: true }, false);
    expect(job.status).toBe("failed");
    expect(job.failed_at).toEqual(expect.any(String));
    expect(job.result!.errors![0]!.message).toMatch(/^Strict import: 1 row is unknown, duplicated or malformed, so nothing was changed/);
    expect(job.result!.stats).toMatchObject({ unknown: 1, to_add: 1 });
    expect(await download(t, job.result!.report_file_key as string)).toContain("3,unknown@example.com,no customer has this email");
    expect(await memberIds(t.db.db, group.id)).toEqual([]);
  });

  it("fails a file without an email column with a clear message", async () => {
    const group = await createGroup(t);
    const job = await importJob("name,phone\nAnn,123\n", { customer_group_id: group.id });
    expect(job.status).toBe("failed");
    expect(job.result!.errors![0]!.message).toBe('The file has no email column: its header row must name a column "email" (found: "name", "phone").');
  });

  it("says which column to use when the file has the other one", async () => {
    const group = await createGroup(t);
    const job = await importJob("id\ncus_1\n", { customer_group_id: group.id });
    expect(job.result!.errors![0]!.message).toContain("It has an id column: use match_by id.");
  });

  it("fails an empty file clearly, and reports a broken CSV record as a malformed row", async () => {
    const group = await createGroup(t);
    const empty = await importJob("", { customer_group_id: group.id });
    expect(empty.status).toBe("failed");
    expect(empty.result!.errors![0]!.message).toMatch(/^The file is empty/);
    const broken = await importJob('email\nok@example.com\n"a@example.com\n', { customer_group_id: group.id });
    expect(broken.status).toBe("pre_processed");
    expect(broken.result!.stats).toMatchObject({ rows: 2, unknown: 1, malformed: 1 });
    const report = await download(t, broken.result!.report_file_key as string);
    expect(report).toMatch(/\r\n3,.*not valid CSV: Quote Not Closed/);
  });

  it("fails a binary file with a clear message, not a crash", async () => {
    const group = await createGroup(t);
    const bytes = Buffer.alloc(200_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 131 + 7) % 256;
    const fileKey = await uploadCsv(t, bytes, "photo.png");
    const job = await createJob(t, { type: "customer-group-import", context: { fileKey, customer_group_id: group.id }, dry_run: false });
    const done = await runJobs(t, job.id);
    expect(done.status).toBe("failed");
    expect(done.result!.errors![0]!.message).toMatch(/^(The file has no email column|The file could not be read as CSV)/);
    expect(await memberIds(t.db.db, group.id)).toEqual([]);
  });

  it("refuses a bad context with 400/404 before any job exists", async () => {
    const group = await createGroup(t);
    const fileKey = await uploadCsv(t, "email\n");
    const post = (context: Record<string, unknown>) =>
      t.app.inject({ method: "POST", url: "/admin/batch-jobs", headers: t.admin.headers, payload: { type: "customer-group-import", context, dry_run: true } });
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ customer_group_id: group.id }, 400, "context.fileKey must be a string (the key of an upload)"],
      [{ fileKey, customer_group_id: group.id, mode: "merge" }, 400, "context.mode must be one of add, remove, replace"],
      [{ fileKey, customer_group_id: group.id, match_by: "id", create_missing_customers: true }, 400, "context.create_missing_customers needs match_by email"],
      [{ fileKey, customer_group_id: group.id, extra: 1 }, 400, "property context.extra should not exist"],
      [{ fileKey: "upl_nope", customer_group_id: group.id }, 404, "File with key upl_nope was not found"],
      [{ fileKey, customer_group_id: "cgrp_nope" }, 404, "CustomerGroup with id cgrp_nope was not found"],
    ];
    for (const [context, status, message] of cases) {
      const res = await post(context);
      expect(res.statusCode, message).toBe(status);
      expect(res.json().message).toBe(message);
    }
    const badType = await t.app.inject({ method: "POST", url: "/admin/batch-jobs", headers: t.admin.headers, payload: { type: "product-import", context: {} } });
    expect(badType.statusCode).toBe(400);
    expect(badType.json()).toEqual({ type: "invalid_data", message: "type must be one of customer-group-import, customer-group-export" });
  });
});

describe("customer-group-import: interrupted apply", () => {
  it("rolls back a failed apply entirely and completes it on the next attempt", async () => {
    let fail = true;
    const faulty = await createTestApp({}, {
      batchJobs: {
        beforeCommit: async () => {
          if (fail) throw new Error("simulated crash before commit");
        },
      },
    });
    try {
      const group = await createGroup(faulty);
      const emails = Array.from({ length: 30 }, () => `${tag("m")}@example.com`);
      const ids = await insertCustomers(faulty.db.db, emails.map((email) => ({ email })));
      const fileKey = await uploadCsv(faulty, `email\n${emails.join("\n")}\n`);
      const job = await createJob(faulty, { type: "customer-group-import", context: { fileKey, customer_group_id: group.id }, dry_run: true });
      await faulty.app.batchJobs.tick();
      await confirmJob(faulty, job.id);
      expect(await faulty.app.batchJobs.tick()).toBe(true);
      const interrupted = await getJob(faulty, job.id);
      expect(interrupted.status).toBe("processing");
      expect(await memberIds(faulty.db.db, group.id)).toEqual([]);
      fail = false;
      const done = await runJobs(faulty, job.id);
      expect(done.status).toBe("completed");
      expect(await memberIds(faulty.db.db, group.id)).toEqual([...ids].sort());
    } finally {
      await faulty.close();
    }
  });

  it("fails a job clearly once it was interrupted more than maxAttempts times", async () => {
    const faulty = await createTestApp({}, { batchJobs: { maxAttempts: 2, beforeCommit: async () => Promise.reject(new Error("boom")) } });
    try {
      const group = await createGroup(faulty);
      const [id] = await insertCustomers(faulty.db.db, [{ email: `${tag("m")}@example.com` }]);
      const fileKey = await uploadCsv(faulty, `id\n${id}\n`);
      const job = await createJob(faulty, { type: "customer-group-import", context: { fileKey, customer_group_id: group.id, match_by: "id" } });
      const failed = await runJobs(faulty, job.id);
      expect(failed.status).toBe("failed");
      expect(failed.result!.errors![0]!.message).toMatch(/^The job was interrupted 2 times/);
      expect(await memberIds(faulty.db.db, group.id)).toEqual([]);
    } finally {
      await faulty.close();
    }
  });

  // PostgreSQL only: on PGlite (one connection) the cancel request waits for the apply's
  // transaction, and then finds the job completed.
  it.skipIf(!usingPostgres)("a cancel that lands while the import is applied rolls it back", async () => {
    let cancel: (() => Promise<unknown>) | undefined;
    const app = await createTestApp({}, { batchJobs: { beforeCommit: async () => void (await cancel?.()) } });
    try {
      const group = await createGroup(app);
      const [id] = await insertCustomers(app.db.db, [{ email: `${tag("m")}@example.com` }]);
      const fileKey = await uploadCsv(app, `id\n${id}\n`);
      const job = await createJob(app, { type: "customer-group-import", context: { fileKey, customer_group_id: group.id, match_by: "id" }, dry_run: true });
      await runJobs(app, job.id);
      await confirmJob(app, job.id);
      cancel = () => app.app.inject({ method: "POST", url: `/admin/batch-jobs/${job.id}/cancel`, headers: app.admin.headers });
      await app.app.batchJobs.tick();
      expect((await getJob(app, job.id)).status).toBe("canceled");
      expect(await memberIds(app.db.db, group.id)).toEqual([]);
    } finally {
      await app.close();
    }
  });
});

describe("housekeeping (the background sweep)", () => {
  const sweep = (now = new Date()) => new BatchJobsService(new BatchJobsRepository(t.db.db), t.app.batchJobs).sweep(now, 7);
  const staged = async (jobId: string) =>
    Number((await sql<{ n: string }>`SELECT count(*) AS n FROM cohort_import_row WHERE job_id = ${jobId}`.execute(t.db.db)).rows[0]!.n);

  it("cancels a dry run left unconfirmed for IMPORT_DRY_RUN_DAYS and drops its staged rows; a newer one waits", async () => {
    const group = await createGroup(t);
    const [, emails] = await customers(2);
    const old = await importJob(`email\n${emails[0]}\n`, { customer_group_id: group.id });
    const fresh = await importJob(`email\n${emails[1]}\n`, { customer_group_id: group.id });
    expect([old.status, fresh.status]).toEqual(["pre_processed", "pre_processed"]);
    await sql`UPDATE batch_job SET pre_processed_at = now() - interval '7 days 1 minute' WHERE id = ${old.id}`.execute(t.db.db);
    expect(await staged(old.id)).toBe(1);

    expect(await sweep()).toBe(true);
    const canceled = await getJob(t, old.id);
    expect(canceled.status).toBe("canceled");
    expect(canceled.canceled_at).toEqual(expect.any(String));
    expect(canceled.result!.canceled_reason).toBe("Not confirmed within 7 days of its dry run (IMPORT_DRY_RUN_DAYS); nothing was applied");
    expect(canceled.result!.stats).toMatchObject({ rows: 1, to_add: 1 }); // what the dry run found stays readable
    expect(await staged(old.id)).toBe(0);
    expect((await getJob(t, fresh.id)).status).toBe("pre_processed");
    expect(await staged(fresh.id)).toBe(1);
    const confirm = await t.app.inject({ method: "POST", url: `/admin/batch-jobs/${old.id}/confirm`, headers: t.admin.headers });
    expect(confirm.statusCode).toBe(400);
    expect(await memberIds(t.db.db, group.id)).toEqual([]);
  });

  it("drops the staged rows a finished import left behind (a crash between its commit and its cleanup)", async () => {
    const group = await createGroup(t);
    const [ids, emails] = await customers(1);
    const job = await importJob(`email\n${emails[0]}\n`, { customer_group_id: group.id });
    await confirmJob(t, job.id);
    expect((await runJobs(t, job.id)).status).toBe("completed");
    await sql`INSERT INTO cohort_import_row (job_id, line, value, norm, outcome) VALUES (${job.id}, 2, 'x', 'x', 'add')`.execute(t.db.db);
    await sweep();
    expect(await staged(job.id)).toBe(0);
    expect(await memberIds(t.db.db, group.id)).toEqual(ids);
  });

  it("deletes uploads a writer left incomplete for a day, and keeps complete ones", async () => {
    const store = new UploadStore(t.db.db);
    const crashed = await store.create({ filename: "crashed.csv" });
    await crashed.write("email\n");
    const recent = await store.create({ filename: "in-progress.csv" });
    const done = await uploadCsv(t, "email\n");
    await sql`UPDATE cohort_upload SET created_at = now() - interval '25 hours' WHERE key IN (${crashed.key}, ${done})`.execute(t.db.db);
    await store.sweepIncomplete();
    const keys = (await sql<{ key: string }>`SELECT key FROM cohort_upload WHERE key IN (${crashed.key}, ${recent.key}, ${done})`.execute(t.db.db)).rows.map((r) => r.key);
    expect(keys.sort()).toEqual([recent.key, done].sort());
  });
});
