import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { cohort } from "../lib/cohort";
import { keys } from "./keys";

/** Products with their variants, for picking what a price list prices. */
export function useProducts(q: string, limit = 10) {
  return useQuery({
    queryKey: [...keys.products, "list", q, limit],
    queryFn: () => cohort.admin.products.list({ q: q || undefined, limit }),
    placeholderData: keepPreviousData,
  });
}

/** Every region (a price is in a region's currency, or in a currency alone). */
export function useRegions() {
  return useQuery({
    queryKey: [...keys.regions, "all"],
    queryFn: async () => (await cohort.admin.regions.list({ limit: 200 })).regions,
    staleTime: 60_000,
  });
}
