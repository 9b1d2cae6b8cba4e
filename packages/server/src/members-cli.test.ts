import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGroup, insertCustomers, memberIds, tag } from "../test/factories.js";
import { createTestApp, type TestApp } from "../test/harness.js";
import { parseCommand, UsageError } from "./commands.js";
import { CliFailure, exportMembers, importMembers, type MembersIo } from "./members-cli.js";

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
  return { url, token: t.admin.token, stdout, stderr, pollMs: 20, out: () => out, err: () => err, ...extra };
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
    await expect(importMembers(importCmd(file, group.id, ["--yes"]), io({ token: "wrong" }))).rejects.toThrow(/refused the API token/);
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
