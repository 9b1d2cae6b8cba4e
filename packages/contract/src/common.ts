import { Type, type TArray, type TInteger, type TProperties, type TSchema } from "@sinclair/typebox";

// Plain JSON-schema type arrays instead of anyOf: fast-json-stringify serialises them
// without trying each branch, and Date values become ISO-8601 strings with ms.
export const DateTime = Type.Unsafe<Date | string>({ type: "string", format: "date-time" });
export const NullableDateTime = Type.Unsafe<Date | string | null>({ type: ["string", "null"], format: "date-time" });
export const NullableString = Type.Unsafe<string | null>({ type: ["string", "null"] });
export const NullableInteger = Type.Unsafe<number | null>({ type: ["integer", "null"] });
export const NullableNumber = Type.Unsafe<number | null>({ type: ["number", "null"] });
export const Metadata = Type.Unsafe<Record<string, unknown> | null>({
  type: ["object", "null"],
  additionalProperties: true,
});
/** How deeply a metadata value may nest objects and arrays (the metadata object is level 1). */
export const METADATA_MAX_DEPTH = 32;
/** A metadata object in a request body. */
export const MetadataInput = Type.Record(Type.String(), Type.Unknown(), { "x-max-depth": METADATA_MAX_DEPTH });
/** The same, where null is accepted too. */
export const NullableMetadataInput = Type.Unsafe<Record<string, unknown> | null>({ type: ["object", "null"], "x-max-depth": METADATA_MAX_DEPTH });

export const INT_MIN = -2_147_483_648;
export const INT_MAX = 2_147_483_647;
/** A PostgreSQL `int` in a request body. */
export const Int = (options: Record<string, unknown> = {}) => Type.Integer({ minimum: INT_MIN, maximum: INT_MAX, ...options });
/** The same, or null. */
export const NullableInt = Type.Unsafe<number | null>({ type: ["integer", "null"], minimum: INT_MIN, maximum: INT_MAX });

export const Timestamps = {
  created_at: DateTime,
  updated_at: DateTime,
  deleted_at: NullableDateTime,
};

export const ErrorBody = Type.Object({
  type: Type.String(),
  message: Type.String(),
  code: Type.Optional(Type.String()),
});

export const IdParams = Type.Object({ id: Type.String() });

export const DeleteResponse = <T extends string>(object: T) =>
  Type.Object({ id: Type.String(), object: Type.Literal(object), deleted: Type.Literal(true) });

/** `[{ id }]`, as v1 takes references to other entities in bodies. */
export const IdRefs = Type.Array(Type.Object({ id: Type.String() }, { additionalProperties: false }));

/** A string enum as one JSON-schema `enum` (one clear error message, fast to check). */
export const StringEnum = <T extends string>(values: readonly T[], options: Record<string, unknown> = {}) =>
  Type.Unsafe<T>({ type: "string", enum: [...values], ...options });

// ---------------------------------------------------------------- list queries

/** v1's message for a non-numeric limit/offset (class-validator's IsNumber). */
const NUMBER_MESSAGE = "must be a number conforming to the specified constraints";

/** v1's comparison operators over one kind of value: `created_at[gt]=…`, `inventory_quantity[gte]=1`. */
export const Comparison = <T extends TSchema>(value: T) =>
  Type.Object(
    {
      lt: Type.Optional(value),
      gt: Type.Optional(value),
      lte: Type.Optional(value),
      gte: Type.Optional(value),
    },
    { additionalProperties: false },
  );

/** `created_at[gt]=2020-01-01`: a date string, or a number of unix seconds. */
export const DateComparison = Comparison(Type.String());

/** `inventory_quantity=5` or `inventory_quantity[gte]=1` (v1's NumericalComparisonOperator). */
export const NumberComparison = Comparison(Type.Number());

export const StringArray = Type.Array(Type.String());

/** `offset` and `limit` as every list takes them (`limit=0` means no limit, as in v1). */
export const pagination = (defaultLimit: number) => ({
  offset: Type.Integer({ minimum: 0, maximum: INT_MAX, default: 0, "x-type-message": NUMBER_MESSAGE }),
  limit: Type.Integer({ minimum: 0, maximum: INT_MAX, default: defaultLimit, "x-type-message": NUMBER_MESSAGE }),
});

/** The query every list route takes, plus its own filters. */
export function listQuery<P extends TProperties>(defaultLimit: number, filters: P) {
  return Type.Object(
    {
      ...pagination(defaultLimit),
      order: Type.Optional(Type.String()),
      expand: Type.Optional(Type.String()),
      fields: Type.Optional(Type.String()),
      ...filters,
    },
    { additionalProperties: false },
  );
}

/** A list response in v1's key order: the items under `key`, then count, offset, limit. */
export function listResponse<K extends string, T extends TSchema>(key: K, item: T) {
  const properties = { [key]: Type.Array(item), count: Type.Integer(), offset: Type.Integer(), limit: Type.Integer() };
  return Type.Object(properties as { [P in K]: TArray<T> } & { count: TInteger; offset: TInteger; limit: TInteger });
}

/** The query of a retrieve route: only `expand` and `fields`. */
export const RetrieveQuery = Type.Object(
  { expand: Type.Optional(Type.String()), fields: Type.Optional(Type.String()) },
  { additionalProperties: false },
);
