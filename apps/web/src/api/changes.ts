import type { ChangeKind, ChangeList, RankingEvaluation, SuspectChanges, Verdict } from '@faultline/contracts';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from './client.ts';
import { queryKeys } from './query-keys.ts';

/** Filters of the changes page (empty = all). */
export interface ChangeFilterState {
  service: string;
  kind: ChangeKind | '';
  /** Start of the range, ISO 8601 (the page sets it). */
  from: string;
}

/**
 * Keys of this file's queries. Suspects sit under the incident's detail key, so the live stream's
 * invalidation of an incident refreshes its suspects too.
 */
export const changeKeys = {
  list: (f: ChangeFilterState) => ['changes', 'list', f] as const,
  suspects: (incidentId: number) => [...queryKeys.incidents.detail(incidentId), 'suspect-changes'] as const,
  evaluation: (from: string) => ['changes', 'ranking-evaluation', from] as const,
};

/** How the suspect ranking did on incidents (impact from `from`) with a change labelled caused. */
export function useRankingEvaluation(from: string) {
  return useQuery({
    queryKey: changeKeys.evaluation(from),
    queryFn: ({ signal }) =>
      apiFetch<RankingEvaluation>(`/changes/ranking-evaluation?${new URLSearchParams({ from }).toString()}`, {
        signal,
      }),
  });
}

/** Changes, newest start first, page by page. */
export function useChanges(filter: ChangeFilterState) {
  return useInfiniteQuery({
    queryKey: changeKeys.list(filter),
    queryFn: ({ signal, pageParam }) => {
      const params = new URLSearchParams({ limit: '200' });
      if (filter.service) params.set('service', filter.service);
      if (filter.kind) params.set('kind', filter.kind);
      if (filter.from) params.set('from', filter.from);
      if (pageParam !== null) params.set('cursor', pageParam);
      return apiFetch<ChangeList>(`/changes?${params.toString()}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** An incident's suspect changes, ranked, with reasons and verdicts. */
export function useSuspectChanges(incidentId: number) {
  return useQuery({
    queryKey: changeKeys.suspects(incidentId),
    queryFn: ({ signal }) => apiFetch<SuspectChanges>(`/incidents/${incidentId}/suspect-changes`, { signal }),
  });
}

/** Labels a change for an incident; the answer is the new suspect list, and the incident (timeline) is re-read. */
export function useLabelChange(incidentId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { changeId: number; verdict: Verdict; why: string }) =>
      apiFetch<SuspectChanges>(`/incidents/${incidentId}/suspect-changes/${v.changeId}/verdict`, {
        method: 'POST',
        body: { verdict: v.verdict, why: v.why },
      }),
    onSuccess: (data) => {
      queryClient.setQueryData(changeKeys.suspects(incidentId), data);
      void queryClient.invalidateQueries({ queryKey: queryKeys.incidents.detail(incidentId) });
    },
  });
}
