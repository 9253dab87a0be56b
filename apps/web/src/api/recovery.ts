import type { IncidentPlaybooks, PlaybookCheck, PlaybookList } from '@faultline/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from './client.ts';
import { queryKeys } from './query-keys.ts';

/** Under the incident's detail key, so the live stream's invalidation of the incident refreshes it. */
export const playbookKeys = {
  incident: (incidentId: number) => [...queryKeys.incidents.detail(incidentId), 'playbooks'] as const,
  list: ['playbooks'] as const,
};

/** The configured playbooks (secrets never shown). */
export function usePlaybooks() {
  return useQuery({
    queryKey: playbookKeys.list,
    queryFn: ({ signal }) => apiFetch<PlaybookList>('/playbooks', { signal }),
  });
}

/** Checks one playbook written as YAML against the config schema and the catalog. */
export function useCheckPlaybook() {
  return useMutation({
    mutationFn: (yaml: string) => apiFetch<PlaybookCheck>('/playbooks/check', { method: 'POST', body: { yaml } }),
  });
}

/** The playbooks that match an incident, with each step's state. */
export function useIncidentPlaybooks(incidentId: number) {
  return useQuery({
    queryKey: playbookKeys.incident(incidentId),
    queryFn: ({ signal }) => apiFetch<IncidentPlaybooks>(`/incidents/${incidentId}/playbooks`, { signal }),
  });
}

/** Run (or retry), approve or skip a step; the answer is the new state, and the incident is re-read. */
export function useStepAction(incidentId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (a: { playbookId: string; stepId: string; action: 'run' | 'approve' | 'skip'; reason?: string }) =>
      apiFetch<IncidentPlaybooks>(
        `/incidents/${incidentId}/playbooks/${encodeURIComponent(a.playbookId)}/steps/${encodeURIComponent(a.stepId)}/${a.action}`,
        { method: 'POST', ...(a.action === 'skip' ? { body: { reason: a.reason ?? '' } } : {}) },
      ),
    onSuccess: (data) => {
      queryClient.setQueryData(playbookKeys.incident(incidentId), data);
      void queryClient.invalidateQueries({ queryKey: queryKeys.incidents.detail(incidentId) });
    },
  });
}
