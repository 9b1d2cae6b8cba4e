import { describe, expect, it } from "vitest";
import { toPrice, type PriceRow } from "./prices";

const regions = [{ id: "reg_eu", name: "Europe", currency_code: "eur" }, { id: "reg_jp", name: "Japan", currency_code: "jpy" }];
const row = (patch: Partial<PriceRow>): PriceRow => ({ key: "k", variant_id: "variant_1", variant: "1 kg", target: "currency:eur", amount: "80", min: "", max: "", ...patch });

describe("a row of the prices table as the API takes it", () => {
  it("sends a currency price with no region, and a region price with no currency", () => {
    expect(toPrice(row({}), regions)).toEqual({ price: { variant_id: "variant_1", amount: 8000, currency_code: "eur", region_id: null, min_quantity: null, max_quantity: null } });
    expect(toPrice(row({ id: "ma_1", target: "region:reg_jp", amount: "1500", min: "2", max: "10" }), regions)).toEqual({
      price: { id: "ma_1", variant_id: "variant_1", amount: 1500, region_id: "reg_jp", currency_code: null, min_quantity: 2, max_quantity: 10 },
    });
  });

  it("reads the amount in the region's currency", () => {
    expect(toPrice(row({ target: "region:reg_jp", amount: "12.5" }), regions)).toEqual({ error: '1 kg: "12.5" is not an amount in JPY.' });
  });

  it("refuses fractional or inverted quantity tiers", () => {
    expect(toPrice(row({ min: "1.5" }), regions)).toEqual({ error: "1 kg: quantities are whole numbers." });
    expect(toPrice(row({ min: "5", max: "2" }), regions)).toEqual({ error: "1 kg: the maximum quantity is below the minimum." });
  });
});
