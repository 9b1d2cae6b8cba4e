import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { cohort } from "../lib/cohort";
import { keys } from "./keys";

export interface Webhook {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  enabled: boolean;
  /** Only in the create and rotate-secret answers. */
  secret?: string;
  failing_since: string | null;
  disabled_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookDelivery {
  id: string;
  webhook_id: string;
  event_id: string;
  event_type?: string;
  status: "pending" | "succeeded" | "failed";
  attempts: number;
  next_attempt_at: string | null;
  last_attempt_at: string | null;
  response_status: number | null;
  response_body: string | null;
  error: string | null;
  created_at: string;
}

export interface WebhookInput {
  url?: string;
  events?: string[];
  description?: string | null;
  enabled?: boolean;
}

const api = cohort.admin.custom;

export function useWebhooks(query: { offset: number; limit: number }) {
  return useQuery({
    queryKey: [...keys.webhooks, "list", query],
    queryFn: () => api.get<{ webhooks: Webhook[]; count: number }>("/webhooks", query),
    placeholderData: keepPreviousData,
  });
}

export function useWebhook(id: string) {
  return useQuery({ queryKey: [...keys.webhooks, "detail", id], queryFn: async () => (await api.get<{ webhook: Webhook }>(`/webhooks/${encodeURIComponent(id)}`)).webhook });
}

export function useDeliveries(id: string, query: { offset: number; limit: number; status?: string }) {
  return useQuery({
    queryKey: [...keys.webhooks, "deliveries", id, query],
    queryFn: () => api.get<{ deliveries: WebhookDelivery[]; count: number }>(`/webhooks/${encodeURIComponent(id)}/deliveries`, query),
    placeholderData: keepPreviousData,
  });
}

/** Every change refetches what shows webhooks. */
function useWebhookMutation<A, R>(fn: (arg: A) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.webhooks }) });
}

export const useCreateWebhook = () =>
  useWebhookMutation(async (body: WebhookInput) => (await api.post<{ webhook: Webhook }>("/webhooks", body)).webhook);

export const useUpdateWebhook = (id: string) =>
  useWebhookMutation(async (body: WebhookInput) => (await api.post<{ webhook: Webhook }>(`/webhooks/${encodeURIComponent(id)}`, body)).webhook);

export const useDeleteWebhook = () => useWebhookMutation((id: string) => api.delete(`/webhooks/${encodeURIComponent(id)}`));

export const useRotateSecret = (id: string) =>
  useWebhookMutation(async () => (await api.post<{ webhook: Webhook }>(`/webhooks/${encodeURIComponent(id)}/rotate-secret`)).webhook);

export const useRedeliver = (id: string) =>
  useWebhookMutation((deliveryId: string) => api.post(`/webhooks/${encodeURIComponent(id)}/deliveries/${encodeURIComponent(deliveryId)}/redeliver`));
