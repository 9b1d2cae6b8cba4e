import fs from "node:fs";
import type { Page } from "playwright-core";
import { createTestApp, type TestApp } from "../../../server/test/harness.js";
import { ADMIN_DIST } from "./browser.js";

export interface LiveCohort extends TestApp {
  baseUrl: string;
  /** An admin API call (API token), for setting up data and checking what the UI did. */
  api<T = any>(method: "GET" | "POST" | "DELETE", url: string, payload?: object): Promise<{ status: number; body: T }>;
}

/**
 * A listening Cohort on a fresh in-memory PGlite (also when DATABASE_URL is set: these tests
 * are about the browser, not the database), serving the console build at /app.
 */
export async function startCohort({ batchJobs = false }: { batchJobs?: boolean } = {}): Promise<LiveCohort> {
  if (!fs.existsSync(`${ADMIN_DIST}/index.html`)) throw new Error(`No console build in ${ADMIN_DIST}: run npm run build -w @cohort/admin`);
  // batchJobs: the runner works in the background, as in a real server (imports, exports).
  const t = await createTestApp({ adminDir: ADMIN_DIST, databaseUrl: undefined }, batchJobs ? { batchJobs: { run: true, pollMs: 100 } } : {});
  const baseUrl = await t.app.listen({ port: 0, host: "127.0.0.1" });
  const api: LiveCohort["api"] = async (method, url, payload) => {
    const res = await t.app.inject({ method, url, headers: t.admin.headers, ...(payload ? { payload } : {}) });
    return { status: res.statusCode, body: (res.body ? res.json() : undefined) as never };
  };
  return Object.assign(t, { baseUrl, api });
}

/** Signs the page in as the test admin through the console's sign-in form, landing on the groups table. */
export async function signIn(page: Page, cohort: LiveCohort): Promise<void> {
  await page.goto(`${cohort.baseUrl}/app/login`);
  await page.getByLabel("Email").fill(cohort.admin.email);
  await page.getByLabel("Password").fill(cohort.admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Customer groups", level: 1 }).waitFor();
}
