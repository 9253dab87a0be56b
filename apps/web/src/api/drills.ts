import type { DrillList, DrillReport, DrillScenario, IncidentDetail } from '@faultline/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from './client.ts';
import { queryKeys } from './query-keys.ts';

const DRILLS = ['drills'] as const;

/** Fault drills, newest first (`GET /drills`). */
export function useDrills() {
  return useQuery({
    queryKey: DRILLS,
    queryFn: ({ signal }) => apiFetch<DrillList>('/drills', { signal }),
  });
}

/** A drill's report (`GET /drills/:id/report`). */
export function useDrillReport(id: number) {
  return useQuery({
    queryKey: [...DRILLS, id, 'report'],
    queryFn: ({ signal }) => apiFetch<DrillReport>(`/drills/${id}/report`, { signal }),
  });
}

/** Runs a drill from a scenario (`POST /drills`); answers with the drill's incident. */
export function useRunDrill() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: DrillScenario) => apiFetch<IncidentDetail>('/drills', { method: 'POST', body }),
    onSuccess: (detail) => {
      queryClient.setQueryData(queryKeys.incidents.detail(detail.id), detail);
      void queryClient.invalidateQueries({ queryKey: DRILLS });
      void queryClient.invalidateQueries({ queryKey: queryKeys.incidents.lists });
    },
  });
}
