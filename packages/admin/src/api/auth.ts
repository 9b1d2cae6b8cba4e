import type { AdminPostAuthReq, AdminPostSetupReq } from "@cohort/client";
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

/** Whether the installation still needs its first admin (no user at all). */
export function useSetupStatus() {
  return useQuery({ queryKey: keys.setup, queryFn: async () => (await cohort.admin.setup.status()).setup_required, staleTime: Infinity });
}

/** Creates the first admin, then signs in as them. */
export function useFirstAdmin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ body, setupToken }: { body: AdminPostSetupReq; setupToken?: string }) => {
      await cohort.admin.setup.create(body, setupToken || undefined);
      queryClient.setQueryData(keys.setup, false);
      return cohort.admin.auth.createSession({ email: body.email, password: body.password });
    },
    onSuccess: ({ user }) => queryClient.setQueryData(keys.session, user),
  });
}
