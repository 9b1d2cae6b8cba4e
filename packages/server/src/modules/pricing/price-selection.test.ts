import { describe, expect, it } from "vitest";
import { choosePrice, selectPrice, validQuantity, type PriceCandidate, type SelectionContext } from "./price-selection.js";

const REG = "reg_eu";
const plain = (amount: number, extra: Partial<PriceCandidate> = {}): PriceCandidate => ({
  amount,
  currency_code: "eur",
  region_id: null,
  price_list_id: null,
  min_quantity: null,
  max_quantity: null,
  price_list: null,
  ...extra,
});
const regionPrice = (amount: number, extra: Partial<PriceCandidate> = {}) => plain(amount, { region_id: REG, ...extra });
const listPrice = (amount: number, type: "sale" | "override", extra: Partial<PriceCandidate> = {}) =>
  plain(amount, { price_list_id: `pl_${type}_${amount}`, price_list: { type }, ...extra });

const inRegion: SelectionContext = { region_id: REG, currency_code: "eur", tax_rate: null };
const inCurrency: SelectionContext = { currency_code: "eur" };

describe("selectPrice: original and calculated price (§7.3)", () => {
  const cases: Array<{ name: string; candidates: PriceCandidate[]; context: SelectionContext; original: number | null; calculated: number | null; type?: string }> = [
    { name: "a plain price alone is both original and calculated, type default", candidates: [plain(1000)], context: inCurrency, original: 1000, calculated: 1000, type: "default" },
    { name: "a cheaper sale price wins", candidates: [plain(2000), listPrice(1900, "sale")], context: inCurrency, original: 2000, calculated: 1900, type: "sale" },
    { name: "a cheaper override price wins, labelled override", candidates: [plain(2000), listPrice(1500, "override")], context: inCurrency, original: 2000, calculated: 1500, type: "override" },
    {
      name: "an override above the default is not applied (lowest wins; live check 2000/1900/2500)",
      candidates: [plain(2000), listPrice(1900, "sale"), listPrice(2500, "override")],
      context: inCurrency,
      original: 2000,
      calculated: 1900,
      type: "sale",
    },
    { name: "sale and override: the lowest of either type", candidates: [plain(2000), listPrice(1800, "sale"), listPrice(1700, "override")], context: inCurrency, original: 2000, calculated: 1700, type: "override" },
    { name: "a tie keeps the first met (strict <): default first", candidates: [plain(1000), listPrice(1000, "sale")], context: inCurrency, original: 1000, calculated: 1000, type: "default" },
    { name: "a tie keeps the first met: sale first", candidates: [listPrice(1000, "sale"), plain(1000), listPrice(1000, "override")], context: inCurrency, original: 1000, calculated: 1000, type: "sale" },
    { name: "the region price is the original even after a currency price", candidates: [plain(1200), regionPrice(1100)], context: inRegion, original: 1100, calculated: 1100, type: "default" },
    { name: "the region price is the original even before a currency price", candidates: [regionPrice(1100), plain(1200)], context: inRegion, original: 1100, calculated: 1100, type: "default" },
    { name: "a plain currency price can undercut the region price", candidates: [regionPrice(1100), plain(900)], context: inRegion, original: 1100, calculated: 900, type: "default" },
    { name: "currency fallback for the original when the region has no price", candidates: [plain(1300)], context: inRegion, original: 1300, calculated: 1300, type: "default" },
    { name: "with a currency only, the first plain price in it is the original (even a region's)", candidates: [regionPrice(1100), plain(1200)], context: inCurrency, original: 1100, calculated: 1100, type: "default" },
    { name: "prices in another currency count for nothing", candidates: [plain(500, { currency_code: "usd" }), plain(1000)], context: inCurrency, original: 1000, calculated: 1000, type: "default" },
    { name: "a region price of another region does not count", candidates: [plain(100, { region_id: "reg_other", currency_code: "usd" }), regionPrice(900)], context: inRegion, original: 900, calculated: 900, type: "default" },
    { name: "no region and no currency: nothing is selected", candidates: [plain(1000), listPrice(800, "sale")], context: {}, original: null, calculated: null },
    { name: "a list price alone gives a calculated price but no original", candidates: [listPrice(800, "sale")], context: inCurrency, original: null, calculated: 800, type: "sale" },
    { name: "nothing in the currency: both null", candidates: [plain(1000, { currency_code: "usd" })], context: inCurrency, original: null, calculated: null },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = selectPrice(c.candidates, c.context);
      expect(result.original_price).toBe(c.original);
      expect(result.calculated_price).toBe(c.calculated);
      if (c.type === undefined) expect(result).not.toHaveProperty("calculated_price_type");
      else expect(result.calculated_price_type).toBe(c.type);
    });
  }
});

describe("selectPrice: quantity tiers without a quantity", () => {
  const cases: Array<{ name: string; candidates: PriceCandidate[]; original: number | null; calculated: number | null }> = [
    { name: "a tier with min > 0 is skipped for the calculated price", candidates: [plain(1000), listPrice(500, "sale", { min_quantity: 10 })], original: 1000, calculated: 1000 },
    { name: "an 'up to N' tier (max only) counts", candidates: [plain(1000), listPrice(700, "sale", { max_quantity: 5 })], original: 1000, calculated: 700 },
    { name: "min 0 with a max counts", candidates: [plain(1000), plain(600, { min_quantity: 0, max_quantity: 3 })], original: 1000, calculated: 600 },
    { name: "a plain price with bounds is never the original", candidates: [plain(600, { max_quantity: 3 })], original: null, calculated: 600 },
    { name: "min 0 and no max counts as unbounded for the calculated price", candidates: [plain(400, { min_quantity: 0 })], original: null, calculated: 400 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = selectPrice(c.candidates, inCurrency);
      expect([result.original_price, result.calculated_price]).toEqual([c.original, c.calculated]);
    });
  }

  it("validQuantity follows v1 with a quantity too", () => {
    expect(validQuantity({ min_quantity: 10, max_quantity: null }, 10)).toBe(true);
    expect(validQuantity({ min_quantity: 10, max_quantity: null }, 9)).toBe(false);
    expect(validQuantity({ min_quantity: null, max_quantity: 5 }, 6)).toBe(false);
    expect(validQuantity({ min_quantity: 2, max_quantity: 5 }, 5)).toBe(true);
  });
});

describe("selectPrice: tax fields (§7.4)", () => {
  it("fills taxes with round(x * rate) when the region has automatic taxes (live: 10% of 850 is 85)", () => {
    const result = selectPrice([regionPrice(1000), listPrice(850, "sale")], { ...inRegion, tax_rate: 10 });
    expect(result).toEqual({
      original_price: 1000,
      calculated_price: 850,
      calculated_price_type: "sale",
      original_tax: 100,
      original_price_incl_tax: 1100,
      calculated_tax: 85,
      calculated_price_incl_tax: 935,
      tax_rates: [{ rate: 10, name: "default", code: "default" }],
    });
  });

  it("rounds half up and handles fractional rates", () => {
    const result = selectPrice([regionPrice(1005)], { ...inRegion, tax_rate: 12.5 });
    expect([result.calculated_tax, result.calculated_price_incl_tax]).toEqual([126, 1131]);
  });

  it("taxes a zero price as zero, and leaves null amounts untaxed", () => {
    const result = selectPrice([listPrice(0, "sale")], { ...inRegion, tax_rate: 20 });
    expect(result).toMatchObject({ original_price: null, original_tax: null, original_price_incl_tax: null, calculated_price: 0, calculated_tax: 0, calculated_price_incl_tax: 0 });
  });

  it("leaves every tax field null without automatic taxes, or without a region", () => {
    const nulls = { original_tax: null, original_price_incl_tax: null, calculated_tax: null, calculated_price_incl_tax: null, tax_rates: null };
    expect(selectPrice([regionPrice(1000)], { ...inRegion, tax_rate: null })).toMatchObject(nulls);
    expect(selectPrice([plain(1000)], { currency_code: "eur", tax_rate: 25 })).toMatchObject(nulls);
  });
});

describe("choosePrice: which candidates selectPrice took (the admin explanation's winner)", () => {
  it("points at the first of the lowest valid prices, and at the original's plain price", () => {
    expect(choosePrice([plain(1000), listPrice(900, "sale"), listPrice(900, "override")], inCurrency)).toEqual({ original: 0, calculated: 1 });
    expect(choosePrice([plain(1200), regionPrice(1100), regionPrice(1150)], inRegion)).toEqual({ original: 2, calculated: 1 });
    expect(choosePrice([listPrice(800, "sale", { min_quantity: 10 }), plain(1000)], { ...inCurrency, quantity: 1 })).toEqual({ original: 1, calculated: 1 });
  });

  it("answers -1 when nothing is chosen, and agrees with selectPrice", () => {
    expect(choosePrice([], inCurrency)).toEqual({ original: -1, calculated: -1 });
    expect(choosePrice([plain(1000, { currency_code: "usd" })], inCurrency)).toEqual({ original: -1, calculated: -1 });
    const candidates = [listPrice(700, "override", { max_quantity: 5 }), plain(1000), listPrice(650, "sale", { min_quantity: 3 })];
    for (const quantity of [undefined, 1, 3, 6]) {
      const choice = choosePrice(candidates, { ...inCurrency, quantity });
      const pricing = selectPrice(candidates, { ...inCurrency, quantity });
      expect(choice.calculated === -1 ? null : candidates[choice.calculated]!.amount).toBe(pricing.calculated_price);
      expect(choice.original === -1 ? null : candidates[choice.original]!.amount).toBe(pricing.original_price);
    }
  });
});
