import { parseDateFilter, type DateComparisonInput } from "../../http/list-params.js";
import type { DateComparisons } from "../../shared/list-options.js";

type DateFilters<T> = { [K in keyof T]: K extends "created_at" | "updated_at" | "deleted_at" ? DateComparisons | undefined : T[K] };

/**
 * A product list's filter with its date filters parsed (a bad date is a 400), for
 * ProductsRepository.listProducts. As before, a filter on tags or categories (which match
 * nothing in Cohort) answers an empty page without looking at the dates.
 */
export function productFilterOf<
  Q extends { tags?: readonly string[]; category_id?: readonly string[]; created_at?: DateComparisonInput; updated_at?: DateComparisonInput; deleted_at?: DateComparisonInput },
>(query: Q): DateFilters<Q> {
  if (query.tags?.length || query.category_id?.length) return { ...query, created_at: undefined, updated_at: undefined, deleted_at: undefined } as DateFilters<Q>;
  const dates = (input: DateComparisonInput | undefined) => (input === undefined ? undefined : parseDateFilter(input));
  return { ...query, created_at: dates(query.created_at), updated_at: dates(query.updated_at), deleted_at: dates(query.deleted_at) } as DateFilters<Q>;
}
