import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeDataset, SCALES } from "../../../../bench/dataset.js";
import { loadDataset } from "../../../../bench/load-data.js";
import { browserTestsEnabled, launchBrowser, type Browser } from "./browser.js";
import { signIn, startCohort, type LiveCohort } from "./cohort.js";

/**
 * How fast each page shows on the bench's small data set (1,000 groups, 10,000 customers, a
 * group of 10,000 members, 50 price lists): first contentful paint, and the time until the
 * page's data is on screen, from the start of the navigation. Printed, not asserted: a busy
 * machine would break a timed assertion.
 */
describe.runIf(browserTestsEnabled())("first paint on the small bench data set", () => {
  let cohort: LiveCohort;
  let browser: Browser;
  let page: Page;
  const data = describeDataset(SCALES.small);

  beforeAll(async () => {
    [cohort, browser] = await Promise.all([startCohort(), launchBrowser()]);
    await loadDataset(cohort.db, SCALES.small);
    page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    await page.addInitScript(() => {
      const w = window as unknown as { __readyAt: number | null };
      w.__readyAt = null;
      const selector = sessionStorage.getItem("ready-selector");
      if (!selector) return;
      new MutationObserver((_m, observer) => {
        if (w.__readyAt === null && document.querySelector(selector)) {
          w.__readyAt = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
  });
  afterAll(async () => {
    await browser?.close();
    await cohort?.close();
  });

  /**
   * Times, in the page, when an element matching the selector first appears (a
   * MutationObserver installed before the page's own scripts run), so the figure does not
   * depend on how often the test polls.
   */
  async function measure(path: string, selector: string) {
    await page.goto(`${cohort.baseUrl}/app${path}`);
    await page.locator(selector).first().waitFor();
    return page.evaluate(() => {
      const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN;
      return { fcp: Math.round(fcp), ready: Math.round((window as unknown as { __readyAt: number }).__readyAt) };
    });
  }

  it("measures every page", async () => {
    await signIn(page, cohort);

    const rows = "tbody tr td a";
    const pages: Array<[string, string, string]> = [
      ["customer groups (1,000)", "/customer-groups", rows],
      ["a group of 10,000 members", `/customer-groups/${data.bigGroupId}`, 'tbody tr td a[href^="/app/customers/"]'],
      ["customers (10,000)", "/customers", rows],
      ["a customer", `/customers/${data.shopperId}`, 'button[aria-label^="Remove "]'],
      ["price lists (50)", "/price-lists", rows],
      ["a price list", "/price-lists/pl_01BENCH0000000000000000001", 'input[aria-label^="Amount of "]'],
    ];
    const setSelector = (selector: string) => page.evaluate((s) => sessionStorage.setItem("ready-selector", s), selector);
    // Cold: an empty HTTP cache, as on the first visit; then every page with the assets cached.
    await browser.context.clearCookies();
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send("Network.clearBrowserCache");
    await signIn(page, cohort);
    await cdp.send("Network.clearBrowserCache");
    const results: Array<{ page: string; fcp: number; ready: number }> = [];
    await setSelector(rows);
    results.push({ page: "customer groups, cold cache", ...(await measure("/customer-groups", rows)) });
    for (const [name, path, selector] of pages) {
      await setSelector(selector);
      results.push({ page: name, ...(await measure(path, selector)) });
    }

    console.log(
      `First paint on the small bench data set (ms from navigation start):\n${results.map((r) => `  ${r.page.padEnd(30)} first paint ${String(r.fcp).padStart(5)}   data shown ${String(r.ready).padStart(5)}`).join("\n")}`,
    );
    for (const r of results) expect(r.ready, r.page).toBeGreaterThan(0);
  });
});
