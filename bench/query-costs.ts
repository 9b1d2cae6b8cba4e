/**
 * CPU per call of the queries behind scenarios (a)–(c), sent with `pg` directly on one
 * connection, as unnamed statements (how Kysely sends them) and as named prepared ones:
 * Node CPU of this process + CPU of the PostgreSQL backend, from /proc.
 *
 *   npm run bench -- --scale large --db postgres --keep --scenarios e1   # keeps cohort_bench_large
 *   node --import tsx bench/query-costs.ts cohort_bench_large [calls]
 *   node --import tsx bench/query-costs.ts bench/.data/large [calls]     # a kept PGlite folder
 *
 * On PGlite the database runs in this process: its CPU is in the Node figure.
 * The SQL mirrors what the modules send (copied from their repositories when this was
 * written); it is for finding where the time goes, not a test of the modules.
 */
import pg from "pg";
import { Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type CompiledQuery } from "kysely";
import { openDb } from "../packages/server/src/db/database.js";
import type { DB } from "../packages/server/src/db/schema.js";
import { PricingRepository } from "../packages/server/src/modules/pricing/pricing.repository.js";
import { StoreCatalogRepository } from "../packages/server/src/modules/store-catalog/store-catalog.repository.js";
import { ADMIN_API_TOKEN, ids } from "./dataset.js";
import { cpuMs } from "./server.js";

const [database, callsArg] = process.argv.slice(2);
if (!database) {
  console.error("Usage: node --import tsx bench/query-costs.ts <database> [calls]");
  process.exit(2);
}
const calls = Number(callsArg ?? 500);
const pglite = database.includes("/");
const handle = pglite ? await openDb({ databaseUrl: undefined, dataDir: database, pgPoolSize: 1 }) : undefined;
const client: pg.ClientBase = handle ? await handle.pool.connect() : new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:5432/${database}` });
if (!handle) await (client as pg.Client).connect();
const backend = pglite ? null : (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
const backendMs = () => (backend === null ? 0 : cpuMs(backend)!);

const bigGroup = ids.group(1);
const members = (
  await client.query<{ customer_id: string }>(
    "SELECT customer_id FROM customer_group_customers WHERE customer_group_id = $1 ORDER BY customer_created_at DESC, customer_id DESC LIMIT 50",
    [bigGroup],
  )
).rows.map((r) => r.customer_id);
const target = (await client.query<{ id: string }>("SELECT id FROM product WHERE status = 'published' ORDER BY created_at DESC, id DESC LIMIT 1")).rows[0]!.id;

// The product page's statement (products, variants and candidate prices) exactly as the store-catalog
// module sends it, and the candidate search alone as pricing sends it for the store variant routes.
const captured: Array<[string, unknown[]]> = [];
const capturing = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
    createDriver: () => ({
      init: async () => {},
      acquireConnection: async () => ({
        executeQuery: async (q: CompiledQuery) => {
          captured.push([q.sql, [...q.parameters]]);
          return { rows: [{ candidates: { version: "0", lists_key: "", lists: null, prices: null } }] } as never;
        },
        streamQuery: () => {
          throw new Error("not used");
        },
      }),
      beginTransaction: async () => {},
      commitTransaction: async () => {},
      rollbackTransaction: async () => {},
      releaseConnection: async () => {},
      destroy: async () => {},
    }),
  },
});
await new StoreCatalogRepository(capturing).page({
  productIds: [target],
  regionId: ids.region,
  currencyCode: null,
  customerId: ids.customer(1),
  withProducts: true,
  withPrices: true,
});
await new PricingRepository(capturing).candidates({ variantIds: [`${target}_v1`], regionId: ids.region, currencyCode: "eur", customerId: ids.customer(1) });
const [pageQuery, candidatesQuery] = captured as [[string, unknown[]], [string, unknown[]]];
const variantIds = (await client.query<{ id: string }>("SELECT id FROM product_variant WHERE product_id = $1 AND deleted_at IS NULL", [target])).rows.map((r) => r.id);
candidatesQuery[1] = candidatesQuery[1].map((v) => (Array.isArray(v) ? variantIds : v));

const queries: Record<string, [string, unknown[]]> = {
  "API-token lookup": [
    `select "id", "email", "first_name", "last_name", "api_token", "role", "metadata", "created_at", "updated_at", "deleted_at" from "user" where "api_token" = $1 and "deleted_at" is null`,
    [ADMIN_API_TOKEN],
  ],
  "(a) page of 20 groups": [`select * from "customer_group" where "deleted_at" is null order by "created_at" desc, "id" desc limit $1 offset $2`, [20, 0]],
  "(a) count of the groups": [`select count(*) as "n" from "customer_group" where "deleted_at" is null`, []],
  "(b) page of 50 members": [
    `SELECT c.id, c.email, c.first_name, c.last_name, c.billing_address_id, c.phone, c.has_account, c.metadata, c.created_at, c.updated_at, c.deleted_at
     FROM customer_group_customers m JOIN customer c ON c.id = m.customer_id
     WHERE c.deleted_at IS NULL AND m.customer_group_id = $1 ORDER BY m.customer_created_at DESC, m.customer_id DESC LIMIT $2 OFFSET $3`,
    [bigGroup, 50, 0],
  ],
  "(b) count of the members": [`SELECT count(*) AS n FROM customer_group_customers WHERE customer_group_id = $1`, [bigGroup]],
  "(b) groupsOf the 50 members": [
    `select "g".*, "m"."customer_id" from "customer_group_customers" as "m" inner join "customer_group" as "g" on "g"."id" = "m"."customer_group_id"
     where "m"."customer_id" = any($1::text[]) and "g"."deleted_at" is null and "m"."customer_group_id" = any($2::text[])
     order by "g"."created_at" desc, "g"."id" desc`,
    [members, [bigGroup]],
  ],
  "(c) product page: products, variants and prices": pageQuery,
  "store variants: candidate prices": candidatesQuery,
};

console.log(`${database}: CPU per call, Node ms + PostgreSQL ms, over ${calls} calls`);
for (const [name, [text, values]] of Object.entries(queries)) {
  const cells: string[] = [];
  for (const mode of ["unnamed", "prepared"] as const) {
    const run = () => client.query(mode === "prepared" ? { name: `bench_${cells.length}_${name.replace(/\W+/g, "_")}`, text, values } : { text, values });
    for (let i = 0; i < 50; i++) await run();
    const node0 = cpuMs(process.pid)!;
    const db0 = backendMs();
    let rows = 0;
    for (let i = 0; i < calls; i++) rows = (await run()).rows.length;
    cells.push(`${mode} ${((cpuMs(process.pid)! - node0) / calls).toFixed(2)} + ${((backendMs() - db0) / calls).toFixed(2)} (${rows} rows)`);
  }
  console.log(`${name.padEnd(30)} ${cells.join("   ")}`);
}
if (handle) {
  (client as pg.PoolClient).release();
  await handle.close();
} else {
  await (client as pg.Client).end();
}
