import { sql, type Kysely, type SelectQueryBuilder } from "kysely";
import type { DateComparisons } from "../shared/list-options.js";
import type { MetadataPatch } from "../shared/metadata.js";
import type { DB } from "./schema.js";

/** The database, or the transaction a service opened. */
export type Executor = Kysely<DB>;

/**
 * `= any($1::text[])`: one parameter however many values (an IN list hits the 65,535-parameter
 * cap) and one statement text whatever their number.
 */
export const anyText = (values: readonly string[]) => sql<string>`any(${values}::text[])`;

/** Adds `column op date` for each comparison of a parsed v1 date filter (`created_at[gt]=…`). */
export function whereDates<DBx, TB extends keyof DBx, O>(
  query: SelectQueryBuilder<DBx, TB, O>,
  column: string,
  comparisons: Readonly<DateComparisons>,
): SelectQueryBuilder<DBx, TB, O> {
  for (const [op, date] of comparisons) query = query.where(sql.ref(column), op, date);
  return query;
}

/** `%term%` for ILIKE, with `%`, `_` and `\` in the term matching themselves (a trailing backslash is no error). */
export const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, "\\$&")}%`;

/** PostgreSQL's unique_violation. */
export const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === "23505";

/**
 * The new value of a `metadata` column after a v1 metadata update, computed in the UPDATE
 * itself so two concurrent merges cannot lose each other's keys: the `set` keys are written
 * over the stored object, the `unset` keys removed from it.
 */
export const mergedMetadata = (patch: MetadataPatch) =>
  sql<string>`(coalesce(metadata, '{}'::jsonb) - ${patch.unset}::text[]) || ${JSON.stringify(patch.set)}::jsonb`;
