import type { SessionInfo, SignInMethods } from '@faultline/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../api/client.ts';
import { queryKeys } from '../api/query-keys.ts';

/** Which sign-in methods the server offers (single sign-on only when FAULTLINE_OIDC_ISSUER is set). */
export function useSignInMethods() {
  return useQuery({
    queryKey: ['auth', 'methods'] as const,
    queryFn: ({ signal }) => apiFetch<SignInMethods>('/auth/methods', { signal }),
    staleTime: Infinity,
  });
}

/**
 * Signs in with email and password; the server sets an HttpOnly session cookie and answers with the person.
 * After 5 failures for one email within 15 minutes the server answers 429 until the window passes.
 */
export function usePasswordSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: { email: string; password: string }) =>
      apiFetch<SessionInfo>('/session', { method: 'POST', body: credentials }),
    onSuccess: (session) => {
      queryClient.setQueryData(queryKeys.session, session);
    },
  });
}

/** Where the single sign-on button leads: the server redirects on to the provider, then back to `next`. */
export const ssoStartUrl = (next: string) => `/api/v1/auth/oidc/start?next=${encodeURIComponent(next)}`;
