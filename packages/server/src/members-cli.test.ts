import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGroup, insertCustomers, memberIds, tag } from "../test/factories.js";
import { createTestApp, type TestApp } from "../test/harness.js";
import { parseCommand, UsageError } from "./commands.js";
import { CliFailure, exportMembers, httpTransport, importMembers, type MembersIo } from "./members-cli.js";
import { injectTransport, openDirect } from "./members-direct.js";

let t: TestApp;
let url: string;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cohort-members-cli-"));

beforeAll(async () => {
  t = await createTestApp({}, { batchJobs: { run: true, pollMs: 50 } });
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function io(extra: Partial<MembersIo> = {}): MembersIo & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (d) => (out += d));
  stderr.on("data", (d) => (err += d));
  return { transport: httpTransport(url, t.admin.token), stdout, stderr, pollMs: 20, out: () => out, err: () => err, ...extra };
}

const importCmd = (file: string, group: string, args: string[] = []) => {
  const cmd = parseCommand(["import", "members", file, "--group", group, ...args]);
  if (cmd.name !== "import-members") throw new Error("not an import");
  return cmd;
};

describe("cohort import members / export members (parsing)", () => {
  it("reads the options, with defaults", () => {
    expect(parseCommand(["import", "members", "m.csv", "--group", "VIP"])).toEqual({
      name: "import-members", file: "m.csv", group: "VIP", by: "email", mode: "add", createMissing: false, strict: false, dryRun: false, yes: false, url: undefined, token: undefined,
    });
    expect(parseCommand(["export", "members", "-g", "cgrp_1", "-o", "out.csv", "--url", "http://x", "--token", "k"])).toEqual({
      name: "export-members", group: "cgrp_1", out: "out.csv", url: "http://x", token: "k",
    });
  });

  it("reads --direct and --as, which replace --url and --token", () => {
    expect(parseCommand(["import", "members", "m.csv", "-g", "VIP", "--direct", "--as", "ops@example.com", "--yes"])).toMatchObject({
      name: "import-members", direct: true, as: "ops@example.com", yes: true,
    });
    expect(parseCommand(["export", "members", "-g", "VIP", "--direct"])).toEqual({ name: "export-members", group: "VIP", out: undefined, direct: true, as: undefined });
    expect(() => parseCommand(["export", "members", "-g", "VIP", "--direct", "--token", "k"])).toThrow(new UsageError("--direct works on the database, without a server: leave out --url and --token"));
    expect(() => parseCommand(["export", "members", "-g", "VIP", "--as", "a@b.c"])).toThrow(/--as <email> goes with --direct/);
  });

  it("refuses bad usage with a clear message", () => {
    expect(() => parseCommand(["import", "members", "m.csv"])).toThrow(new UsageError("cohort import members needs --group <id|name>"));
    expect(() => parseCommand(["import", "members", "--group", "x"])).toThrow(/needs exactly one file/);
    expect(() => parseCommand(["import", "members", "m.csv", "--group", "x", "--mode", "merge"])).toThrow("--mode must be one of add, remove, replace, got merge");
    expect(() => parseCommand(["import", "groups"])).toThrow(/takes "members"/);
  });
});

describe("cohort import members (against a running server)", () => {
  it("dry-runs, prints the summary, applies with --yes, and shows progress lines off a terminal", async () => {
    const group = await createGroup(t);
    const emails = Array.from({ length: 4 }, () => `${tag("cli")}@example.com`);
    const ids = await insertCustomers(t.db.db, emails.map((email) => ({ email })));
    const file = path.join(dir, "members.csv");
    fs.writeFileSync(file, `email\n${emails.join("\n")}\nnobody@example.com\n`);
    const run = io();
    expect(await importMembers(importCmd(file, group.name, ["--yes"]), run)).toBe(0);
    expect(run.out()).toContain(`Dry run of ${file} into "${group.name}"`);
    expect(run.out()).toMatch(/to add\s+4/);
    expect(run.out()).toMatch(/unknown\s+1/);
    expect(run.out()).toContain("unknown, e.g.: line 6 nobody@example.com");
    expect(run.out()).toMatch(/per-row report: http:\/\/127\.0\.0\.1:\d+\/admin\/uploads\/files\/upl_/);
    expect(run.out()).toContain("Done: 4 added, 0 removed; the group has 4 members.");
    expect(run.err()).toContain("Uploading");
    expect(await memberIds(t.db.db, group.id)).toEqual([...ids].sort());
  });

  it("changes nothing with --dry-run, and refuses to apply without --yes when nobody can answer", async () => {
    const group = await createGroup(t);
    const [id] = await insertCustomers(t.db.db, [{ email: `${tag("cli")}@example.com` }]);
    const file = path.join(dir, "ids.csv");
    fs.writeFileSync(file, `id\n${id}\n`);
    const dry = io();
    expect(await importMembers(importCmd(file, group.id, ["--by", "id", "--dry-run"]), dry)).toBe(0);
    expect(dry.out()).toContain("Nothing was changed (--dry-run)");
    await expect(importMembers(importCmd(file, group.id, ["--by", "id"]), io())).rejects.toThrow(new CliFailure("Not applied: stdin is not a terminal, so nobody can confirm. Run again with --yes to apply without a prompt."));
    const declined = io({ ask: async () => false });
    expect(await importMembers(importCmd(file, group.id, ["--by", "id"]), declined)).toBe(1);
    expect(declined.out()).toContain("Canceled; nothing was changed.");
    expect(await memberIds(t.db.db, group.id)).toEqual([]);
  });

  it("fails with the job's message for a file without a usable column, and for an unknown group", async () => {
    const group = await createGroup(t);
    const file = path.join(dir, "bad.csv");
    fs.writeFileSync(file, "name\nAnn\n");
    await expect(importMembers(importCmd(file, group.id, ["--yes"]), io())).rejects.toThrow(/^The import failed: The file has no email column/);
    await expect(importMembers(importCmd(file, "no such group", ["--yes"]), io())).rejects.toThrow('No customer group is named "no such group"');
    await expect(importMembers(importCmd(file, group.id, ["--yes"]), io({ transport: httpTransport(url, "wrong") }))).rejects.toThrow(/refused the API token/);
  });
});

describe("cohort export members", () => {
  it("writes the group's members to a file", async () => {
    const group = await createGroup(t);
    const [id] = await insertCustomers(t.db.db, [{ email: "export-cli@example.com", first_name: "Eve" }]);
    await t.app.inject({ method: "POST", url: `/admin/customer-groups/${group.id}/customers/batch`, headers: t.admin.headers, payload: { customer_ids: [{ id }] } });
    const out = path.join(dir, "export.csv");
    const run = io();
    const cmd = parseCommand(["export", "members", "--group", group.name, "-o", out]);
    if (cmd.name !== "export-members") throw new Error("not an export");
    expect(await exportMembers(cmd, run)).toBe(0);
    const lines = fs.readFileSync(out, "utf8").split("\r\n");
    expect(lines[0]).toBe("id,email,first_name,last_name,has_account,joined_at");
    expect(lines[1]).toMatch(new RegExp(`^${id},export-cli@example.com,Eve,,false,\\d{4}-`));
    expect(run.err()).toContain(`Wrote 1 members of "${group.name}" to ${out}`);
  });
});

describe("cohort import/export members --direct (in this process, no server)", () => {
  // injectTransport is what --direct uses once it has opened the database and built the app
  // (openDirect): the same routes and jobs, reached without a socket, as an admin user.
  const direct = (extra: Partial<MembersIo> = {}) => io({ transport: injectTransport(t.app, t.config.jwtSecret, t.admin.id), ...extra });

  it("imports with the job created by that admin, and writes the per-row report next to the file", async () => {
    const group = await createGroup(t);
    const emails = Array.from({ length: 3 }, () => `${tag("direct")}@example.com`);
    const ids = await insertCustomers(t.db.db, emails.map((email) => ({ email })));
    const file = path.join(dir, "direct.csv");
    fs.writeFileSync(file, `email\n${emails.join("\n")}\nnot-an-email\nnobody-direct@example.com\n`);
    const run = direct();
    expect(await importMembers(importCmd(file, group.id, ["--yes"]), run)).toBe(0);
    expect(run.out()).toMatch(/to add\s+3/);
    expect(run.out()).toMatch(/malformed\s+1/);
    const reportFile = path.join(dir, "direct.report.csv");
    expect(run.out()).toContain(`per-row report: ${reportFile}`);
    expect(fs.readFileSync(reportFile, "utf8").split("\r\n").filter(Boolean)).toEqual([
      "line,value,reason",
      "5,not-an-email,not an email address",
      "6,nobody-direct@example.com,no customer has this email",
    ]);
    expect(run.out()).toContain("Done: 3 added, 0 removed; the group has 3 members.");
    expect(await memberIds(t.db.db, group.id)).toEqual([...ids].sort());
    const jobs = (await t.app.inject({ method: "GET", url: "/admin/batch-jobs?type[]=customer-group-import&limit=50", headers: t.admin.headers })).json().batch_jobs;
    const job = jobs.find((j: { context: { customer_group_id: string } }) => j.context.customer_group_id === group.id);
    expect(job).toMatchObject({ status: "completed", created_by: t.admin.id, dry_run: true });
  });

  it("exports through a streamed download", async () => {
    const group = await createGroup(t);
    const [id] = await insertCustomers(t.db.db, [{ email: `${tag("direct-export")}@example.com` }]);
    await t.app.inject({ method: "POST", url: `/admin/customer-groups/${group.id}/customers/batch`, headers: t.admin.headers, payload: { customer_ids: [{ id }] } });
    const out = path.join(dir, "direct-export.csv");
    const cmd = parseCommand(["export", "members", "--group", group.id, "-o", out, "--direct"]);
    if (cmd.name !== "export-members") throw new Error("not an export");
    expect(await exportMembers(cmd, direct())).toBe(0);
    const lines = fs.readFileSync(out, "utf8").split("\r\n");
    expect(lines[0]).toBe("id,email,first_name,last_name,has_account,joined_at");
    expect(lines[1]).toMatch(new RegExp(`^${id},`));
  });

  it("refuses an embedded folder that a running server holds, naming the way that works", async () => {
    const dataDir = path.join(dir, "held");
    fs.writeFileSync(`${dataDir}.lock`, String(process.ppid)); // a live process that is not this one
    await expect(openDirect({ ...t.config, databaseUrl: undefined, dataDir }, undefined)).rejects.toThrow(
      new CliFailure(
        `--direct: the embedded database at ${dataDir} is in use by a running server (process ${process.ppid}). ` +
          "Import through that server instead: leave out --direct and pass an admin API token (--token or COHORT_API_TOKEN).",
      ),
    );
  });

  // The test's PGlite database lives in memory and cannot be opened a second time.
  it.skipIf(!process.env.DATABASE_URL)("opens the configured PostgreSQL database and acts as the admin --as names", async () => {
    await expect(openDirect(t.config, "nobody-here@example.com", t.testDb.reopen)).rejects.toThrow(new CliFailure("--as nobody-here@example.com: there is no admin user with that email"));
    const group = await createGroup(t);
    const email = `${tag("open-direct")}@example.com`;
    const [id] = await insertCustomers(t.db.db, [{ email }]);
    const file = path.join(dir, "open-direct.csv");
    fs.writeFileSync(file, `email\n${email.toUpperCase()}\n`);
    const opened = await openDirect(t.config, t.admin.email.toUpperCase(), t.testDb.reopen);
    try {
      const run = io({ transport: opened.transport });
      expect(await importMembers(importCmd(file, group.name, ["--yes"]), run)).toBe(0);
      expect(run.out()).toContain("Done: 1 added, 0 removed; the group has 1 members.");
    } finally {
      await opened.close();
    }
    expect(await memberIds(t.db.db, group.id)).toEqual([id]);
  });
});
