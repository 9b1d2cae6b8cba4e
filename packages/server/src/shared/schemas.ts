import { Type } from "@sinclair/typebox";

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
