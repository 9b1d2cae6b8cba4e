import type { Database } from "../../db/database.js";
import type { Executor } from "../../db/sql.js";
import type { PriceListRow } from "../../db/schema.js";
import type { OrderBy } from "../../shared/list-options.js";
import { invalidData, notFound } from "../../shared/errors.js";
import { groupBy } from "../../shared/group-by.js";
import { newId } from "../../shared/ids.js";
import {
  type AddPricesBody,
  type CreatePriceListBody,
  type PriceCreate,
  type PriceList,
  type PriceListPrice,
  type PriceListVariant,
  type PriceUpdate,
  type Product,
  type UpdatePriceListBody,
} from "@cohort/contract";
import { assembleProducts, type ProductRelation } from "../products/products.serializer.js";
import type { ProductReads } from "../products/products.service.js";
import { regionNotFound, type RegionLookup } from "../regions/regions.service.js";
import type { NewPrice, PriceChange, PriceListFilters, PriceListPatch, PriceListsRepository, PriceRow } from "./price-lists.repository.js";
import { parseDateInput } from "./price-lists.validation.js";
import { systemContext, type ChangeContext } from "../../shared/change-context.js";
import type { EventLog, EventType } from "../events/event-log.js";
import { inTransaction } from "../../db/transaction.js";

/** Which relations a price list is shown with. */
export interface Relations {
  prices: boolean;
  variants: boolean;
  groups: boolean;
}

/** What the list route parsed out of the query string. */
export interface PriceListListOptions {
  filters: PriceListFilters;
  order: OrderBy;
  offset: number;
  limit: number;
  relations: Relations;
}

/** What the products route parsed out of the query string (it projects `fields` itself). */
export interface PriceListProductsOptions {
  filter: Omit<Parameters<ProductReads["listProducts"]>[0], "price_list_id">;
  order: OrderBy;
  offset: number;
  limit: number;
  relations: ReadonlySet<ProductRelation>;
}

/** The default retrieve projection of v1 (create, retrieve, update, add prices). */
const DEFAULT_RELATIONS: Relations = { prices: true, variants: true, groups: true };

const XOR_MESSAGE =
  'Failed XOR relation between "region_id" and "currency_code"., Failed XOR relation between "currency_code" and "region_id".';

/** A price of a request with its region and currency settled. */
interface ResolvedPrice {
  input: PriceCreate | PriceUpdate;
  region_id: string | undefined;
  currency_code: string | undefined;
}

export const priceListNotFound = (id: string) => notFound(`Price list with id: ${id} was not found`);

const nonEmpty = (value: string | null | undefined): string | undefined => (value ? value : undefined);

function toDate(field: string, value: string | number | null): Date | null {
  if (value === null) return null;
  const date = parseDateInput(value);
  if (!date) throw invalidData(`${field} must be a valid date`);
  return date;
}

function firstMissing(ids: readonly string[], found: { has(id: string): boolean }): string | undefined {
  return ids.find((id) => !found.has(id));
}

export class PriceListsService {
  constructor(
    private readonly db: Database,
    private readonly repo: PriceListsRepository,
    private readonly products: ProductReads,
    private readonly regions: RegionLookup,
    private readonly events: EventLog,
  ) {}

  /** Writes a price list event in the change's transaction, with the list as it now is. */
  private async emit(type: EventType, id: string, executor: Executor, ctx: ChangeContext, extra: Record<string, unknown> = {}): Promise<void> {
    const [row, groupIds] = [await this.repo.findById(id, executor), await this.repo.groupIdsOf(id, executor)];
    await this.events.insert(
      [{ type, data: { ...row, customer_groups: groupIds.map((g) => ({ id: g })), ...extra }, price_list_id: id }],
      ctx,
      executor,
    );
  }

  async list({ filters, order, offset, limit, relations }: PriceListListOptions): Promise<{ price_lists: PriceList[]; count: number; offset: number; limit: number }> {
    const { rows, count } = await this.repo.list(filters, order, offset, limit);
    return { price_lists: await this.withRelations(rows, relations), count, offset, limit };
  }

  async retrieve(id: string): Promise<PriceList> {
    const row = await this.repo.findById(id);
    if (!row) throw priceListNotFound(id);
    const [priceList] = await this.withRelations([row], DEFAULT_RELATIONS);
    return priceList!;
  }

  async create(body: CreatePriceListBody, ctx: ChangeContext = systemContext()): Promise<PriceList> {
    const id = newId("pl");
    await inTransaction(this.db, async (trx) => {
      const prices = await this.resolvePrices(body.prices, trx);
      const groupIds = await this.checkGroups(body.customer_groups, trx);
      await this.repo.insert(
        {
          id,
          name: body.name,
          description: body.description,
          type: body.type,
          status: body.status ?? "draft",
          starts_at: body.starts_at === undefined ? null : toDate("starts_at", body.starts_at),
          ends_at: body.ends_at === undefined ? null : toDate("ends_at", body.ends_at),
        },
        trx,
      );
      await this.repo.insertPrices(id, prices.map(newPrice), trx);
      if (groupIds) await this.repo.addGroups(id, groupIds, trx);
      await this.emit("price_list.created", id, trx, ctx);
    });
    return this.retrieve(id);
  }

  async update(id: string, body: UpdatePriceListBody, ctx: ChangeContext = systemContext()): Promise<PriceList> {
    await inTransaction(this.db, async (trx) => {
      if (!(await this.repo.lockById(id, trx))) throw priceListNotFound(id);
      const prices = body.prices ? await this.resolvePrices(body.prices, trx) : [];

      // An entry with an id updates that price of this list; one without inserts (v1 never deletes here).
      const changes = new Map<string, PriceChange>();
      const inserts: NewPrice[] = [];
      for (const price of prices) {
        const priceId = (price.input as PriceUpdate).id;
        if (priceId) {
          changes.set(priceId, {
            id: priceId,
            amount: price.input.amount,
            region_id: price.region_id,
            currency_code: price.currency_code,
            min_quantity: price.input.min_quantity,
            max_quantity: price.input.max_quantity,
          });
        } else {
          inserts.push(newPrice(price));
        }
      }
      const changeIds = [...changes.keys()];
      const known = await this.repo.priceIdsInList(id, changeIds, trx);
      const unknown = firstMissing(changeIds, known);
      if (unknown) throw notFound(`Money amount with id: ${unknown} was not found in price list ${id}`);
      const groupIds = await this.checkGroups(body.customer_groups, trx);

      const patch: PriceListPatch = {};
      if (body.name !== undefined) patch.name = body.name;
      if (body.description !== undefined) patch.description = body.description;
      if (body.type !== undefined) patch.type = body.type;
      if (body.status !== undefined) patch.status = body.status;
      if (body.starts_at !== undefined) patch.starts_at = toDate("starts_at", body.starts_at);
      if (body.ends_at !== undefined) patch.ends_at = toDate("ends_at", body.ends_at);
      await this.repo.update(id, patch, trx);
      await this.repo.updatePrices(id, [...changes.values()], trx);
      await this.repo.insertPrices(id, inserts, trx);
      if (groupIds) await this.repo.replaceGroups(id, groupIds, trx);
      await this.emit("price_list.updated", id, trx, ctx);
      if (prices.length > 0) await this.emit("price_list.prices_updated", id, trx, ctx, { updated_price_ids: [...changes.keys()], added_price_ids: inserts.map((p) => p.id) });
    });
    return this.retrieve(id);
  }

  /** Idempotent hard delete. */
  async delete(id: string, ctx: ChangeContext = systemContext()): Promise<void> {
    await inTransaction(this.db, async (trx) => {
      const row = await this.repo.delete(id, trx);
      if (row) await this.events.insert([{ type: "price_list.deleted", data: { id, name: row.name }, price_list_id: id }], ctx, trx);
    });
  }

  /** Inserts new prices; with `override`, every other price of the list goes. */
  async addPrices(id: string, body: AddPricesBody, ctx: ChangeContext = systemContext()): Promise<PriceList> {
    await inTransaction(this.db, async (trx) => {
      if (!(await this.repo.lockById(id, trx))) throw priceListNotFound(id);
      const prices = (await this.resolvePrices(body.prices, trx)).map(newPrice);
      await this.repo.insertPrices(id, prices, trx);
      if (body.override) {
        await this.repo.deletePricesExcept(
          id,
          prices.map((p) => p.id),
          trx,
        );
      }
      await this.emit("price_list.prices_updated", id, trx, ctx, { added_price_ids: prices.map((p) => p.id), override: body.override ?? false });
    });
    return this.retrieve(id);
  }

  /** Deletes the given prices of the list; ids of other lists are ignored. */
  async deletePrices(id: string, priceIds: string[], ctx: ChangeContext = systemContext()): Promise<void> {
    if (!(await this.repo.findById(id))) throw priceListNotFound(id);
    await this.deletingPrices(id, ctx, (trx) => this.repo.deletePrices(id, priceIds, trx));
  }

  /** The ids actually deleted; an unknown list or product deletes nothing. */
  deleteProductsPrices(id: string, productIds: string[], ctx: ChangeContext = systemContext()): Promise<string[]> {
    return this.deletingPrices(id, ctx, (trx) => this.repo.deletePricesOfProducts(id, productIds, trx));
  }

  deleteVariantPrices(id: string, variantId: string, ctx: ChangeContext = systemContext()): Promise<string[]> {
    return this.deletingPrices(id, ctx, (trx) => this.repo.deletePricesOfVariant(id, variantId, trx));
  }

  /** A price deletion and, when it deleted anything, its price_list.prices_updated event. */
  private deletingPrices(id: string, ctx: ChangeContext, work: (trx: Executor) => Promise<string[]>): Promise<string[]> {
    return inTransaction(this.db, async (trx) => {
      const deleted = await work(trx);
      if (deleted.length > 0) await this.emit("price_list.prices_updated", id, trx, ctx, { deleted_price_ids: deleted });
      return deleted;
    });
  }

  /**
   * Products having a price in this list (v1's admin product shape). Each variant's prices
   * are its prices outside any list plus this list's, with `price_list`; other lists' prices
   * are left out. An unknown list has no products.
   */
  async listProducts(id: string, { filter, order, offset, limit, relations }: PriceListProductsOptions): Promise<{ products: Product[]; count: number }> {
    const { rows, count } = await this.products.listProducts({ ...filter, price_list_id: [id] }, { offset, limit, order });
    const variants = relations.has("variants") ? await this.products.findVariantsByProductIds(rows.map((r) => r.id)) : [];
    const prices = await this.products.findPricesWithListByVariantIds(
      variants.map((v) => v.id),
      { kind: "plain-and-lists", priceListIds: [id] },
    );
    return { products: assembleProducts(rows, variants, prices, relations), count };
  }

  // ---------------------------------------------------------------------------------------

  /**
   * Settles region and currency: a region price takes the region's currency. An unknown
   * region is a 404 (v1 answers 500), an unknown currency v1's 404.
   */
  private async resolvePrices(prices: ReadonlyArray<PriceCreate | PriceUpdate>, db: Database): Promise<ResolvedPrice[]> {
    const regionIds = [...new Set(prices.map((p) => nonEmpty(p.region_id)).filter((r): r is string => r !== undefined))];
    const regions = new Map((await this.regions.findByIds(regionIds, db)).map((r) => [r.id, r.currency_code]));
    const missingRegion = firstMissing(regionIds, regions);
    if (missingRegion) throw regionNotFound(missingRegion);

    const resolved = prices.map((input): ResolvedPrice => {
      const region_id = nonEmpty(input.region_id);
      return { input, region_id, currency_code: region_id ? regions.get(region_id) : nonEmpty(input.currency_code) };
    });
    const codes = [...new Set(resolved.filter((p) => !p.region_id && p.currency_code).map((p) => p.currency_code!))];
    const currencies = await this.regions.existingCurrencies(codes, db);
    const missingCurrency = firstMissing(codes, currencies);
    if (missingCurrency) throw notFound(`Currency with currency_code ${missingCurrency} does not exist.`);
    return resolved;
  }

  /** The distinct group ids, after checking each exists (v1 names the first unknown one). */
  private async checkGroups(refs: Array<{ id: string }> | undefined, db: Database): Promise<string[] | undefined> {
    if (!refs) return undefined;
    const ids = [...new Set(refs.map((r) => r.id))];
    const missing = firstMissing(ids, await this.repo.existingGroups(ids, db));
    if (missing !== undefined) throw notFound(`CustomerGroup with id ${missing} was not found`);
    return ids;
  }

  /** Loads the requested relations of a page of lists: one query per relation. */
  private async withRelations(rows: PriceListRow[], relations: Relations): Promise<PriceList[]> {
    const ids = rows.map((r) => r.id);
    const [prices, groups] = await Promise.all([
      relations.prices ? this.repo.pricesOf(ids) : Promise.resolve([]),
      relations.groups ? this.repo.groupsOf(ids) : Promise.resolve([]),
    ]);
    const variants = relations.variants ? await this.products.findVariantsByIds([...new Set(prices.map((p) => p.variant_id))]) : [];
    const variantById = new Map(variants.map((v) => [v.id, v]));

    const pricesByList = groupBy(prices, (p) => p.price_list_id);
    const groupsByList = groupBy(groups, (g) => g.price_list_id);
    const shown = (price: PriceRow) => (relations.variants ? withVariant(price, variantById.get(price.variant_id)) : withoutVariant(price));

    return rows.map((row) => {
      const out: PriceList = { ...row };
      if (relations.prices) out.prices = (pricesByList.get(row.id) ?? []).map(shown);
      if (relations.groups) out.customer_groups = (groupsByList.get(row.id) ?? []).map(({ price_list_id: _l, ...group }) => group);
      return out;
    });
  }
}

function newPrice(price: ResolvedPrice): NewPrice {
  // Validation guarantees a region or currency on new prices; an add-batch entry carrying an
  // `id` skips that rule in v1, but is still a new price here and needs one.
  if (!price.currency_code) throw invalidData(XOR_MESSAGE);
  return {
    id: newId("ma"),
    variant_id: price.input.variant_id,
    currency_code: price.currency_code,
    region_id: price.region_id ?? null,
    amount: price.input.amount,
    min_quantity: price.input.min_quantity ?? null,
    max_quantity: price.input.max_quantity ?? null,
  };
}

function withoutVariant(price: PriceRow): PriceListPrice {
  const { variant_id: _variantId, ...columns } = price;
  return columns;
}

/** v1's shape: `variants` always; `variant` and `variant_id` only when the variant exists. */
function withVariant(price: PriceRow, variant: PriceListVariant | undefined): PriceListPrice {
  const columns = withoutVariant(price);
  return variant ? { ...columns, variants: [variant], variant, variant_id: variant.id } : { ...columns, variants: [] };
}
