import { sql } from "kysely";
import type { Database } from "../../db/database.js";

/** Reads that decide whether the demo store may be loaded (the writes go through the services). */
export class SeedRepository {
  constructor(private readonly db: Database) {}

  /** The demo region, found by the marker in its metadata. */
  async demoRegionId(): Promise<string | undefined> {
    const row = await this.db
      .selectFrom("region")
      .select("id")
      .where("deleted_at", "is", null)
      .where(sql<boolean>`metadata @> '{"cohort_demo": true}'::jsonb`)
      .executeTakeFirst();
    return row?.id;
  }

  /** Tables that already hold store data (users do not count: an admin exists before a seed). */
  async nonEmptyTables(): Promise<string[]> {
    const tables = ["region", "product", "customer", "customer_group", "price_list"] as const;
    const found: string[] = [];
    for (const table of tables) {
      const row = await this.db.selectFrom(table).select(sql`1`.as("x")).where("deleted_at", "is", null).limit(1).executeTakeFirst();
      if (row) found.push(table);
    }
    return found;
  }
}
