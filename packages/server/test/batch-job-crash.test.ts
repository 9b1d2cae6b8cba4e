import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { buildApp } from "../src/app.js";
import { openDb, type DbHandle } from "../src/db/database.js";
import { migrate } from "../src/db/migrate.js";
import { UsersRepository } from "../src/modules/users/users.repository.js";
import { UsersService } from "../src/modules/users/users.service.js";
import { confirmJob, createJob, getJob, uploadCsv } from "./batch-job-helpers.js";
import { memberIds } from "./factories.js";
import { openTestDb, testConfig, usingPostgres, type TestApp, type TestDb } from "./harness.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const CHILD = path.join(here, "fixtures", "import-crash-child.ts");

function runChild(env: Record<string, string>): Promise<{ signal: NodeJS.Signals | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD], { env: { ...process.env, ...env }, cwd: path.resolve(here, "..") });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("close", (_code, signal) => resolve({ signal, output }));
  });
}

/** An app over `db` with a fresh admin, as a restarted instance would be (runner driven by the test). */
async function appOn(db: DbHandle, leaseMs: number, testDb?: TestDb): Promise<TestApp> {
  const config = testConfig();
  const app = await buildApp({ config, db, batchJobs: { run: false, leaseMs } });
  await app.ready();
  const token = `crash_${Math.random().toString(36).slice(2)}`;
  const user = await new UsersService(db.db, new UsersRepository(db.db), config).create({ email: `${token}@cohort.test`, password: "supersecret", role: "admin", api_token: token });
  return {
    app,
    db,
    testDb: testDb!,
    config,
    admin: { id: user.id, email: user.email, password: "supersecret", token, headers: { "x-medusa-access-token": token } },
    close: () => app.close(),
  };
}

describe("an import whose server is killed while applying it", { timeout: 180_000 }, () => {
  it("leaves nothing half-applied, and the restarted server resumes and completes it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cohort-crash-"));
    const dataDir = path.join(dir, "data");
    let testDb: TestDb | undefined;
    const open = async (): Promise<DbHandle> => {
      if (usingPostgres) return (testDb ??= await openTestDb()).handle;
      const db = await openDb({ ...testConfig(), databaseUrl: undefined }, { dataDir });
      await migrate(db.db);
      return db;
    };
    try {
      // 1. Before: a dry run, confirmed, on a database that outlives the process.
      let db = await open();
      let t = await appOn(db, 300, testDb);
      const n = 3000;
      await sql`INSERT INTO customer (id, email) SELECT 'cus_crash' || lpad(i::text, 6, '0'), 'crash' || i || '@example.com' FROM generate_series(1, ${n}::int) i`.execute(db.db);
      const groupId = (await t.app.inject({ method: "POST", url: "/admin/customer-groups", headers: t.admin.headers, payload: { name: "crash" } })).json().customer_group.id as string;
      const csv = `email\n${Array.from({ length: n }, (_, i) => `crash${i + 1}@example.com`).join("\n")}\n`;
      const fileKey = await uploadCsv(t, csv);
      const job = await createJob(t, { type: "customer-group-import", context: { fileKey, customer_group_id: groupId }, dry_run: true });
      await t.app.batchJobs.tick();
      expect((await getJob(t, job.id)).result!.stats).toMatchObject({ to_add: n });
      await confirmJob(t, job.id);
      await t.close();
      if (!usingPostgres) await db.close(); // the PGlite folder is one process's at a time

      // 2. Another process claims the job, writes every membership, and is killed before its commit.
      const child = await runChild(usingPostgres ? { CRASH_SCHEMA: testDb!.schema! } : { CRASH_DATA_DIR: dataDir, DATABASE_URL: "" });
      expect(child.signal, child.output).toBe("SIGKILL");
      expect(child.output).toContain("applied, killing myself before the commit");

      // 3. Restarted: nothing of the apply is there; the job waits for its lease to run out.
      db = usingPostgres ? db : await open();
      t = await appOn(db, 300, testDb);
      try {
        const after = await getJob(t, job.id);
        expect(after.status).toBe("processing");
        expect(await memberIds(db.db, groupId)).toEqual([]);
        // 4. The lease of the dead instance runs out; the next tick resumes and completes it.
        let done = after;
        for (let i = 0; i < 100 && done.status === "processing"; i++) {
          await t.app.batchJobs.tick();
          done = await getJob(t, job.id);
          if (done.status === "processing") await new Promise((r) => setTimeout(r, 100));
        }
        expect(done.status).toBe("completed");
        expect(done.result!.applied).toMatchObject({ added: n, members_before: 0, members_after: n });
        expect((await memberIds(db.db, groupId)).length).toBe(n);
      } finally {
        await t.close();
        if (!usingPostgres) await db.close();
      }
    } finally {
      await testDb?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
