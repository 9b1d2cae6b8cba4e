import { CohortError } from "@cohort/client";

/**
 * The price lists a 409 names: the API refuses to delete the only group of a price list
 * (deleting it would open the list to every shopper) and lists them as `"Name" (pl_…)`.
 */
export function priceListsInConflict(error: unknown): Array<{ id: string; name: string }> {
  if (!(error instanceof CohortError) || error.status !== 409) return [];
  return [...error.message.matchAll(/"((?:[^"\\]|\\.)*)" \((pl_[0-9A-Za-z]+)\)/g)].map((m) => ({ name: m[1]!, id: m[2]! }));
}
