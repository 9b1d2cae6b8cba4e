import { VersionedCache } from "../../shared/versioned-cache.js";
import type { VariantPriceRow, VariantPrices } from "./pricing-insight.repository.js";

/**
 * The prices of recently explained variants, each valid for one catalogue version
 * (migration 0008), in least-recently-used order within a budget of rows (VersionedCache).
 *
 * Kept because explain's worst case is a variant in 1,000 price lists: reading and parsing
 * its 1,001 prices with their lists takes 7–15 ms, computing an explanation from them well under
 * one (bench/README.md, "Pricing insight"). What is kept is the shopper- and time-independent
 * part only; the shopper's groups, the memberships' windows and `at` are read or applied on
 * every request, so the answer is the uncached one byte for byte.
 *
 * Never stale, for the store's reason (StoreResponseCache): an entry is used only while the
 * version read from PostgreSQL for this very request is the one it was read at, and every
 * committed change to a catalogue table, by any instance or writer, moves the version.
 */
export class VariantPricesCache extends VersionedCache<readonly VariantPriceRow[]> {
  /** maxRows 0 turns the cache off. */
  constructor(maxRows: number) {
    super(maxRows, (rows) => rows.length);
  }

  /** Keeps what was read, when it carries a version (see VariantPrices) and fits. */
  keep(variantId: string, prices: VariantPrices): void {
    if (prices.version !== null) this.set(variantId, prices.version, prices.rows);
  }
}
