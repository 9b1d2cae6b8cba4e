import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, browserTestsEnabled, describeViolations, launchBrowser, watchConsole, type Browser } from "./browser.js";
import { startCohort, type LiveCohort } from "./cohort.js";

/**
 * A new installation with no user: the console offers to create the first admin (the browser
 * runs on the server's machine, so no setup token is needed), signs in as them, and never
 * offers it again.
 */
describe.runIf(browserTestsEnabled())("the console's first-run screen", () => {
  let cohort: LiveCohort;
  let browser: Browser;
  let page: Page;
  let watched: ReturnType<typeof watchConsole>;

  beforeAll(async () => {
    [cohort, browser] = await Promise.all([startCohort(), launchBrowser()]);
    await cohort.db.db.deleteFrom("user").execute();
    page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
    watched = watchConsole(page);
  });
  afterAll(async () => {
    await browser?.close();
    await cohort?.close();
  });

  it("creates the first admin and signs in as them, with problems shown in place", async () => {
    await page.goto(`${cohort.baseUrl}/app/customers`);
    await page.getByRole("heading", { name: "Welcome to Cohort" }).waitFor();
    expect(await page.title()).toBe("Create the first admin · Cohort");
    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);

    await page.getByLabel("Email").fill("owner@example.com");
    await page.getByLabel("Password", { exact: true }).fill("supersecret");
    await page.getByLabel("Repeat the password").fill("supersecreT");
    await page.getByRole("button", { name: "Create admin and sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "The two passwords differ." }).waitFor();

    await page.getByLabel("Repeat the password").fill("supersecret");
    await page.getByRole("button", { name: "Create admin and sign in" }).click();
    // Signed in, and back where the user was going.
    await page.getByRole("heading", { name: "Customers", level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/app/customers");

    const users = await cohort.db.db.selectFrom("user").select(["email", "role"]).execute();
    expect(users).toEqual([{ email: "owner@example.com", role: "admin" }]);
  });

  it("shows the sign-in form, not the first-run screen, once a user exists", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in to Cohort" }).waitFor();
    await page.reload();
    await page.getByRole("heading", { name: "Sign in to Cohort" }).waitFor();
    expect(await page.getByRole("heading", { name: "Welcome to Cohort" }).count()).toBe(0);
  });

  it("printed no errors", () => {
    expect(watched.errors).toEqual([]);
    for (const line of watched.failedLoads) expect(line, watched.failedLoads.join("\n")).toMatch(/status of 401 .*\/admin\/auth\)$/);
  });
});
