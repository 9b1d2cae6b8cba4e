import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserTestsEnabled, launchBrowser, SCREENSHOTS, watchConsole, type Browser } from "./browser.js";
import { startCohort, type LiveCohort } from "./cohort.js";

/**
 * The seed guide's workflow, by a merchant in the browser: sign in, create VIP, add two
 * customers, set metadata, give VIP a price list with a sale price, remove a member, try to
 * delete the group (refused, with the price list named and linked), delete the list, then
 * the group.
 */
describe.runIf(browserTestsEnabled())("the customer-groups guide in the console", () => {
  let cohort: LiveCohort;
  let browser: Browser;
  let page: Page;
  let watched: ReturnType<typeof watchConsole>;
  const ada = "ada@example.com";
  const grace = "grace@example.com";
  let variantId: string;

  beforeAll(async () => {
    [cohort, browser] = await Promise.all([startCohort(), launchBrowser()]);
    for (const [email, first_name, last_name] of [[ada, "Ada", "Lovelace"], [grace, "Grace", "Hopper"], ["alan@example.com", "Alan", "Turing"]] as const) {
      expect((await cohort.api("POST", "/admin/customers", { email, first_name, last_name, password: "pw-123456" })).status).toBe(201);
    }
    for (const name of ["Wholesale", "Staff", "Newsletter"]) await cohort.api("POST", "/admin/customer-groups", { name });
    expect((await cohort.api("POST", "/admin/regions", { name: "Europe", currency_code: "eur", tax_rate: 0, countries: ["de"] })).status).toBe(200);
    const product = await cohort.api("POST", "/admin/products", {
      title: "Espresso beans",
      status: "published",
      variants: [{ title: "1 kg", sku: "BEANS-1KG", prices: [{ amount: 10000, currency_code: "eur" }] }],
    });
    variantId = product.body.product.variants[0].id;
    page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
    watched = watchConsole(page);
  });
  afterAll(async () => {
    await browser?.close();
    await cohort?.close();
  });

  const url = (p: string) => `${cohort.baseUrl}/app${p}`;

  it("signs in and out with the admin session", async () => {
    await page.goto(url("/customer-groups"));
    await page.getByRole("heading", { name: "Sign in to Cohort" }).waitFor();
    await page.getByLabel("Email").fill(cohort.admin.email);
    await page.getByLabel("Password").fill("wrong-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "Wrong email or password." }).waitFor();
    await page.getByLabel("Password").fill(cohort.admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Customer groups", level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/app/customer-groups");

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in to Cohort" }).waitFor();
    await page.goto(url("/customers"));
    await page.getByRole("heading", { name: "Sign in to Cohort" }).waitFor();
    await page.getByLabel("Email").fill(cohort.admin.email);
    await page.getByLabel("Password").fill(cohort.admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    // Back where the user was going.
    await page.getByRole("heading", { name: "Customers", level: 1 }).waitFor();
  });

  it("creates VIP, adds two customers (search and paste) and sets its metadata", async () => {
    await page.goto(url("/customer-groups"));
    await page.getByRole("button", { name: "Create group" }).click();
    await page.getByLabel("Name", { exact: true }).fill("VIP");
    await page.getByRole("button", { name: "Create", exact: true }).click();
    await page.getByRole("heading", { name: "VIP", level: 1 }).waitFor();

    await page.getByRole("button", { name: "Add customers" }).click();
    await page.getByLabel("Find customers by email or name").fill("ada@");
    await page.getByRole("checkbox", { name: `Add ${ada}` }).click();
    await page.getByRole("button", { name: "Add 1 customer" }).click();
    await page.locator("#main").getByText("1 customer", { exact: true }).waitFor();

    await page.getByRole("button", { name: "Add customers" }).click();
    await page.getByRole("tab", { name: "Paste ids or emails" }).click();
    await page.getByLabel("Customer ids or emails").fill(`${grace.toUpperCase()}\nnobody@example.com`);
    await page.getByRole("button", { name: "Look up" }).click();
    await page.getByText("1 customer to add.").waitFor();
    await page.getByText("No customer has the email nobody@example.com.").waitFor();
    await page.getByRole("button", { name: "Add 1 customer" }).click();
    await page.locator("#main").getByText("2 customers", { exact: true }).waitFor();
    await page.getByRole("link", { name: grace }).waitFor();

    await page.getByRole("button", { name: "Edit" }).click();
    await page.getByRole("button", { name: "Add metadata" }).click();
    await page.getByLabel("Key 1").fill("is_seller");
    await page.getByLabel("Value 1").fill("true");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("is_seller").waitFor();

    const groups = (await cohort.api("GET", "/admin/customer-groups?name[]=VIP&expand=customer_count")).body.customer_groups;
    expect(groups).toMatchObject([{ name: "VIP", metadata: { is_seller: true }, customer_count: 2 }]);
  });

  it("creates a price list for VIP with a sale price", async () => {
    await page.goto(url("/customer-groups"));
    await page.getByRole("link", { name: "VIP" }).click();
    await page.getByRole("link", { name: "Create one" }).click();
    await page.getByRole("heading", { name: "Create price list" }).waitFor();
    await page.getByRole("group", { name: "Customer groups" }).getByText("VIP").waitFor();
    await page.getByLabel("Name", { exact: true }).fill("VIP prices");
    await page.getByLabel("Description").fill("Members pay less");
    await page.getByRole("combobox", { name: "Status" }).click();
    await page.getByRole("option", { name: "Active" }).click();
    await page.getByRole("button", { name: "Create", exact: true }).click();
    await page.getByRole("heading", { name: "VIP prices", level: 1 }).waitFor();

    await page.getByRole("button", { name: "Add prices" }).click();
    await page.getByLabel("Find products by title, variant or SKU").fill("Espresso");
    await page.getByRole("button", { name: "Add Espresso beans – 1 kg · SKU BEANS-1KG" }).click();
    await page.getByRole("button", { name: "Done" }).click();
    const amount = page.getByLabel("Amount of Espresso beans – 1 kg · SKU BEANS-1KG");
    await amount.fill("80");
    await page.getByRole("combobox", { name: "Currency or region of Espresso beans – 1 kg · SKU BEANS-1KG" }).click();
    await page.getByRole("option", { name: "EUR, any region" }).click();
    await page.getByRole("button", { name: "Save prices" }).click();
    await page.getByText("Prices saved").first().waitFor();
    // The list's impact: both VIP members reached, one variant priced, €20 saved; no conflicting list.
    const impact = page.getByRole("region", { name: "Impact" });
    await impact.getByText("2 customers", { exact: true }).waitFor();
    await impact.getByText("1 price for 1 variant", { exact: true }).waitFor();
    await impact.getByRole("row").filter({ hasText: "EUR" }).getByText(/20[.,]00/).first().waitFor();
    await page.getByText("No other active list prices these variants differently for the same customers.").waitFor();

    const lists = (await cohort.api("GET", "/admin/price-lists?q=VIP%20prices")).body.price_lists;
    const list = (await cohort.api("GET", `/admin/price-lists/${lists[0].id}`)).body.price_list;
    expect(list).toMatchObject({ name: "VIP prices", type: "sale", status: "active", customer_groups: [{ name: "VIP" }] });
    expect(list.prices).toMatchObject([{ variant_id: variantId, amount: 8000, currency_code: "eur", region_id: null }]);
  });

  it("explains in 'Why this price?' that a member gets the VIP price and a guest does not", async () => {
    await page.goto(url("/pricing/explain"));
    await page.getByRole("heading", { name: "Why this price?", level: 1 }).waitFor();
    await page.getByLabel("Find a customer by email or name").fill("ada@");
    await page.getByRole("button", { name: `Choose ${ada}` }).click();
    await page.getByLabel("Find a variant by product title, variant or SKU").fill("Espresso");
    await page.getByRole("button", { name: "Choose Espresso beans – 1 kg · SKU BEANS-1KG" }).click();
    await page.getByRole("combobox", { name: "Region or currency" }).click();
    await page.getByRole("option", { name: "Europe (EUR)" }).click();
    await page.getByLabel("Quantity").fill("2");
    await page.getByRole("button", { name: "Explain the price" }).click();

    const result = page.locator("#main");
    await page.getByRole("heading", { name: "What the store shows" }).waitFor();
    const summary = result.getByText(/, quantity 2, at /);
    await expect.poll(() => summary.textContent()).toMatch(/: \D?80[.,]00\D* — a sale price from VIP prices\.$/);
    await result.getByRole("link", { name: "VIP prices" }).first().waitFor();
    const winner = result.getByRole("row").filter({ hasText: "Wins" });
    expect(await winner.count()).toBe(1);
    expect(await winner.textContent()).toContain("VIP prices");
    await result.getByRole("row").filter({ hasText: "Regular price" }).getByText("Applies").waitFor();
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, "why-this-price.png"), fullPage: true });

    await page.getByRole("radio", { name: "Not signed in" }).click();
    await page.getByRole("button", { name: "Explain the price" }).click();
    await expect.poll(() => summary.textContent()).toMatch(/: \D?100[.,]00\D* — the regular price\.$/);
    await result.getByRole("row").filter({ hasText: "VIP prices" }).getByText("The price list is for customer groups, and the shopper is not signed in.").waitFor();
  });

  it("shows the groups table and the group's page (the README's screenshots)", async () => {
    await page.goto(url("/customer-groups"));
    await page.getByRole("link", { name: "VIP" }).waitFor();
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, "customer-groups.png") });
    await page.getByRole("link", { name: "VIP" }).click();
    await page.getByRole("link", { name: ada }).waitFor();
    await page.getByRole("link", { name: "VIP prices" }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, "customer-group.png"), fullPage: true });
  });

  it("removes a member, is told why VIP cannot be deleted, deletes the list, then the group", async () => {
    await page.goto(url("/customer-groups"));
    await page.getByRole("link", { name: "VIP" }).click();
    await page.getByRole("checkbox", { name: `Select ${grace}` }).click();
    await page.getByRole("button", { name: "Remove from group" }).click();
    await page.locator("#main").getByText("1 customer", { exact: true }).waitFor();
    expect(await page.getByRole("link", { name: grace }).count()).toBe(0);

    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
    const refusal = page.getByRole("alert").filter({ hasText: "VIP was not deleted" });
    await refusal.waitFor();
    await refusal.getByText("It is the only customer group of this price list").waitFor();
    await refusal.getByRole("link", { name: "VIP prices" }).click();

    await page.getByRole("heading", { name: "VIP prices", level: 1 }).waitFor();
    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
    await page.getByRole("heading", { name: "Price lists", level: 1 }).waitFor();

    await page.goto(url("/customer-groups"));
    await page.getByRole("button", { name: "Actions for VIP" }).click();
    await page.getByRole("menuitem", { name: "Delete" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
    await page.getByText("Deleted VIP").first().waitFor();
    await expect.poll(() => page.getByRole("link", { name: "VIP", exact: true }).count()).toBe(0);
    expect((await cohort.api("GET", "/admin/customer-groups?name[]=VIP")).body.count).toBe(0);
  });

  it("edits a customer's groups on the customer's page", async () => {
    await page.goto(url("/customers"));
    await page.getByRole("link", { name: "alan@example.com" }).click();
    await page.getByRole("heading", { name: "alan@example.com" }).waitFor();
    await page.getByRole("button", { name: "Add to group" }).click();
    await page.getByRole("button", { name: "Wholesale" }).click();
    await page.getByRole("button", { name: "Save groups" }).click();
    await page.getByText("Groups saved").first().waitFor();
    const { customers } = (await cohort.api("GET", "/admin/customers?q=alan&expand=groups")).body;
    expect(customers[0].groups.map((g: { name: string }) => g.name)).toEqual(["Wholesale"]);

    await page.goto(url("/customers"));
    await page.getByRole("button", { name: "Filter by group" }).click();
    await page.getByRole("button", { name: "Wholesale" }).click();
    await expect.poll(() => page.getByRole("link", { name: /@example\.com$/ }).count()).toBe(1);
  });

  it("shows and rotates the signed-in user's API token", async () => {
    await page.goto(url("/settings/api-token"));
    const token = page.getByLabel("Token");
    expect(await token.inputValue()).toBe(cohort.admin.token);
    await page.getByRole("button", { name: "Rotate token" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Rotate" }).click();
    await page.getByText("New API token saved").first().waitFor();
    const rotated = await token.inputValue();
    expect(rotated).toMatch(/^[0-9a-f]{64}$/);
    const me = await cohort.app.inject({ method: "GET", url: "/admin/auth", headers: { "x-medusa-access-token": rotated } });
    expect(me.statusCode).toBe(200);
  });

  it("printed no errors", () => {
    expect(watched.errors).toEqual([]);
    // Only the answers the flow provoked: the session check before signing in, the wrong password, the refused delete.
    for (const line of watched.failedLoads) expect(line, watched.failedLoads.join("\n")).toMatch(/status of (401|409)/);
  });
});
