// Timings of the pricing-insight reads (explain, price-list impact and conflicts) on a bench
// data set, through the service (no HTTP). Usage:
//   node --import tsx bench/insight-timings.ts [smoke|small|large] [postgres-server-url]
// Loads the data set into a database of its own (`cohort_insight_<scale>_<pid>`), dropped at the end.
import { ids, SCALES, type ScaleName } from "./dataset.js";
import { createDatabase, databaseExists, dropDatabase, loadDataset, loadedVersion, openTarget, type Target } from "./load-data.js";
import { PricingInsightRepository } from "../packages/server/src/modules/pricing-insight/pricing-insight.repository.js";
import { PricingInsightService } from "../packages/server/src/modules/pricing-insight/pricing-insight.service.js";
import { VariantPricesCache } from "../packages/server/src/modules/pricing-insight/variant-prices-cache.js";
import type { ExplainQuery } from "@cohort/contract";

const scale = SCALES[(process.argv[2] ?? "small") as ScaleName];
const server = process.argv[3] ?? "postgres://postgres@127.0.0.1:5432/postgres";
if (!scale) throw new Error("scale: smoke, small or large");
/** KEEP=1: keep the database (named without the pid) and reuse it next time; drop it by hand. */
const keep = process.env.KEEP === "1";
const name = keep ? `cohort_insight_${scale.name}` : `cohort_insight_${scale.name}_${process.pid}`;
const url = new URL(server);
url.pathname = `/${name}`;
const target: Target = { kind: "postgres", adminUrl: server, databaseUrl: url.toString(), databaseName: name };

async function time(label: string, runs: number, fn: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < Math.min(5, runs); i++) await fn(); // warm-up (plans, caches)
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!.toFixed(2);
  process.stdout.write(`${label}: median ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${ms.at(-1)!.toFixed(2)} ms (${runs} runs)\n`);
}

const reuse = keep && (await databaseExists(target));
if (!reuse) await createDatabase(target);
const db = await openTarget(target);
try {
  if (!reuse || !(await loadedVersion(db, scale))) await loadDataset(db, scale);
  const repository = new PricingInsightRepository(db.db);
  // As the server builds it (EXPLAIN_CACHE_ROWS's default), and with the cache off: the first
  // explanation of a variant after a catalogue change costs what every one costs without it.
  const insight = new PricingInsightService(repository, new VariantPricesCache(20_000));
  const uncached = new PricingInsightService(repository, new VariantPricesCache(0));
  const variant = (
    await db.db.selectFrom("product_variant").select("id").where("product_id", "=", ids.product(scale.products)).orderBy("variant_rank").executeTakeFirstOrThrow()
  ).id;
  const shoppers: [string, Partial<ExplainQuery>][] = [
    ["customer #1", { customer_id: ids.customer(1) }],
    ["anonymous", { anonymous: true }],
    ["two hypothetical groups", { customer_group_id: [ids.group(1), ids.group(2)] }],
  ];
  for (const [service, label] of [[uncached, "uncached"], [insight, "kept prices"]] as const) {
    const explain = (query: Partial<ExplainQuery>) => service.explain({ variant_id: variant, region_id: ids.region, ...query });
    const check = await explain({ customer_id: ids.customer(1) });
    process.stdout.write(`target variant: ${check.candidates.length} candidates, ${check.candidates.filter((c) => c.applies).length} apply, calculated ${check.calculated_price}\n`);
    // 1,000 calls where they are short, so that the p99 is not the second-worst of 200.
    const runs = service === insight ? 1000 : 200;
    for (const [who, query] of shoppers) await time(`explain (${label}), ${who}, worst-case variant`, runs, () => explain(query));
  }
  const lists = [ids.priceList(1), ids.priceList(scale.priceLists)];
  for (const list of lists) {
    const impact = await insight.impact(list, {});
    process.stdout.write(`${list}: ${impact.prices} prices, ${impact.customers_entitled} customers entitled\n`);
    await time(`impact ${list}`, 10, () => insight.impact(list, {}));
    const conflicts = await insight.conflicts(list, { offset: 0, limit: 50 });
    process.stdout.write(`${list}: ${conflicts.count} conflicts\n`);
    await time(`conflicts ${list}`, 10, () => insight.conflicts(list, { offset: 0, limit: 50 }));
  }
} finally {
  await db.close();
  if (!keep) await dropDatabase(target);
}
