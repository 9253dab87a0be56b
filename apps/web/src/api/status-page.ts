import type { StatusPageView } from '@faultline/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { apiFetch } from './client.ts';
import { queryKeys } from './query-keys.ts';

/**
 * The public status page (`GET /api/v1/status`, no sign-in), its bars' days in `zone` (the viewer's).
 * Refreshed every minute: a public page has no live stream.
 */
export function useStatusPage(zone: string | undefined) {
  return useQuery({
    queryKey: queryKeys.statusPage(zone ?? ''),
    queryFn: ({ signal }) =>
      apiFetch<StatusPageView>(`/status${zone ? `?${new URLSearchParams({ zone })}` : ''}`, { signal }),
    refetchInterval: 60_000,
  });
}

/** Asks for an email subscription (double opt-in: the server emails a confirmation link). */
export function useSubscribe() {
  return useMutation({
    mutationFn: (email: string) =>
      apiFetch<{ message: string }>('/status/subscriptions', { method: 'POST', body: { email } }),
  });
}
