import type { AdminPostWebhooksReq, AdminPostWebhooksWebhookReq, Webhook, WebhookDelivery } from "@cohort/client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { cohort } from "../lib/cohort";
import { keys } from "./keys";

export type { Webhook, WebhookDelivery };

export function useWebhooks(query: { offset: number; limit: number }) {
  return useQuery({
    queryKey: [...keys.webhooks, "list", query],
    queryFn: () => cohort.admin.webhooks.list(query),
    placeholderData: keepPreviousData,
  });
}

export function useWebhook(id: string) {
  return useQuery({ queryKey: [...keys.webhooks, "detail", id], queryFn: async () => (await cohort.admin.webhooks.retrieve(id)).webhook });
}

export function useDeliveries(id: string, query: { offset: number; limit: number }) {
  return useQuery({
    queryKey: [...keys.webhooks, "deliveries", id, query],
    queryFn: () => cohort.admin.webhooks.listDeliveries(id, query),
    placeholderData: keepPreviousData,
  });
}

/** Every change refetches what shows webhooks. */
function useWebhookMutation<A, R>(fn: (arg: A) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.webhooks }) });
}

export const useCreateWebhook = () => useWebhookMutation(async (body: AdminPostWebhooksReq) => (await cohort.admin.webhooks.create(body)).webhook);

export const useUpdateWebhook = (id: string) =>
  useWebhookMutation(async (body: AdminPostWebhooksWebhookReq) => (await cohort.admin.webhooks.update(id, body)).webhook);

/** Refetches the lists only: the deleted endpoint's own page and deliveries would answer 404. */
export function useDeleteWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => cohort.admin.webhooks.delete(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...keys.webhooks, "list"] }),
  });
}

export const useRotateSecret = (id: string) => useWebhookMutation(async () => (await cohort.admin.webhooks.rotateSecret(id)).webhook);

export const useRedeliver = (id: string) => useWebhookMutation((deliveryId: string) => cohort.admin.webhooks.redeliver(id, deliveryId));
