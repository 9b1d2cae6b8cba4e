import type { AdminPostAuthReq } from "@cohort/client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { cohort, isUnauthorized } from "../lib/cohort";
import { keys } from "./keys";

/** The signed-in user, or null when there is no session (401). */
export function useSession() {
  return useQuery({
    queryKey: keys.session,
    queryFn: async () => {
      try {
        return (await cohort.admin.auth.getSession()).user;
      } catch (error) {
        if (isUnauthorized(error)) return null;
        throw error;
      }
    },
    staleTime: Infinity,
  });
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AdminPostAuthReq) => cohort.admin.auth.createSession(body),
    onSuccess: ({ user }) => queryClient.setQueryData(keys.session, user),
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => cohort.admin.auth.deleteSession(),
    onSettled: () => {
      queryClient.clear();
      queryClient.setQueryData(keys.session, null);
    },
  });
}
