import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, browserTestsEnabled, describeViolations, launchBrowser, watchConsole, type Browser } from "./browser.js";
import { startCohort, type LiveCohort } from "./cohort.js";

/**
 * Every page of the console, at 1280 px and at 390 px (a phone): no WCAG 2.x A/AA violation
 * that axe-core finds, no horizontal scrolling of the page, no console errors.
 */
describe.runIf(browserTestsEnabled())("the console's pages", () => {
  let cohort: LiveCohort;
  let browser: Browser;
  let page: Page;
  let watched: ReturnType<typeof watchConsole>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    [cohort, browser] = await Promise.all([startCohort(), launchBrowser()]);
    const customer = await cohort.api("POST", "/admin/customers", { email: "ada@example.com", first_name: "Ada", last_name: "Lovelace", password: "pw-123456" });
    ids.customer = customer.body.customer.id;
    const group = await cohort.api("POST", "/admin/customer-groups", { name: "VIP", metadata: { tier: "gold" } });
    ids.group = group.body.customer_group.id;
    await cohort.api("POST", `/admin/customer-groups/${ids.group}/customers/batch`, { customer_ids: [{ id: ids.customer }] });
    await cohort.api("POST", "/admin/regions", { name: "Europe", currency_code: "eur", tax_rate: 0, countries: ["de"] });
    const product = await cohort.api("POST", "/admin/products", { title: "Beans", status: "published", variants: [{ title: "1 kg", prices: [{ amount: 1000, currency_code: "eur" }] }] });
    const list = await cohort.api("POST", "/admin/price-lists", {
      name: "VIP prices",
      description: "Members pay less",
      type: "sale",
      status: "active",
      starts_at: "2026-01-01T09:00:00Z",
      customer_groups: [{ id: ids.group }],
      prices: [{ variant_id: product.body.product.variants[0].id, amount: 800, currency_code: "eur", min_quantity: 2 }],
    });
    ids.priceList = list.body.price_list.id;
    page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
    watched = watchConsole(page);
  });
  afterAll(async () => {
    await browser?.close();
    await cohort?.close();
  });

  /** Each page and something it shows once its data is in. */
  const pages = () => [
    { path: "/customer-groups", ready: () => page.getByRole("link", { name: "VIP" }) },
    { path: `/customer-groups/${ids.group}`, ready: () => page.getByRole("link", { name: "ada@example.com" }) },
    { path: "/customers", ready: () => page.getByRole("link", { name: "ada@example.com" }) },
    { path: `/customers/${ids.customer}`, ready: () => page.getByRole("button", { name: "Remove VIP" }) },
    { path: "/price-lists", ready: () => page.getByRole("link", { name: "VIP prices" }) },
    { path: "/price-lists/new", ready: () => page.getByRole("button", { name: "Create", exact: true }) },
    { path: `/price-lists/${ids.priceList}`, ready: () => page.getByLabel("Amount of 1 kg") },
    { path: "/pricing/explain", ready: () => page.getByRole("button", { name: "Explain the price" }) },
    { path: "/activity", ready: () => page.getByRole("link", { name: /Customer group “VIP” created/ }) },
    { path: "/webhooks", ready: () => page.getByText("No endpoints") },
    { path: "/settings/api-token", ready: () => page.getByLabel("Token") },
    { path: "/no-such-page", ready: () => page.getByRole("heading", { name: "Page not found" }) },
  ];

  async function check(label: string) {
    const violations = await axeViolations(page);
    expect(violations, `${label}\n${describeViolations(violations)}`).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    const widest = overflow > 0 ? await page.evaluate(() => {
      const w = document.documentElement.clientWidth;
      const over = [...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().right > w + 1);
      // The outermost elements that stick out.
      const out = over.filter((e) => !over.includes(e.parentElement!)).slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join(".")}`);
      let a: Element | null = over[0]!;
      while (a) { out.push(`${a.tagName}.${[...a.classList].join(".")} ${getComputedStyle(a).overflowX} ${a.clientWidth}/${a.scrollWidth} right=${Math.round(a.getBoundingClientRect().right)}`); a = a.parentElement; }
      return out;
    }) : [];
    expect(overflow, `${label} scrolls sideways by ${overflow}px: ${widest.join(", ")}`).toBeLessThanOrEqual(0);
  }

  for (const width of [1280, 390]) {
    it(`pass axe and fit at ${width} px`, async () => {
      await page.setViewportSize({ width, height: width > 800 ? 900 : 844 });
      await page.context().clearCookies();
      await page.goto(`${cohort.baseUrl}/app/login`);
      await page.getByRole("heading", { name: "Sign in to Cohort" }).waitFor();
      await check(`login at ${width}px`);
      await page.getByLabel("Email").fill(cohort.admin.email);
      await page.getByLabel("Password").fill(cohort.admin.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("heading", { name: "Customer groups", level: 1 }).waitFor();
      for (const p of pages()) {
        await page.goto(`${cohort.baseUrl}/app${p.path}`);
        await p.ready().first().waitFor();
        await check(`${p.path} at ${width}px`);
      }
    });
  }

  it("keep their dialogs and drawers accessible too", async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${cohort.baseUrl}/app/customer-groups/${ids.group}`);
    await page.getByRole("link", { name: "ada@example.com" }).waitFor();
    const open = async (button: string, ready: () => ReturnType<Page["getByRole"]>, label: string) => {
      await page.getByRole("button", { name: button, exact: true }).first().click();
      await ready().waitFor();
      await check(label);
      await page.keyboard.press("Escape");
      await ready().waitFor({ state: "hidden" });
    };
    await open("Edit", () => page.getByRole("button", { name: "Add metadata" }), "the group's edit drawer");
    await open("Add customers", () => page.getByRole("tab", { name: "Search" }), "the add-customers drawer");
    await open("Delete", () => page.getByRole("alertdialog"), "the delete prompt");
    await page.goto(`${cohort.baseUrl}/app/price-lists/${ids.priceList}`);
    await page.getByLabel("Amount of 1 kg").waitFor();
    await open("Add prices", () => page.getByLabel("Find products by title, variant or SKU"), "the variant picker");
  });

  it("navigate by keyboard alone, and through the menu on a phone", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${cohort.baseUrl}/app/customer-groups`);
    await page.getByRole("link", { name: "VIP" }).waitFor();
    await page.getByRole("button", { name: "Open navigation" }).click();
    await page.getByRole("dialog").getByRole("link", { name: "Price lists" }).click();
    await page.getByRole("heading", { name: "Price lists", level: 1 }).waitFor();

    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${cohort.baseUrl}/app/customer-groups`);
    await page.getByRole("link", { name: "VIP" }).waitFor();
    // Tab until the group's link has focus, then follow it with Enter.
    for (let i = 0; i < 30 && !(await page.evaluate(() => document.activeElement?.textContent === "VIP")); i++) await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "VIP", level: 1 }).waitFor();
  });

  it("printed no errors", () => {
    expect(watched.errors).toEqual([]);
    for (const line of watched.failedLoads) expect(line, watched.failedLoads.join("\n")).toMatch(/status of 401 .*\/admin\/auth\)$/);
  });
});
