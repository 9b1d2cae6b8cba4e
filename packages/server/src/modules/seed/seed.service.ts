import { conflict } from "../../shared/errors.js";
import type { CustomerGroupsService } from "../customer-groups/customer-groups.service.js";
import type { CustomersService } from "../customers/customers.service.js";
import type { PriceListsService } from "../price-lists/price-lists.service.js";
import type { ProductsService } from "../products/products.service.js";
import type { RegionsService } from "../regions/regions.service.js";
import type { SeedRepository } from "./seed.repository.js";

export interface SeedServices {
  regions: RegionsService;
  products: ProductsService;
  customers: CustomersService;
  groups: CustomerGroupsService;
  priceLists: PriceListsService;
}

export const DEMO_PASSWORD = "supersecret";

const PRODUCTS = [
  { title: "Cohort T-Shirt", handle: "cohort-t-shirt", sizes: ["S", "M", "L"], amount: 2500 },
  { title: "Cohort Hoodie", handle: "cohort-hoodie", sizes: ["S", "M", "L"], amount: 5500 },
  { title: "Cohort Mug", handle: "cohort-mug", sizes: ["One size"], amount: 1200 },
];
const CUSTOMERS = [
  { email: "vip@example.com", first_name: "Vera", last_name: "Important", group: "VIP" },
  { email: "wholesale@example.com", first_name: "Walt", last_name: "Sale", group: "Wholesale" },
  { email: "shopper@example.com", first_name: "Sam", last_name: "Shopper", group: null },
];
/** Each group's list: a sale (20 % off) for VIP, an override (40 % off) for Wholesale. */
const LISTS = [
  { group: "VIP", name: "VIP prices", type: "sale" as const, factor: 0.8 },
  { group: "Wholesale", name: "Wholesale prices", type: "override" as const, factor: 0.6 },
];

export interface SeedResult {
  created: boolean;
  /** What to print. */
  report: string;
}

/**
 * `cohort seed`: a small demo store to try the customer-groups guide on at once. Everything is
 * written through the services (validation, transactions, triggers), never raw SQL. Idempotent:
 * the demo region carries a marker, and a second run reports the store and changes nothing. On
 * a database that holds other store data it refuses unless forced.
 */
export class SeedService {
  constructor(
    private readonly repo: SeedRepository,
    private readonly s: SeedServices,
  ) {}

  async seed(options: { force?: boolean; baseUrl: string }): Promise<SeedResult> {
    const existing = await this.repo.demoRegionId();
    if (existing) {
      return { created: false, report: `The demo store already exists (region ${existing}); nothing changed.\n` };
    }
    const other = await this.repo.nonEmptyTables();
    if (other.length > 0 && !options.force) {
      throw conflict(
        `The database already holds data (${other.join(", ")}); cohort seed loads a demo store into an empty one. ` +
          "Run it with --force to add the demo store anyway.",
      );
    }

    const region = await this.s.regions.create({
      name: "Europe (demo)",
      currency_code: "eur",
      tax_rate: 0,
      countries: ["de", "fr", "nl"],
      metadata: { cohort_demo: true },
    });
    const products: Array<{ id: string; title: string; variantIds: string[] }> = [];
    for (const p of PRODUCTS) {
      const product = await this.s.products.create({
          title: p.title,
          handle: p.handle,
          status: "published",
          variants: p.sizes.map((size) => ({ title: size, prices: [{ region_id: region.id, amount: p.amount }] })),
        });
      products.push({ id: product.id!, title: p.title, variantIds: (product.variants ?? []).map((v) => v.id!) });
    }
    const groups = new Map<string, string>();
    for (const name of ["VIP", "Wholesale"]) groups.set(name, (await this.s.groups.create({ name })).id);
    const customers = [];
    for (const c of CUSTOMERS) {
      const customer = await this.s.customers.create({ email: c.email, first_name: c.first_name, last_name: c.last_name, password: DEMO_PASSWORD });
      customers.push({ ...c, id: customer.id });
      if (c.group) await this.s.groups.addCustomers(groups.get(c.group)!, { customer_ids: [{ id: customer.id }] });
    }
    const lists = [];
    for (const l of LISTS) {
      const prices = products.flatMap((product, i) =>
        product.variantIds.map((variant_id) => ({ variant_id, region_id: region.id, amount: Math.round(PRODUCTS[i]!.amount * l.factor) })),
      );
      const list = await this.s.priceLists.create({
        name: l.name,
        description: `Demo: ${Math.round((1 - l.factor) * 100)} % off for the ${l.group} group`,
        type: l.type,
        status: "active",
        prices,
        customer_groups: [{ id: groups.get(l.group)! }],
      });
      lists.push({ ...l, id: list.id });
    }
    return { created: true, report: this.report(options.baseUrl, region.id, products, groups, customers, lists) };
  }

  private report(
    baseUrl: string,
    regionId: string,
    products: Array<{ id: string; title: string; variantIds: string[] }>,
    groups: Map<string, string>,
    customers: Array<{ email: string; id: string; group: string | null }>,
    lists: Array<{ name: string; id: string; group: string; type: string; factor: number }>,
  ): string {
    const shirt = products[0]!;
    const lines = [
      "Loaded the demo store:",
      `  region       Europe (demo), EUR, ${regionId}`,
      ...products.map((p, i) => `  product      ${p.title} (${p.variantIds.length} variant${p.variantIds.length === 1 ? "" : "s"}, ${(PRODUCTS[i]!.amount / 100).toFixed(2)} EUR), ${p.id}`),
      ...[...groups].map(([name, id]) => `  group        ${name}, ${id}`),
      ...customers.map((c) => `  customer     ${c.email} (${c.group ? `member of ${c.group}` : "no group"}), store password "${DEMO_PASSWORD}"`),
      ...lists.map((l) => `  price list   ${l.name} (${l.type}, ${Math.round((1 - l.factor) * 100)} % off, for ${l.group}), ${l.id}`),
      "",
      "See a group price as a member (calculated_price 2000 for VIP against original_price 2500):",
      `  curl -c shopper-cookies -X POST ${baseUrl}/store/auth -H 'content-type: application/json' \\`,
      `    -d '{"email":"vip@example.com","password":"${DEMO_PASSWORD}"}'`,
      `  curl -b shopper-cookies '${baseUrl}/store/products/${shirt.id}?region_id=${regionId}'`,
      "Without the cookie (anonymous) the same product shows 2500; as wholesale@example.com, 1500.",
      "",
    ];
    return lines.join("\n");
  }
}
