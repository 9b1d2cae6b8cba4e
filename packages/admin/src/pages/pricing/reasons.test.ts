import { describe, expect, it } from "vitest";
import { quantityRange, reasonText, REASONS } from "./reasons";

describe("reason texts", () => {
  it("has a sentence for every reason code the API documents", () => {
    expect(Object.keys(REASONS).sort()).toEqual(
      [
        "anonymous_shopper",
        "currency_mismatch",
        "group_not_entitled",
        "price_list_draft",
        "price_list_expired",
        "price_list_not_started",
        "quantity_above_max",
        "quantity_below_min",
        "region_mismatch",
      ].sort(),
    );
    expect(reasonText("price_list_expired")).toBe("The price list has ended.");
  });

  it("shows an unknown code as it is, rather than nothing", () => {
    expect(reasonText("some_new_reason")).toBe("some_new_reason");
  });

  it("describes quantity ranges", () => {
    expect(quantityRange(null, null)).toBe("Any quantity");
    expect(quantityRange(10, null)).toBe("From 10");
    expect(quantityRange(null, 9)).toBe("Up to 9");
    expect(quantityRange(10, 49)).toBe("10–49");
    expect(quantityRange(5, 5)).toBe("Exactly 5");
  });
});
