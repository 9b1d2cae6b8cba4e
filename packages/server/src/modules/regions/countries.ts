import { invalidData } from "../../shared/errors.js";

const names = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });

// Two-letter region codes that ICU names but that are not countries.
const NOT_COUNTRIES = new Set(["EU", "EZ", "UN", "ZZ", "QO", "XA", "XB"]);

export interface Country {
  iso_2: string;
  name: string;
  display_name: string;
  region_id: string | null;
}

/** The display name of an ISO 3166-1 alpha-2 code, or undefined when it is not a country. */
export function countryName(code: string): string | undefined {
  const upper = code.toUpperCase();
  if (!/^[A-Z]{2}$/.test(upper) || NOT_COUNTRIES.has(upper)) return undefined;
  return names.of(upper);
}

/** Lower-cases and checks country codes as v1 stores them (`dk`); an unknown code is a 400. */
export function normaliseCountries(codes: readonly string[]): string[] {
  const out: string[] = [];
  for (const code of codes) {
    if (!countryName(code)) throw invalidData("Invalid country code");
    const lower = code.toLowerCase();
    if (!out.includes(lower)) out.push(lower);
  }
  return out;
}

/** v1's Country object, built from the stored code (names come from ICU, not a table). */
export function toCountry(code: string, regionId: string | null): Country {
  const display = countryName(code) ?? code.toUpperCase();
  return { iso_2: code, name: display.toUpperCase(), display_name: display, region_id: regionId };
}
