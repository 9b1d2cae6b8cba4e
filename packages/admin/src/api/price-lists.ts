import type {
  AdminGetPriceListPaginationParams,
  AdminPostPriceListPricesPricesReq,
  AdminPostPriceListsPriceListPriceListReq,
  AdminPostPriceListsPriceListReq,
} from "@cohort/client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { cohort } from "../lib/cohort";
import { keys } from "./keys";

export function usePriceLists(query: AdminGetPriceListPaginationParams) {
  return useQuery({
    queryKey: [...keys.priceLists, "list", query],
    queryFn: () => cohort.admin.priceLists.list(query),
    placeholderData: keepPreviousData,
  });
}

/** A price list with its prices (and their variants) and groups: v1's default projection. */
export function usePriceList(id: string) {
  return useQuery({
    queryKey: [...keys.priceLists, "detail", id],
    queryFn: async () => (await cohort.admin.priceLists.retrieve(id)).price_list,
  });
}

/** Price lists change what a group's page shows (the lists that use it), so both refetch. */
function useInvalidatePriceLists() {
  const queryClient = useQueryClient();
  return () => Promise.all([queryClient.invalidateQueries({ queryKey: keys.priceLists }), queryClient.invalidateQueries({ queryKey: keys.groups })]);
}

export function useCreatePriceList() {
  const invalidate = useInvalidatePriceLists();
  return useMutation({
    mutationFn: async (body: AdminPostPriceListsPriceListReq) => (await cohort.admin.priceLists.create(body)).price_list,
    onSuccess: invalidate,
  });
}

export function useUpdatePriceList(id: string) {
  const invalidate = useInvalidatePriceLists();
  return useMutation({
    mutationFn: async (body: AdminPostPriceListsPriceListPriceListReq) => (await cohort.admin.priceLists.update(id, body)).price_list,
    onSuccess: invalidate,
  });
}

export function useDeletePriceList() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => cohort.admin.priceLists.delete(id),
    // Everything but the deleted list itself, whose page is being left (a refetch would 404).
    onSuccess: (_res, id) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.priceLists, predicate: (q) => q.queryKey[2] !== id }),
        queryClient.invalidateQueries({ queryKey: keys.groups }),
      ]),
  });
}

/**
 * Saves the prices table: changed and new prices in one upsert, then the removed ones.
 * (Two calls: the API has no single "replace these prices" that keeps ids.)
 */
export function useSavePrices(id: string) {
  const invalidate = useInvalidatePriceLists();
  return useMutation({
    mutationFn: async ({ upsert, remove }: { upsert: AdminPostPriceListPricesPricesReq["prices"]; remove: string[] }) => {
      if (upsert.length > 0) await cohort.admin.priceLists.update(id, { prices: upsert });
      if (remove.length > 0) await cohort.admin.priceLists.deletePrices(id, { price_ids: remove });
    },
    onSettled: invalidate,
  });
}

/** GET /admin/price-lists/:id/impact: who the list reaches, where it wins, savings and mistakes. */
export function usePriceListImpact(id: string) {
  return useQuery({
    queryKey: [...keys.priceLists, "impact", id],
    queryFn: async () => (await cohort.admin.priceLists.impact(id)).impact,
  });
}

/** GET /admin/price-lists/:id/conflicts: other lists pricing the same thing differently for shared customers. */
export function usePriceListConflicts(id: string, query: { offset: number; limit: number }) {
  return useQuery({
    queryKey: [...keys.priceLists, "conflicts", id, query],
    queryFn: () => cohort.admin.priceLists.conflicts(id, query),
    placeholderData: keepPreviousData,
  });
}
