import { describe, expect, it } from "vitest";
import { currencyDigits, parseAmount, toMajorText } from "./format";

describe("amounts in minor units", () => {
  it("knows how many decimals a currency has", () => {
    expect(currencyDigits("eur")).toBe(2);
    expect(currencyDigits("JPY")).toBe(0);
    expect(currencyDigits("kwd")).toBe(3);
    expect(currencyDigits("not-a-currency")).toBe(2);
  });

  it("reads what a merchant types", () => {
    expect(parseAmount("80", "eur")).toBe(8000);
    expect(parseAmount("12.5", "eur")).toBe(1250);
    expect(parseAmount("12,50", "eur")).toBe(1250);
    expect(parseAmount(" 0.07 ", "usd")).toBe(7);
    expect(parseAmount("1500", "jpy")).toBe(1500);
    expect(parseAmount("-1.25", "eur")).toBe(-125);
  });

  it("refuses what is not an amount in that currency", () => {
    for (const text of ["", "abc", "1.234", "1.2.3", "1e3"]) expect(parseAmount(text, "eur"), text).toBeNull();
    expect(parseAmount("15.5", "jpy")).toBeNull();
  });

  it("shows minor units as the amount to edit", () => {
    expect(toMajorText(8000, "eur")).toBe("80.00");
    expect(toMajorText(1500, "jpy")).toBe("1500");
  });
});
