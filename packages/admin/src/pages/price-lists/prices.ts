import type { PriceList } from "@cohort/client";
import { parseAmount, toMajorText } from "../../lib/format";

/** What the prices table needs of a region (the list route may project fields). */
export interface Region {
  id: string;
  name?: string;
  currency_code?: string;
}

/** One row of the prices table; `target` is "region:<id>" or "currency:<code>". */
export interface PriceRow {
  key: string;
  id?: string;
  variant_id: string;
  variant: string;
  target: string;
  amount: string;
  min: string;
  max: string;
}

let seq = 0;
export const newKey = () => `new-${++seq}`;

export function rowsOf(pl: PriceList): PriceRow[] {
  return (pl.prices ?? []).map((p) => ({
    key: p.id,
    id: p.id,
    variant_id: p.variant_id ?? p.variants?.[0]?.id ?? "",
    variant: variantLabel(p.variant ?? p.variants?.[0]),
    target: p.region_id ? `region:${p.region_id}` : `currency:${p.currency_code}`,
    amount: toMajorText(p.amount, p.currency_code),
    min: p.min_quantity?.toString() ?? "",
    max: p.max_quantity?.toString() ?? "",
  }));
}

export const variantLabel = (v: { title?: string | null; sku?: string | null; id?: string } | undefined) =>
  v ? [v.title || v.id, v.sku ? `SKU ${v.sku}` : ""].filter(Boolean).join(" · ") : "(variant deleted)";

const currencyOf = (target: string, regions: Region[]) =>
  target.startsWith("region:") ? (regions.find((r) => r.id === target.slice(7))?.currency_code ?? "eur") : target.slice(9);

/** A row as the API takes it, or the reason it cannot be saved. */
export function toPrice(row: PriceRow, regions: Region[]) {
  const currency = currencyOf(row.target, regions);
  const amount = parseAmount(row.amount, currency);
  if (amount === null) return { error: `${row.variant}: "${row.amount}" is not an amount in ${currency.toUpperCase()}.` };
  const qty = (text: string) => (text.trim() === "" ? null : Number(text));
  const min = qty(row.min);
  const max = qty(row.max);
  for (const q of [min, max]) if (q !== null && (!Number.isInteger(q) || q < 0)) return { error: `${row.variant}: quantities are whole numbers.` };
  if (min !== null && max !== null && max < min) return { error: `${row.variant}: the maximum quantity is below the minimum.` };
  const where = row.target.startsWith("region:") ? { region_id: row.target.slice(7), currency_code: null } : { currency_code: row.target.slice(9), region_id: null };
  return { price: { ...(row.id ? { id: row.id } : {}), variant_id: row.variant_id, amount, ...where, min_quantity: min, max_quantity: max } };
}
