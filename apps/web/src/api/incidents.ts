import type { ImpactFacts, IncidentDetail, IncidentList, IncidentSummary, LevelChange } from '@faultline/contracts';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, apiFetchAll } from './client.ts';
import { type IncidentFilter, queryKeys } from './query-keys.ts';

/**
 * Incidents newest first, 100 a page (`fetchNextPage` adds the older ones; `data` is every page loaded, in
 * order); `open` (the default) lists triggered, acknowledged and mitigated ones.
 */
export function useIncidents(filter: IncidentFilter) {
  return useInfiniteQuery({
    queryKey: queryKeys.incidents.list(filter),
    queryFn: ({ signal, pageParam }) => {
      const params = new URLSearchParams({ status: filter, limit: '100' });
      if (pageParam !== null) params.set('cursor', pageParam);
      return apiFetch<IncidentList>(`/incidents?${params.toString()}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    select: (data) => data.pages.flatMap((page) => page.incidents),
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

/**
 * Resolves an incident (a person says it is over): its escalation stops and the next alert of its group opens
 * a new incident. The answer replaces the cached detail and the lists refresh. 412 for a closed incident.
 */
export function useResolve(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<IncidentDetail>(`/incidents/${id}/resolve`, { method: 'POST' }),
    onSuccess: (detail) => {
      queryClient.setQueryData(queryKeys.incidents.detail(id), detail);
      void queryClient.invalidateQueries({ queryKey: queryKeys.incidents.lists });
    },
  });
}

/** The body of `POST /incidents/:id/facts`: facts to merge into the incident's, and optionally why. */
export interface FactsSubmission {
  facts: ImpactFacts;
  note?: string;
}

/**
 * Stores the answer of a grading action (the re-graded incident) as the cached detail and refreshes the
 * lists and the risks, whose levels may have changed with it.
 */
function useStoreGradedIncident() {
  const queryClient = useQueryClient();
  return (detail: IncidentDetail): void => {
    queryClient.setQueryData(queryKeys.incidents.detail(detail.id), detail);
    void queryClient.invalidateQueries({ queryKey: queryKeys.incidents.lists });
    void queryClient.invalidateQueries({ queryKey: queryKeys.risks });
  };
}

/** Merges impact facts into an incident; the server re-grades it and answers with the new detail. */
export function useSubmitFacts(id: number) {
  const store = useStoreGradedIncident();
  return useMutation({
    mutationFn: (body: FactsSubmission) => apiFetch<IncidentDetail>(`/incidents/${id}/facts`, { method: 'POST', body }),
    onSuccess: store,
  });
}

/** A person sets (`level` 1…n) or clears (`null`) a sequence's level, with a reason. */
export function useChangeLevel(id: number) {
  const store = useStoreGradedIncident();
  return useMutation({
    mutationFn: (body: LevelChange) => apiFetch<IncidentDetail>(`/incidents/${id}/level`, { method: 'POST', body }),
    onSuccess: store,
  });
}

/** Open risks: incidents below every level (visible, not paged), newest first. */
export function useRisks() {
  return useQuery({
    queryKey: queryKeys.risks,
    queryFn: ({ signal }) => apiFetchAll<IncidentSummary>('/risks', 'incidents', { signal }),
  });
}

/** Makes a risk an incident at a level (it pages). */
export function usePromoteRisk() {
  const store = useStoreGradedIncident();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: number; sequence: string; level: number; reason: string }) =>
      apiFetch<IncidentDetail>(`/risks/${id}/promote`, { method: 'POST', body }),
    onSuccess: store,
  });
}

/** Dismisses a risk with a reason: it is closed and pages nobody. */
export function useDismissRisk() {
  const store = useStoreGradedIncident();
  return useMutation({
    mutationFn: ({ id, reason }: { id: number; reason: string }) =>
      apiFetch<IncidentDetail>(`/risks/${id}/dismiss`, { method: 'POST', body: { reason } }),
    onSuccess: store,
  });
}
