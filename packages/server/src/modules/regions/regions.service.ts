import type { Database } from "../../db/database.js";
import type { Executor } from "../../db/sql.js";
import type { RegionRow } from "../../db/schema.js";
import { duplicate, invalidData, notFound } from "../../shared/errors.js";
import { newId } from "../../shared/ids.js";
import { mergeMetadata, metadataPatch } from "../../shared/metadata.js";
import { countryName, normaliseCountries, toCountry } from "./countries.js";
import type { CreateRegionBody, Region, UpdateRegionBody } from "@cohort/contract";
import type { Page, RegionFilter, RegionsRepository } from "./regions.repository.js";
import { inTransaction } from "../../db/transaction.js";

/**
 * What other modules read of regions and currencies (the regions module owns both;
 * RegionsRepository is one): region rows by id, and which currency codes exist.
 */
export type RegionLookup = Pick<RegionsRepository, "findById" | "findByIds" | "existingCurrencies">;

/** What the list routes parsed out of the query string (the routes project `fields` and `expand`). */
export interface RegionListOptions {
  filter: RegionFilter;
  page: Page;
}

/** v1's message for an unknown region, on admin routes and in store pricing alike. */
export const regionNotFound = (id: string) => notFound(`Region with ${id} was not found`);

/** A region row as v1 serialises it with its default relations. */
export function serializeRegion(row: RegionRow): Region {
  return {
    id: row.id,
    name: row.name,
    currency_code: row.currency_code,
    tax_rate: row.tax_rate,
    tax_code: row.tax_code,
    gift_cards_taxable: row.gift_cards_taxable,
    automatic_taxes: row.automatic_taxes,
    tax_provider_id: null,
    metadata: row.metadata,
    created_at: row.created_at,
    updated_at: row.updated_at,
    deleted_at: row.deleted_at,
    countries: row.countries.map((code) => toCountry(code, row.id)),
    payment_providers: row.payment_providers.map((id) => ({ id, is_installed: true })),
    fulfillment_providers: row.fulfillment_providers.map((id) => ({ id, is_installed: true })),
  };
}

export class RegionsService {
  constructor(
    private readonly db: Database,
    private readonly regions: RegionsRepository,
  ) {}

  async list({ filter, page }: RegionListOptions): Promise<{ regions: Region[]; count: number }> {
    const { rows, count } = await this.regions.list(filter, page);
    return { regions: rows.map(serializeRegion), count };
  }

  async retrieve(id: string): Promise<Region> {
    const row = await this.regions.findById(id);
    if (!row) throw regionNotFound(id);
    return serializeRegion(row);
  }

  async create(input: CreateRegionBody): Promise<Region> {
    validateTaxRate(input.tax_rate);
    const countries = normaliseCountries(input.countries ?? []);
    const row = await inTransaction(this.db, async (trx) => {
      const currency_code = await this.checkCurrency(input.currency_code, trx);
      await this.checkCountriesFree(countries, null, trx);
      return this.regions.insert(
        {
          id: newId("reg"),
          name: input.name,
          currency_code,
          tax_rate: input.tax_rate,
          tax_code: input.tax_code ?? null,
          gift_cards_taxable: input.gift_cards_taxable ?? true,
          automatic_taxes: input.automatic_taxes ?? true,
          countries,
          payment_providers: unique(input.payment_providers ?? []),
          fulfillment_providers: unique(input.fulfillment_providers ?? []),
          metadata: input.metadata ? JSON.stringify(mergeMetadata(null, input.metadata)) : null,
        },
        trx,
      );
    });
    return serializeRegion(row);
  }

  async update(id: string, input: UpdateRegionBody): Promise<Region> {
    if (input.tax_rate !== undefined) validateTaxRate(input.tax_rate);
    const countries = input.countries ? normaliseCountries(input.countries) : undefined;
    const row = await inTransaction(this.db, async (trx) => {
      const current = await this.regions.findById(id, trx);
      if (!current) throw regionNotFound(id);
      const patch: Parameters<RegionsRepository["update"]>[1] = {};
      if (input.name !== undefined) patch.name = input.name;
      if (input.currency_code !== undefined) patch.currency_code = await this.checkCurrency(input.currency_code, trx);
      if (input.tax_rate !== undefined) patch.tax_rate = input.tax_rate;
      if (input.tax_code !== undefined) patch.tax_code = input.tax_code;
      if (input.gift_cards_taxable !== undefined) patch.gift_cards_taxable = input.gift_cards_taxable;
      if (input.automatic_taxes !== undefined) patch.automatic_taxes = input.automatic_taxes;
      if (input.payment_providers !== undefined) patch.payment_providers = unique(input.payment_providers);
      if (input.fulfillment_providers !== undefined) patch.fulfillment_providers = unique(input.fulfillment_providers);
      if (countries) {
        await this.checkCountriesFree(countries, id, trx);
        patch.countries = countries;
      }
      const updated = await this.regions.update(id, patch, metadataPatch(input.metadata), trx);
      if (!updated) throw regionNotFound(id);
      return updated;
    });
    return serializeRegion(row);
  }

  /** As v1: an unknown region is a 404; a deleted one is gone for good. */
  async delete(id: string): Promise<void> {
    const deleted = await this.regions.softDelete(id);
    if (!deleted) throw regionNotFound(id);
  }

  private async checkCurrency(code: string, executor: Executor): Promise<string> {
    const lower = code.toLowerCase();
    if (!(await this.regions.currencyExists(lower, executor))) throw notFound(`Currency with currency_code ${lower} does not exist.`);
    return lower;
  }

  private async checkCountriesFree(countries: string[], regionId: string | null, executor: Executor): Promise<void> {
    if (countries.length === 0) return;
    await this.regions.lockCountries(executor);
    const owners = await this.regions.findCountryOwners(countries, regionId, executor);
    for (const code of countries) {
      const owner = owners.find((o) => o.countries.includes(code));
      if (owner) throw duplicate(`${countryName(code)} already exists in region ${owner.id}`);
    }
  }
}

function validateTaxRate(rate: number): void {
  // v1's message, although the accepted range is 0 to 100.
  if (!Number.isFinite(rate) || rate < 0 || rate > 100) throw invalidData("The tax_rate must be between 0 and 1");
}

const unique = (values: readonly string[]) => [...new Set(values)];
