import type { IncidentDetail, IncidentList } from '@faultline/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from './client.ts';
import { type IncidentFilter, queryKeys } from './query-keys.ts';

/** Incidents newest first; `open` (the default) lists triggered, acknowledged and mitigated ones. */
export function useIncidents(filter: IncidentFilter) {
  return useQuery({
    queryKey: queryKeys.incidents.list(filter),
    queryFn: ({ signal }) => apiFetch<IncidentList>(`/incidents?status=${filter}`, { signal }),
    select: (data) => data.incidents,
    placeholderData: (previous) => previous,
  });
}

/** One incident with its alerts, level explanation, timeline and notifications. */
export function useIncident(id: number) {
  return useQuery({
    queryKey: queryKeys.incidents.detail(id),
    queryFn: ({ signal }) => apiFetch<IncidentDetail>(`/incidents/${id}`, { signal }),
  });
}

/** Acknowledges an incident; the answer replaces the cached detail and the lists refresh. */
export function useAcknowledge(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<IncidentDetail>(`/incidents/${id}/acknowledge`, { method: 'POST' }),
    onSuccess: (detail) => {
      queryClient.setQueryData(queryKeys.incidents.detail(id), detail);
      void queryClient.invalidateQueries({ queryKey: queryKeys.incidents.lists });
    },
  });
}
