import { useQuery } from "@tanstack/react-query";
import { cohort } from "../lib/cohort";
import { keys } from "./keys";

/** The question "why does this shopper pay this?": exactly one shopper and one of region or currency. */
export interface ExplainQuery {
  variant_id: string;
  customer_id?: string;
  customer_group_id?: string[];
  anonymous?: boolean;
  region_id?: string;
  currency_code?: string;
  quantity?: number;
  at?: string;
}

export interface ExplainCandidate {
  money_amount_id: string;
  price_list_id: string | null;
  price_list_name: string | null;
  amount: number;
  currency_code: string;
  region_id: string | null;
  min_quantity: number | null;
  max_quantity: number | null;
  applies: boolean;
  reasons: string[];
}

export interface Explanation {
  variant_id: string;
  customer_id: string | null;
  customer_group_ids: string[];
  region_id: string | null;
  currency_code: string;
  quantity: number;
  at: string;
  original_price: number | null;
  calculated_price: number | null;
  calculated_price_type: string | null;
  winner: { money_amount_id: string; price_list_id: string | null; amount: number; rule: string } | null;
  candidates: ExplainCandidate[];
}

/** GET /admin/pricing/explain, computed by the same code that prices the store. */
export function useExplanation(query: ExplainQuery | null) {
  return useQuery({
    queryKey: [...keys.pricing, "explain", query],
    queryFn: async () => (await cohort.admin.custom.get<{ explanation: Explanation }>("/pricing/explain", query!)).explanation,
    enabled: query !== null,
    staleTime: 0,
  });
}
