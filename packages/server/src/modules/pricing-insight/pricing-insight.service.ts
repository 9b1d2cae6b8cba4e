import { invalidData, notFound } from "../../shared/errors.js";
import { groupNotFound } from "../customer-groups/customer-groups.service.js";
import { priceListNotFound } from "../price-lists/price-lists.service.js";
import { variantNotFound } from "../products/products.service.js";
import { regionNotFound } from "../regions/regions.service.js";
import { choosePrice, selectPrice, validQuantity, type SelectionContext } from "../pricing/price-selection.js";
import { isoOf } from "../../shared/dates.js";
import { contextOf } from "../pricing/pricing.service.js";
import type { ConflictRow, PricingInsightRepository, VariantPriceRow } from "./pricing-insight.repository.js";
import { VariantPricesCache } from "./variant-prices-cache.js";
import type {
  ConflictsQuery,
  DropReason,
  ExplainCandidate,
  ExplainQuery,
  Explanation,
  ImpactQuery,
  PriceListConflict,
  PriceListImpact,
} from "@cohort/contract";

/** An ISO 8601 date, or date and time with a zone (a time without one would depend on the server's zone). */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}(?::?\d{2})?))?$/i;

/** Date.parse rolls 2025-02-30 over to March 2nd: the day must exist. */
function realDay(text: string): boolean {
  const [y, m, d] = text.slice(0, 10).split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** `at` → a normalised ISO time, or null for "now" (the database's clock, as the store). */
function parseAt(at: string | undefined): string | null {
  if (at === undefined) return null;
  const time = ISO_TIME.test(at) && realDay(at) ? Date.parse(at) : Number.NaN;
  if (Number.isNaN(time)) throw invalidData("at must be an ISO 8601 date (e.g. 2025-01-31T12:00:00Z)");
  return new Date(time).toISOString();
}

const customerNotFound = (id: string) => notFound(`Customer with id: ${id} was not found`);

/** The shopper an explanation prices for. */
interface Shopper {
  customerId: string | null;
  groupIds: string[];
  anonymous: boolean;
}

/** The price lists the shopper's groups (at the instant asked for) have, and that instant in microseconds. */
interface Moment {
  lists: ReadonlySet<string>;
  atUs: number;
}

function shopperOf(query: ExplainQuery): Shopper {
  const given = [query.customer_id !== undefined, query.customer_group_id !== undefined, query.anonymous === true].filter(Boolean).length;
  if (given !== 1) throw invalidData("Exactly one of customer_id, customer_group_id or anonymous=true is required");
  return {
    customerId: query.customer_id ?? null,
    groupIds: [...new Set(query.customer_group_id ?? [])],
    anonymous: query.anonymous === true,
  };
}

/**
 * Why a price is not one of the store's candidates for this shopper, every true reason in
 * DROP_REASONS order. The rules mirror the store's candidate query (pricing/candidates-sql.ts,
 * shopperLists and inRegionOrCurrency) and selection's quantity rule; the property test
 * (explain-vs-store.test.ts) holds the two together.
 */
function reasonsOf(row: VariantPriceRow, shopper: Shopper, moment: Moment, selection: SelectionContext): { entitled: boolean; reasons: DropReason[] } {
  const reasons: DropReason[] = [];
  if (row.price_list_id !== null) {
    if (row.price_list_status !== "active") reasons.push("price_list_draft");
    // As SQL compares them (the store's `starts_at < now()`, `ends_at > now()`), to the microsecond.
    if (row.starts_us !== null && row.starts_us >= moment.atUs) reasons.push("price_list_not_started");
    if (row.ends_us !== null && row.ends_us <= moment.atUs) reasons.push("price_list_expired");
    if (!row.public && !moment.lists.has(row.price_list_id)) reasons.push(shopper.anonymous ? "anonymous_shopper" : "group_not_entitled");
  }
  const regionId = selection.region_id ?? null;
  const inRegion = regionId !== null && row.region_id === regionId;
  if (!inRegion && row.currency_code !== selection.currency_code) {
    reasons.push("currency_mismatch");
    if (regionId !== null && row.region_id !== null) reasons.push("region_mismatch");
  }
  // What is dropped so far is not among the store's candidates at all; the quantity only
  // decides whether a candidate can be selected.
  const entitled = reasons.length === 0;
  if (!validQuantity(row, selection.quantity)) {
    const q = selection.quantity;
    if (row.min_quantity && (q === undefined || row.min_quantity > q)) reasons.push("quantity_below_min");
    if (row.max_quantity && q !== undefined && row.max_quantity < q) reasons.push("quantity_above_max");
  }
  return { entitled, reasons };
}

const priceOf = (row: ConflictRow, side: "this" | "other") => ({
  money_amount_id: side === "this" ? row.this_id : row.other_id,
  amount: side === "this" ? row.this_amount : row.other_amount,
  region_id: side === "this" ? row.this_region_id : row.other_region_id,
  min_quantity: side === "this" ? row.this_min : row.other_min,
  max_quantity: side === "this" ? row.this_max : row.other_max,
});

function audienceOf(row: ConflictRow): string {
  if (row.public && row.this_public) return "both lists are public";
  if (row.public) return "the other list is public, so every customer entitled to this one sees it too";
  if (row.this_public) return "this list is public, so every customer entitled to the other one sees it too";
  return "a customer is in a group of each list";
}

/** Admin insight into pricing: why a shopper pays a price, and what a price list changes. */
export class PricingInsightService {
  /** cache: the variants' prices kept per catalogue version (off when not given). */
  constructor(
    private readonly repository: PricingInsightRepository,
    private readonly cache: VariantPricesCache = new VariantPricesCache(0),
  ) {}

  /** The variant's prices at the catalogue version this request read: kept, else read (and kept). */
  private async variantPrices(variantId: string, version: string): Promise<readonly VariantPriceRow[]> {
    const kept = this.cache.get(variantId, version);
    if (kept) return kept;
    const prices = await this.repository.variantPrices(variantId);
    this.cache.keep(variantId, prices);
    return prices.rows;
  }

  /**
   * A variant's price for a shopper at a time, with every price of the variant and why it
   * applies or not. The store's own context (contextOf) and selection (selectPrice,
   * choosePrice) decide over the same candidates, in the same order, as the store's query.
   */
  async explain(query: ExplainQuery): Promise<Explanation> {
    const shopper = shopperOf(query);
    if ((query.region_id === undefined) === (query.currency_code === undefined)) {
      throw invalidData("Exactly one of region_id or currency_code is required");
    }
    const at = parseAt(query.at);
    const subjects = await this.repository.explainSubjects({
      variantId: query.variant_id,
      regionId: query.region_id ?? null,
      customerId: shopper.customerId,
      groupIds: shopper.groupIds,
      at,
    });
    if (!subjects.variant_exists) throw variantNotFound(query.variant_id);
    if (query.region_id !== undefined && !subjects.region) throw regionNotFound(query.region_id);
    if (subjects.customer_exists === false) throw customerNotFound(shopper.customerId!);
    if (subjects.missing_group !== null) throw groupNotFound(subjects.missing_group);

    const groupIds = shopper.customerId !== null ? subjects.customer_groups : [...shopper.groupIds].sort();
    const rows = await this.variantPrices(query.variant_id, subjects.catalog_version);
    const moment: Moment = { lists: new Set(subjects.shopper_lists), atUs: subjects.at_us };
    const context = contextOf(subjects.region, { currency_code: query.currency_code }, shopper.customerId);
    const selection: SelectionContext = { ...context.selection, quantity: query.quantity };

    const candidates: ExplainCandidate[] = [];
    const storeCandidates: VariantPriceRow[] = [];
    const indexOf: number[] = [];
    for (const row of rows) {
      const { entitled, reasons } = reasonsOf(row, shopper, moment, selection);
      if (entitled) {
        storeCandidates.push(row);
        indexOf.push(candidates.length);
      }
      candidates.push({
        money_amount_id: row.id,
        price_list_id: row.price_list_id,
        price_list_name: row.price_list_name,
        price_list_type: row.price_list_type,
        amount: row.amount,
        currency_code: row.currency_code,
        region_id: row.region_id,
        min_quantity: row.min_quantity,
        max_quantity: row.max_quantity,
        applies: reasons.length === 0,
        reasons,
      });
    }
    const selectable = storeCandidates.map((row) => ({ ...row, price_list: row.price_list_type ? { type: row.price_list_type } : null }));
    const pricing = selectPrice(selectable, selection);
    const choice = choosePrice(selectable, selection);
    const winner = choice.calculated === -1 ? null : candidates[indexOf[choice.calculated]!]!;
    return {
      variant_id: query.variant_id,
      customer_id: shopper.customerId,
      customer_group_ids: groupIds,
      region_id: subjects.region?.id ?? null,
      currency_code: context.currencyCode!,
      quantity: query.quantity ?? null,
      at: isoOf(subjects.at)!,
      original_price: pricing.original_price,
      calculated_price: pricing.calculated_price,
      calculated_price_type: pricing.calculated_price_type ?? null,
      winner: winner && { money_amount_id: winner.money_amount_id, price_list_id: winner.price_list_id, amount: winner.amount, rule: "lowest_amount" },
      candidates,
    };
  }

  /** What a price list does for its customers at a time (default now); see ImpactResponse. */
  async impact(priceListId: string, query: ImpactQuery): Promise<PriceListImpact> {
    const header = await this.repository.impactHeader(priceListId, parseAt(query.at));
    if (!header.exists) throw priceListNotFound(priceListId);
    const { keys, negative } = await this.repository.impactByCurrency(priceListId, header.at);
    const unpriced = await this.repository.unpricedVariants(priceListId);
    return {
      price_list_id: priceListId,
      at: isoOf(header.at)!,
      active: header.active,
      public: header.public,
      customers_entitled: header.customers_entitled,
      prices: header.prices,
      variants_priced: header.variants_priced,
      by_currency: keys.map((k) => ({ ...k, mean_saving: k.mean_saving === null ? null : Number(k.mean_saving) })),
      negative_discounts: negative,
      unpriced_variants: unpriced,
    };
  }

  /** Other active lists that price the same thing differently for a shared customer; see ConflictsResponse. */
  async conflicts(priceListId: string, query: ConflictsQuery): Promise<{ conflicts: PriceListConflict[]; count: number; offset: number; limit: number }> {
    if (!(await this.repository.priceListExists(priceListId))) throw priceListNotFound(priceListId);
    const { rows, count } = await this.repository.conflicts(priceListId, query.offset, query.limit);
    const conflicts = rows.map((row): PriceListConflict => {
      const thisWins = row.this_amount < row.other_amount;
      const [low, high] = thisWins ? [row.this_amount, row.other_amount] : [row.other_amount, row.this_amount];
      return {
        price_list_id: row.price_list_id,
        price_list_name: row.price_list_name,
        price_list_type: row.price_list_type,
        public: row.public,
        variant_id: row.variant_id,
        currency_code: row.currency_code,
        this_price: priceOf(row, "this"),
        other_price: priceOf(row, "other"),
        winner_price_list_id: thisWins ? priceListId : row.price_list_id,
        rule: "lowest_amount",
        why: `${audienceOf(row)}: where their quantity ranges and windows meet, the store charges the lowest amount (${low} < ${high}), whatever the lists' types`,
      };
    });
    return { conflicts, count, offset: query.offset, limit: query.limit };
  }
}
