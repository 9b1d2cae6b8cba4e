import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, browserTestsEnabled, describeViolations, launchBrowser, watchConsole, type Browser } from "./browser.js";
import { signIn, startCohort, type LiveCohort } from "./cohort.js";

/**
 * A merchant loads a group from a spreadsheet: the dry run shows what would happen (matches,
 * an unknown email with its line, a duplicate) and changes nothing; Apply adds exactly those
 * members; the export gives them back as CSV.
 */
describe.runIf(browserTestsEnabled())("member import and export in the console", () => {
  let cohort: LiveCohort;
  let browser: Browser;
  let page: Page;
  let watched: ReturnType<typeof watchConsole>;
  let groupId: string;
  const ids: string[] = [];
  let csv: string;

  beforeAll(async () => {
    [cohort, browser] = await Promise.all([startCohort({ batchJobs: true }), launchBrowser()]);
    for (const [email, first_name] of [["ada@example.com", "Ada"], ["grace@example.com", "Grace"], ["alan@example.com", "Alan"]] as const) {
      ids.push((await cohort.api("POST", "/admin/customers", { email, first_name, last_name: "Test", password: "pw-123456" })).body.customer.id);
    }
    groupId = (await cohort.api("POST", "/admin/customer-groups", { name: "Wholesale" })).body.customer_group.id;
    await cohort.api("POST", `/admin/customer-groups/${groupId}/customers/batch`, { customer_ids: [{ id: ids[2] }] });
    csv = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cohort-import-")), "wholesale.csv");
    // Line 2 a match, 3 already a member, 4 unknown, 5 a duplicate of line 2 (other case), 6 a match.
    fs.writeFileSync(csv, "\uFEFFemail;first_name\r\nADA@example.com ;Ada\r\nalan@example.com;Alan\r\nnobody@example.com;No\r\nada@example.com;Ada\r\ngrace@example.com;Grace\r\n");
    page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    watched = watchConsole(page);
    await signIn(page, cohort);
  });
  afterAll(async () => {
    await browser?.close();
    await cohort?.close();
  });

  const members = async () => ((await cohort.api("GET", `/admin/customer-groups/${groupId}/customers?limit=50`)).body.customers as Array<{ id: string }>).map((c) => c.id).sort();

  it("previews an import with a dry run, changes nothing until Apply, then adds exactly the matches", async () => {
    await page.goto(`${cohort.baseUrl}/app/customer-groups/${groupId}`);
    await page.getByRole("heading", { name: "Wholesale", level: 1 }).waitFor();
    await page.getByRole("button", { name: "Import CSV" }).click();
    const drawer = page.getByRole("dialog");
    await drawer.getByLabel("CSV file").setInputFiles(csv);
    await drawer.getByRole("button", { name: "Check file" }).click();

    await drawer.getByText("The file has 5 rows. Nothing has changed yet.").waitFor();
    const count = async (label: string) => (await drawer.getByRole("row").filter({ hasText: label }).getByRole("cell").last().textContent())?.trim();
    expect(await count("To add")).toBe("2");
    expect(await count("Already members")).toBe("1");
    expect(await count("Unknown (skipped)")).toBe("1");
    expect(await count("Duplicates in the file (skipped)")).toBe("1");
    await drawer.getByText("Line 4: nobody@example.com").waitFor();
    await drawer.getByRole("button", { name: "Download the rejected rows (CSV)" }).waitFor();
    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    expect(await members()).toEqual([ids[2]].sort());

    await drawer.getByRole("button", { name: "Apply" }).click();
    await drawer.getByText("Added 2, removed 0.").waitFor();
    expect(await members()).toEqual([...ids].sort());
    await drawer.getByRole("button", { name: "Close" }).last().click();
    await page.locator("#main").getByText("3 customers", { exact: true }).waitFor();
  });

  it("exports the members as CSV", async () => {
    await page.getByRole("button", { name: "Export CSV" }).click();
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download the export" }).click();
    const file = await (await download).path();
    const lines = fs.readFileSync(file, "utf8").trim().split(/\r?\n/);
    expect(lines[0]).toBe("id,email,first_name,last_name,has_account,joined_at");
    expect(lines.slice(1).map((l) => l.split(",")[0]).sort()).toEqual([...ids].sort());
  });

  it("printed no errors", () => {
    expect(watched.errors).toEqual([]);
    for (const line of watched.failedLoads) expect(line, watched.failedLoads.join("\n")).toMatch(/status of 401 .*\/admin\/auth\)$/);
  });
});
