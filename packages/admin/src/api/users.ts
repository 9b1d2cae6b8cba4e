import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { cohort } from "../lib/cohort";
import { keys } from "./keys";

export function useUser(id: string) {
  return useQuery({ queryKey: [...keys.users, id], queryFn: async () => (await cohort.admin.users.retrieve(id)).user });
}

export function useSetApiToken(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (apiToken: string) => (await cohort.admin.users.update(id, { api_token: apiToken })).user,
    onSuccess: (user) => {
      queryClient.setQueryData([...keys.users, id], user);
      return queryClient.invalidateQueries({ queryKey: keys.session });
    },
  });
}
