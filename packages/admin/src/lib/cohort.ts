import Cohort, { CohortError } from "@cohort/client";
import { QueryCache, QueryClient, MutationCache } from "@tanstack/react-query";

/**
 * The one API client of the console. Same origin as the server, so the browser sends the
 * admin session cookie of POST /admin/auth with every call (the client asks fetch for
 * credentials); there is no token in the page.
 */
export const cohort = new Cohort({ baseUrl: window.location.origin });

/** What a failed call says to a person: the API's `message`, or why there was no answer. */
export function errorMessage(error: unknown): string {
  if (error instanceof CohortError) {
    if (error.status === 0) return "The server could not be reached. Check that Cohort is running, then try again.";
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

export const isUnauthorized = (error: unknown) => error instanceof CohortError && error.status === 401;

/** Called when any call answers 401: the session has ended (expired, signed out elsewhere). */
let onSessionLost: () => void = () => {};
export const setSessionLostHandler = (fn: () => void) => void (onSessionLost = fn);

export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: (error) => isUnauthorized(error) && onSessionLost() }),
    mutationCache: new MutationCache({ onError: (error) => isUnauthorized(error) && onSessionLost() }),
    defaultOptions: {
      queries: {
        // A refused call (4xx) will be refused again; only a lost connection is worth one retry.
        retry: (failures, error) => failures < 1 && error instanceof CohortError && error.status === 0,
        staleTime: 10_000,
        refetchOnWindowFocus: false,
      },
    },
  });
}
