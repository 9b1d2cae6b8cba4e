import { sql } from "kysely";
import type { Database } from "../../db/database.js";
import { candidatesJson, decodeCandidates, shopperLists, stampColumns, type CandidatePrice, type CandidatesJson, type CatalogStamp } from "./candidates-sql.js";

export interface CandidateFilter {
  variantIds: readonly string[];
  /** The region of the context; its currency must be passed as currencyCode too. */
  regionId: string | null;
  currencyCode: string | null;
  /** The logged-in customer; null for an anonymous shopper. */
  customerId: string | null;
}

/** The store's pricing reads: hand-written SQL (sent as named prepared statements, see db/preparing-pool.ts). */
export class PricingRepository {
  constructor(private readonly db: Database) {}

  /** The current catalogue stamp for this shopper (one small query); see CatalogStamp. */
  async stamp(customerId: string | null): Promise<CatalogStamp> {
    const { rows } = await sql<{ catalog_version: string; lists_key: string }>`
      WITH ${shopperLists(customerId)}
      SELECT ${stampColumns}`.execute(this.db);
    return { version: rows[0]!.catalog_version, lists: rows[0]!.lists_key };
  }

  /**
   * The candidate prices of these variants for this shopper, and the stamp they were read
   * at, in one query (see candidatesJson(); the store catalogue's page embeds the same
   * fragment).
   */
  async candidates(filter: CandidateFilter): Promise<{ candidates: CandidatePrice[]; stamp: CatalogStamp }> {
    const { variantIds, regionId, currencyCode, customerId } = filter;
    const { rows } = await sql<{ candidates: CandidatesJson }>`
      SELECT ${candidatesJson({
        variantIds: sql`${variantIds}::text[]`,
        regionId: sql`${regionId}::text`,
        currencyCode: sql`${currencyCode}::text`,
        customerId,
      })} AS candidates`.execute(this.db);
    return decodeCandidates(rows[0]!.candidates);
  }
}
