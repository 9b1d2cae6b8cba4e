import type { ErrorObject } from "ajv";
import type { FastifySchemaCompiler } from "fastify";
import { validatorCompiler } from "../../http/validation.js";
import { isImpossibleDate } from "../../shared/dates.js";

/**
 * v1 validates price-list bodies with class-validator, which reports unknown properties
 * first and then each property in declaration order, nested objects the same way, plus two
 * rules JSON schema cannot word as v1 does (the region/currency XOR and free-form dates).
 * This wraps the app's Ajv validator of a route: it adds those checks and sorts the errors
 * into v1's order, so that the one shared formatter produces v1's comma-joined message.
 */

export interface FieldOrder {
  readonly props: readonly string[];
  readonly children?: Readonly<Record<string, FieldOrder>>;
}

export interface ExtraError {
  /** Path of the offending property, e.g. ["prices", "0", "region_id"]. */
  path: string[];
  message: string;
}

export interface PartRules {
  order: FieldOrder;
  /** Checks Ajv cannot express; run on the raw input. */
  extra?: (data: unknown) => ExtraError[];
  /** A v1 wording for an Ajv error, or undefined to keep the shared formatter's. */
  rewrite?: (path: string[], error: ErrorObject) => string | undefined;
}

const isIndex = (s: string) => /^\d+$/.test(s);

function segments(instancePath: string): string[] {
  return instancePath
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** An error the shared formatter prints verbatim (its `x-missing` message). */
function synthetic(path: string[], message: string): ErrorObject {
  const prop = path[path.length - 1] ?? "value";
  return {
    keyword: "required",
    instancePath: path
      .slice(0, -1)
      .map((s) => `/${s.replace(/~/g, "~0").replace(/\//g, "~1")}`)
      .join(""),
    schemaPath: "#/price-lists",
    params: { missingProperty: prop },
    parentSchema: { properties: { [prop]: { "x-missing": message } } },
  } as unknown as ErrorObject;
}

function sortKey(error: ErrorObject, order: FieldOrder): number[] {
  const path = segments(error.instancePath);
  if (error.keyword === "required") path.push((error.params as { missingProperty: string }).missingProperty);
  const key: number[] = [];
  let level: FieldOrder | undefined = order;
  for (const seg of path) {
    if (isIndex(seg)) {
      key.push(Number(seg));
      continue;
    }
    const rank = level?.props.indexOf(seg) ?? -1;
    key.push(rank < 0 ? 1000 : rank);
    level = level?.children?.[seg];
  }
  // class-validator reports an object's unknown properties before its own properties.
  if (error.keyword === "additionalProperties") key.push(-1);
  return key;
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

export function orderedValidator(rules: { body?: PartRules; querystring?: PartRules }): FastifySchemaCompiler<unknown> {
  return (route) => {
    const base = validatorCompiler(route) as ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
    const part = route.httpPart === "body" ? rules.body : route.httpPart === "querystring" ? rules.querystring : undefined;
    if (!part) return base;
    const validate = ((raw: unknown) => {
      // A request without a body (no Content-Type) is read as {}, as v1 does, so that the
      // messages name the missing fields.
      const data = route.httpPart === "body" && (raw === null || raw === undefined) ? {} : raw;
      const ok = base(data);
      const entries = (ok ? [] : (base.errors ?? [])).map((error) => {
        const key = sortKey(error, part.order);
        const path = segments(error.instancePath);
        const message = part.rewrite?.(path, error);
        return { key, error: message === undefined ? error : synthetic([...path, "_"], message) };
      });
      // The extra checks only make sense on input of the right overall shape.
      if (data !== null && typeof data === "object" && !Array.isArray(data) && part.extra) {
        for (const extra of part.extra(data)) {
          const error = synthetic(extra.path, extra.message);
          entries.push({ key: sortKey(error, part.order), error });
        }
      }
      validate.errors = entries.length
        ? entries
            .map((entry, i) => ({ ...entry, i }))
            .sort((a, b) => compareKeys(a.key, b.key) || a.i - b.i)
            .map((entry) => entry.error)
        : null;
      return entries.length === 0;
    }) as ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
    return validate;
  };
}

/** `new Date(value)`, refused when invalid or outside years 1–9999 (PostgreSQL-safe ISO). */
export function parseDateInput(value: string | number): Date | undefined {
  if (typeof value === "string" && (value.trim() === "" || isImpossibleDate(value))) return undefined;
  const date = new Date(value);
  const year = date.getUTCFullYear();
  if (Number.isNaN(date.getTime()) || year < 1 || year > 9999) return undefined;
  return date;
}

// ---------------------------------------------------------------------------------------
// The price-list routes' rules (declaration order of v1's request classes).

const PRICE_CREATE: FieldOrder = { props: ["region_id", "currency_code", "amount", "variant_id", "min_quantity", "max_quantity"] };
const PRICE_UPDATE: FieldOrder = { props: ["id", "region_id", "currency_code", "variant_id", "amount", "min_quantity", "max_quantity"] };
const GROUP_REF: FieldOrder = { props: ["id"] };
const LIST_PROPS = ["name", "description", "starts_at", "ends_at", "status", "type", "prices", "customer_groups", "includes_tax"];

const DATE_FIELDS = ["starts_at", "ends_at"] as const;

function dateErrors(data: Record<string, unknown>): ExtraError[] {
  const out: ExtraError[] = [];
  for (const field of DATE_FIELDS) {
    const value = data[field];
    if ((typeof value === "string" || typeof value === "number") && !parseDateInput(value)) {
      out.push({ path: [field], message: `${field} must be a valid date` });
    }
  }
  return out;
}

/**
 * v1's XorConstraint: exactly one of region_id / currency_code is truthy. Prices with an
 * `id` (updates) skip the rule when `skipWithId` is set.
 */
function xorErrors(prices: unknown, skipWithId: boolean): ExtraError[] {
  if (!Array.isArray(prices)) return [];
  const out: ExtraError[] = [];
  prices.forEach((price, i) => {
    if (price === null || typeof price !== "object" || Array.isArray(price)) return;
    const p = price as Record<string, unknown>;
    if (skipWithId && p.id) return;
    if (Boolean(p.region_id) === Boolean(p.currency_code)) {
      out.push({ path: ["prices", String(i), "region_id"], message: 'Failed XOR relation between "region_id" and "currency_code".' });
      out.push({ path: ["prices", String(i), "currency_code"], message: 'Failed XOR relation between "currency_code" and "region_id".' });
    }
  });
  return out;
}

const dateTypeRewrite = (path: string[], error: ErrorObject): string | undefined =>
  path.length === 1 && (DATE_FIELDS as readonly string[]).includes(path[0]!) && error.keyword === "type"
    ? `${path[0]} must be a valid date`
    : undefined;

export const createPriceListRules = orderedValidator({
  body: {
    order: { props: LIST_PROPS, children: { prices: PRICE_CREATE, customer_groups: GROUP_REF } },
    extra: (data) => [...dateErrors(data as Record<string, unknown>), ...xorErrors((data as Record<string, unknown>).prices, false)],
    rewrite: dateTypeRewrite,
  },
});

export const updatePriceListRules = orderedValidator({
  body: {
    order: { props: LIST_PROPS, children: { prices: PRICE_UPDATE, customer_groups: GROUP_REF } },
    extra: (data) => [...dateErrors(data as Record<string, unknown>), ...xorErrors((data as Record<string, unknown>).prices, true)],
    rewrite: dateTypeRewrite,
  },
});

export const addPricesRules = orderedValidator({
  body: {
    order: { props: ["prices", "override"], children: { prices: PRICE_UPDATE } },
    extra: (data) => xorErrors((data as Record<string, unknown>).prices, true),
  },
});

const LIST_QUERY_PROPS = [
  "id", "q", "status", "name", "description", "type", "created_at", "updated_at", "deleted_at",
  "customer_groups", "offset", "limit", "expand", "order",
];

const NO_RULES: PartRules = { order: { props: [] } };
export const deletePricesRules = orderedValidator({ body: NO_RULES });

export const listPriceListsRules = orderedValidator({
  querystring: {
    order: { props: LIST_QUERY_PROPS },
    // class-validator's `each: true` wording for a bad array element.
    rewrite: (path, error) =>
      path.length === 2 && isIndex(path[1]!) && (path[0] === "status" || path[0] === "type") && error.keyword === "enum"
        ? `each value in ${path[0]} must be one of the following values: ${((error.params as { allowedValues: unknown[] }).allowedValues ?? []).join(", ")}`
        : undefined,
  },
});
