import type { VariantPriceRow, VariantPrices } from "./pricing-insight.repository.js";

interface Entry {
  version: string;
  rows: readonly VariantPriceRow[];
}

/**
 * The prices of recently explained variants, each valid for one catalogue version
 * (migration 0008), in least-recently-used order within a budget of rows.
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
export class VariantPricesCache {
  private readonly entries = new Map<string, Entry>();
  private held = 0;

  /** maxRows 0 turns the cache off. */
  constructor(private readonly maxRows: number) {}

  /** Rows held, over all variants. */
  get rows(): number {
    return this.held;
  }

  get(variantId: string, version: string): readonly VariantPriceRow[] | undefined {
    const entry = this.entries.get(variantId);
    if (!entry) return undefined;
    if (entry.version !== version) {
      this.delete(variantId, entry);
      return undefined;
    }
    this.entries.delete(variantId);
    this.entries.set(variantId, entry);
    return entry.rows;
  }

  /** Keeps what was read, when it carries a version and fits. */
  set(variantId: string, prices: VariantPrices): void {
    const old = this.entries.get(variantId);
    if (old) this.delete(variantId, old);
    if (this.maxRows === 0 || prices.version === null || prices.rows.length > this.maxRows) return;
    this.entries.set(variantId, { version: prices.version, rows: prices.rows });
    this.held += prices.rows.length;
    for (const [id, entry] of this.entries) {
      if (this.held <= this.maxRows) break;
      this.delete(id, entry);
    }
  }

  private delete(variantId: string, entry: Entry): void {
    this.entries.delete(variantId);
    this.held -= entry.rows.length;
  }
}
