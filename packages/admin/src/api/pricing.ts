import type { AdminGetPricingExplainParams, PriceExplanation } from "@cohort/client";
import { useQuery } from "@tanstack/react-query";
import { cohort } from "../lib/cohort";
import { keys } from "./keys";

export type ExplainQuery = AdminGetPricingExplainParams;
export type Explanation = PriceExplanation;
export type ExplainCandidate = PriceExplanation["candidates"][number];

/** GET /admin/pricing/explain, computed by the same code that prices the store. */
export function useExplanation(query: ExplainQuery | null) {
  return useQuery({
    queryKey: [...keys.pricing, "explain", query],
    queryFn: async () => (await cohort.admin.pricing.explain(query!)).explanation,
    enabled: query !== null,
    staleTime: 0,
  });
}
