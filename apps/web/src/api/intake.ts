import type { QuarantineDiscarded, QuarantineList, QuarantineReplayed } from '@faultline/contracts';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from './client.ts';
import { queryKeys } from './query-keys.ts';

/** Nothing on the live stream says an event was quarantined: the list is re-read this often, ms. */
const QUARANTINE_POLL_MS = 30_000;

/** Quarantined intake events, oldest first, page by page (admins; `enabled` false for others). */
export function useQuarantine(enabled = true) {
  return useInfiniteQuery({
    queryKey: queryKeys.intake.quarantine,
    queryFn: ({ signal, pageParam }) => {
      const params = new URLSearchParams({ limit: '100' });
      if (pageParam !== null) params.set('cursor', pageParam);
      return apiFetch<QuarantineList>(`/intake/quarantine?${params.toString()}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: QUARANTINE_POLL_MS,
    enabled,
  });
}

/** Puts a quarantined event back in line for convergence (parsed again from its body). */
export function useReplayQuarantined() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiFetch<QuarantineReplayed>(`/intake/quarantine/${id}/replay`, { method: 'POST' }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.intake.quarantine }),
  });
}

/** Sets a quarantined event aside for good. */
export function useDiscardQuarantined() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiFetch<QuarantineDiscarded>(`/intake/quarantine/${id}/discard`, { method: 'POST' }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.intake.quarantine }),
  });
}
