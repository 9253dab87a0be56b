import type { SessionInfo } from '@faultline/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, isUnauthorized } from './client.ts';
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

/**
 * Ends the session on the server, then loads the plain sign-in page afresh: nothing of this person stays in
 * memory, and the next person starts on the incident list. (Clearing the cached session in place made the page
 * being left redirect to `/signin?next=<this page>`, sending the next person to the previous one's page.)
 * `leave` is the page load, replaceable in tests.
 */
export function useSignOut(leave: () => void = () => window.location.replace('/signin')) {
  return useMutation({
    mutationFn: () => apiFetch<void>('/session', { method: 'DELETE' }),
    onSettled: leave,
  });
}
