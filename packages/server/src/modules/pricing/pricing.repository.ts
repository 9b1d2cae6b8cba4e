import type pg from "pg";
import type { DbHandle } from "../../db/database.js";
import type { MoneyAmountRow, PriceListRow } from "../../db/schema.js";

/** The price-list columns embedded in a candidate price. */
export type CandidatePriceList = Pick<
  PriceListRow,
  "id" | "name" | "description" | "type" | "status" | "starts_at" | "ends_at" | "created_at" | "updated_at" | "deleted_at"
>;

/** A candidate price: a money amount with `price_list` (null outside a list). */
export type CandidatePrice = MoneyAmountRow & { price_list: CandidatePriceList | null };

export interface CandidateFilter {
  variantIds: readonly string[];
  /** The region of the context; its currency must be passed as currencyCode too. */
  regionId: string | null;
  currencyCode: string | null;
  /** The logged-in customer; null for an anonymous shopper. */
  customerId: string | null;
}

/**
 * The candidate prices of every variant of a page for one shopper (contract §7.2), in one
 * statement:
 * 1. prices outside any list, and prices of lists that are active and in their window;
 * 2. region/currency: `region_id = $region OR currency_code = $currency`; no filter when
 *    neither is known (store pricing always includes discount prices);
 * 3. a list applies when it has no customer group at all, or one of its groups holds the
 *    customer (anonymous: only lists without groups).
 * Rows come grouped by variant, oldest first: that order is the "DB order" selection
 * walks, so ties resolve the same way on every call.
 *
 * Indexes: money_amount (variant_id, price_list_id) finds a variant's prices; price_list
 * by primary key; price_list_customer_groups (price_list_id, …) primary key answers "has
 * groups"; customer_group_customers (customer_id, customer_group_id) and
 * price_list_customer_groups (customer_group_id, price_list_id) answer "groups of this
 * customer and their lists" from the customer side.
 */
const CANDIDATES_SQL = `
SELECT ma.id, ma.currency_code, ma.amount, ma.min_quantity, ma.max_quantity, ma.price_list_id,
       ma.region_id, ma.variant_id, ma.created_at, ma.updated_at, ma.deleted_at,
       pl.name AS pl_name, pl.description AS pl_description, pl.type AS pl_type, pl.status AS pl_status,
       pl.starts_at AS pl_starts_at, pl.ends_at AS pl_ends_at, pl.created_at AS pl_created_at,
       pl.updated_at AS pl_updated_at, pl.deleted_at AS pl_deleted_at
FROM money_amount ma
LEFT JOIN price_list pl ON pl.id = ma.price_list_id
WHERE ma.variant_id = ANY($1::text[])
  AND ma.deleted_at IS NULL
  AND (($2::text IS NULL AND $3::text IS NULL) OR ma.region_id = $2::text OR ma.currency_code = $3::text)
  AND (ma.price_list_id IS NULL OR (
        pl.status = 'active' AND pl.deleted_at IS NULL
        AND (pl.starts_at IS NULL OR pl.starts_at < now())
        AND (pl.ends_at IS NULL OR pl.ends_at > now())
        AND (NOT EXISTS (SELECT 1 FROM price_list_customer_groups g WHERE g.price_list_id = pl.id)
             OR EXISTS (SELECT 1
                        FROM price_list_customer_groups g
                        JOIN customer_group_customers m ON m.customer_group_id = g.customer_group_id
                        WHERE g.price_list_id = pl.id AND m.customer_id = $4::text))))
ORDER BY ma.variant_id, ma.created_at, ma.id`;

interface CandidateRow extends MoneyAmountRow {
  pl_name: string | null;
  pl_description: string | null;
  pl_type: "sale" | "override" | null;
  pl_status: "active" | "draft" | null;
  pl_starts_at: Date | null;
  pl_ends_at: Date | null;
  pl_created_at: Date | null;
  pl_updated_at: Date | null;
  pl_deleted_at: Date | null;
}

export class PricingRepository {
  private readonly pool: pg.Pool;

  constructor(db: Pick<DbHandle, "pool">) {
    this.pool = db.pool;
  }

  /**
   * Candidate prices of these variants for this shopper; see CANDIDATES_SQL. A named
   * prepared statement sent through `pg` directly: parsed and planned once per connection,
   * where Kysely would send it unnamed each time.
   */
  async candidates(filter: CandidateFilter): Promise<CandidatePrice[]> {
    if (filter.variantIds.length === 0) return [];
    const result = await this.pool.query<CandidateRow>({
      name: "cohort_price_candidates_v1",
      text: CANDIDATES_SQL,
      values: [filter.variantIds, filter.regionId, filter.currencyCode, filter.customerId],
    });
    // One object per price list, shared by its prices.
    const lists = new Map<string, CandidatePriceList>();
    return result.rows.map((row) => {
      let priceList: CandidatePriceList | null = null;
      if (row.price_list_id !== null) {
        priceList = lists.get(row.price_list_id) ?? null;
        if (!priceList) {
          priceList = {
            id: row.price_list_id,
            name: row.pl_name!,
            description: row.pl_description!,
            type: row.pl_type!,
            status: row.pl_status!,
            starts_at: row.pl_starts_at,
            ends_at: row.pl_ends_at,
            created_at: row.pl_created_at!,
            updated_at: row.pl_updated_at!,
            deleted_at: row.pl_deleted_at,
          };
          lists.set(row.price_list_id, priceList);
        }
      }
      return {
        id: row.id,
        currency_code: row.currency_code,
        amount: row.amount,
        min_quantity: row.min_quantity,
        max_quantity: row.max_quantity,
        price_list_id: row.price_list_id,
        region_id: row.region_id,
        variant_id: row.variant_id,
        created_at: row.created_at,
        updated_at: row.updated_at,
        deleted_at: row.deleted_at,
        price_list: priceList,
      };
    });
  }
}
