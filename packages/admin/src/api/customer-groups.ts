import type { AdminGetCustomerGroupsParams, AdminGetCustomersParams, AdminPostCustomerGroupsGroupReq, AdminPostCustomerGroupsReq } from "@cohort/client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { cohort } from "../lib/cohort";
import { keys } from "./keys";

export function useCustomerGroups(query: AdminGetCustomerGroupsParams, enabled = true) {
  return useQuery({
    queryKey: [...keys.groups, "list", query],
    queryFn: () => cohort.admin.customerGroups.list(query),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** A group with its member count and the price lists that use it. */
export function useCustomerGroup(id: string, enabled = true) {
  return useQuery({
    queryKey: [...keys.groups, "detail", id],
    queryFn: async () => (await cohort.admin.customerGroups.retrieve(id, { expand: "customer_count,price_lists" })).customer_group,
    enabled,
  });
}

export function useGroupMembers(id: string, query: AdminGetCustomersParams) {
  return useQuery({
    queryKey: [...keys.groups, "members", id, query],
    queryFn: () => cohort.admin.customerGroups.listCustomers(id, query),
    placeholderData: keepPreviousData,
  });
}

/** After a change to groups or memberships: every group view and every customer view. */
function useInvalidateGroups() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([queryClient.invalidateQueries({ queryKey: keys.groups }), queryClient.invalidateQueries({ queryKey: keys.customers })]);
}

export function useCreateGroup() {
  const invalidate = useInvalidateGroups();
  return useMutation({
    mutationFn: async (body: AdminPostCustomerGroupsReq) => (await cohort.admin.customerGroups.create(body)).customer_group,
    onSuccess: invalidate,
  });
}

export function useUpdateGroup(id: string) {
  const invalidate = useInvalidateGroups();
  return useMutation({
    mutationFn: async (body: AdminPostCustomerGroupsGroupReq) => (await cohort.admin.customerGroups.update(id, body)).customer_group,
    onSuccess: invalidate,
  });
}

export function useDeleteGroup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => cohort.admin.customerGroups.delete(id),
    // Everything but the deleted group's own page and members, which are being left.
    onSuccess: (_res, id) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.groups, predicate: (q) => !q.queryKey.includes(id) }),
        queryClient.invalidateQueries({ queryKey: keys.customers }),
        queryClient.invalidateQueries({ queryKey: keys.priceLists }),
      ]),
  });
}

export function useAddMembers(id: string) {
  const invalidate = useInvalidateGroups();
  return useMutation({
    mutationFn: (customerIds: string[]) => cohort.admin.customerGroups.addCustomers(id, { customer_ids: customerIds.map((c) => ({ id: c })) }),
    onSuccess: invalidate,
  });
}

export function useRemoveMembers(id: string) {
  const invalidate = useInvalidateGroups();
  return useMutation({
    mutationFn: (customerIds: string[]) => cohort.admin.customerGroups.removeCustomers(id, { customer_ids: customerIds.map((c) => ({ id: c })) }),
    onSuccess: invalidate,
  });
}
