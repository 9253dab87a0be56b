import type { HeartbeatInput, HeartbeatView } from '@faultline/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, apiFetchAll } from './client.ts';
import { queryKeys } from './query-keys.ts';

/** Every heartbeat monitor with its status and last ping. */
export function useHeartbeats() {
  return useQuery({
    queryKey: queryKeys.intake.heartbeats,
    queryFn: ({ signal }) => apiFetchAll<HeartbeatView>('/heartbeats', 'heartbeats', { signal }),
    // A heartbeat turns late and down by the clock alone: re-read now and then.
    refetchInterval: 30_000,
  });
}

/** Pauses or resumes a heartbeat (a replace with `paused` changed; its integration key is kept). */
export function useSetHeartbeatPaused() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ h, paused }: { h: HeartbeatView; paused: boolean }) => {
      const body: HeartbeatInput = {
        name: h.name,
        ...(h.service ? { service: h.service } : {}),
        intervalSeconds: h.intervalSeconds,
        graceSeconds: h.graceSeconds,
        labels: h.labels,
        matchers: h.matchers,
        paused,
      };
      return apiFetch<HeartbeatView>(`/heartbeats/${encodeURIComponent(h.id)}`, { method: 'PUT', body });
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.intake.heartbeats }),
  });
}
