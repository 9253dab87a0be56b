import type { SessionInfo } from '@faultline/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, isUnauthorized } from './client.ts';
import { isDataQuery } from './query-client.ts';
import { queryKeys } from './query-keys.ts';

async function fetchSession(signal: AbortSignal): Promise<SessionInfo | null> {
  try {
    return await apiFetch<SessionInfo>('/session', { signal });
  } catch (error) {
    if (isUnauthorized(error)) return null;
    throw error;
  }
}

/** The signed-in identity, `null` when signed out. Errors only when the server cannot answer. */
export function useSession() {
  return useQuery({
    queryKey: queryKeys.session,
    queryFn: ({ signal }) => fetchSession(signal),
    staleTime: 60_000,
  });
}

/** Signs in with an API token; the server answers with the identity and sets an HttpOnly cookie. */
export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (token: string) => apiFetch<SessionInfo>('/session', { method: 'POST', body: { token } }),
    onSuccess: (session) => {
      queryClient.setQueryData(queryKeys.session, session);
    },
  });
}

/** Ends the session on the server and forgets everything cached (incidents, risks, rules, KPIs). */
export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<void>('/session', { method: 'DELETE' }),
    onSettled: () => {
      queryClient.removeQueries({ predicate: isDataQuery });
      queryClient.setQueryData(queryKeys.session, null);
    },
  });
}
