import type { AdminGetCustomersParams } from "@cohort/client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { cohort } from "../lib/cohort";
import { keys } from "./keys";

export function useCustomers(query: AdminGetCustomersParams, enabled = true) {
  return useQuery({
    queryKey: [...keys.customers, "list", query],
    queryFn: () => cohort.admin.customers.list(query),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** A customer with every group it is in. */
export function useCustomer(id: string) {
  return useQuery({
    queryKey: [...keys.customers, "detail", id],
    queryFn: async () => (await cohort.admin.customers.retrieve(id, {}, { expand: "groups" })).customer,
  });
}

/** Replaces the customer's whole membership set. */
export function useSetCustomerGroups(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (groupIds: string[]) =>
      (await cohort.admin.customers.update(id, { groups: groupIds.map((g) => ({ id: g })) }, {}, { expand: "groups" })).customer,
    onSuccess: (customer) => {
      queryClient.setQueryData([...keys.customers, "detail", id], customer);
      return Promise.all([queryClient.invalidateQueries({ queryKey: keys.customers }), queryClient.invalidateQueries({ queryKey: keys.groups })]);
    },
  });
}
