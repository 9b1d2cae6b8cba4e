import type { DateOp, OrderBy } from "../shared/list-options.js";
import qs from "qs";
import { isImpossibleDate } from "../shared/dates.js";
import { invalidData } from "../shared/errors.js";

export type DateComparisonInput = { lt?: string; gt?: string; lte?: string; gte?: string };

/**
 * The query-string parser of every route: `qs`, so `a[]=x`, `a[0]=x` and
 * `created_at[gt]=…` all work, plus v1's rule that a one-element array is split on
 * commas (`customer_groups[]=a,b` is `["a","b"]`).
 */
export function parseQueryString(input: string): Record<string, unknown> {
  const parsed = qs.parse(input, { arrayLimit: 100_000, parameterLimit: 100_000, depth: 2, allowPrototypes: false });
  for (const [key, value] of Object.entries(parsed)) {
    if (Array.isArray(value) && value.length === 1 && typeof value[0] === "string" && value[0].includes(",")) {
      parsed[key] = value[0].split(",");
    }
  }
  return parsed;
}

export type { DateComparisons, DateOp, OrderBy } from "../shared/list-options.js";

/** `field` → ascending, `-field` → descending; only allow-listed columns. */
export function parseOrder(order: string | undefined, allowed: readonly string[], fallback: OrderBy): OrderBy {
  if (order === undefined || order === "") return fallback;
  const direction = order.startsWith("-") ? "desc" : "asc";
  const column = order.replace(/^[-+]/, "");
  if (!allowed.includes(column)) {
    throw invalidData(`order must be one of: ${allowed.flatMap((c) => [c, `-${c}`]).join(", ")}; got ${order}`);
  }
  return { column, direction };
}

function commaList(value: string | undefined): string[] {
  return (value ?? "").split(",").map((s) => s.trim()).filter(Boolean);
}

/** `expand=a,b`: undefined when absent (use the defaults), else the allow-listed set. */
export function parseExpand<T extends string>(expand: string | undefined, allowed: readonly T[]): Set<T> | undefined {
  if (expand === undefined) return undefined;
  const relations = commaList(expand);
  const unknown = relations.filter((r) => !allowed.includes(r as T));
  if (unknown.length) {
    throw invalidData(`expand contains unknown relations: ${unknown.join(", ")}. Allowed: ${allowed.join(", ") || "none"}`);
  }
  return new Set(relations as T[]);
}

/** `fields=a,b`: the columns to return, always with `always` added; undefined when absent. */
export function parseFields(fields: string | undefined, allowed: readonly string[], always: readonly string[]): string[] | undefined {
  if (fields === undefined || fields === "") return undefined;
  const columns = commaList(fields);
  const unknown = columns.filter((c) => !allowed.includes(c));
  if (unknown.length) throw invalidData(`fields contains unknown columns: ${unknown.join(", ")}`);
  return [...new Set([...always, ...columns])];
}

/** Picks the requested fields (and relations) out of a serialised row. */
export function project<T extends object>(row: T, fields: readonly string[] | undefined, relations: Iterable<string> = []): Partial<T> {
  if (!fields) return row;
  const out: Record<string, unknown> = {};
  for (const key of [...fields, ...relations]) if (key in row) out[key] = (row as Record<string, unknown>)[key];
  return out as Partial<T>;
}

const OPS: Record<keyof DateComparisonInput, DateOp> = { lt: "<", gt: ">", lte: "<=", gte: ">=" };

/** Parses a comparison object into (operator, date) pairs; a bad date is a 400. */
export function parseDateFilter(filter: DateComparisonInput | undefined): Array<[DateOp, Date]> {
  if (!filter) return [];
  const out: Array<[DateOp, Date]> = [];
  for (const key of Object.keys(filter) as Array<keyof DateComparisonInput>) {
    const raw = filter[key]!;
    // As v1: a number is unix seconds (so `1` is 1970-01-01T00:00:01Z), anything else a date.
    const date = /^-?\d+(\.\d+)?$/.test(raw.trim()) ? new Date(Number(raw) * 1000) : new Date(raw);
    if (raw.trim() === "" || Number.isNaN(date.getTime()) || Math.abs(date.getUTCFullYear()) > 9999 || isImpossibleDate(raw)) {
      throw invalidData(`${key} must be a Date instance`);
    }
    out.push([OPS[key], date]);
  }
  return out;
}

/** Normalises `string | string[]` query values. */
export const toArray = (v: string | string[] | undefined): string[] | undefined =>
  v === undefined ? undefined : Array.isArray(v) ? v : [v];
