import type { IncidentPlaybooks, PlaybookCheck, PlaybookList, PlaybookSummary } from '@faultline/contracts';
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

/**
 * Saves a playbook written as YAML: a new one (`id` absent) is stored, a stored one (`id`) replaced. A 400
 * names each field inside the playbook (`yaml` for text that is not YAML); 409 for a config playbook.
 */
export function useSavePlaybook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (a: { id: string | null; yaml: string }) =>
      apiFetch<PlaybookSummary>(a.id === null ? '/playbooks' : `/playbooks/${encodeURIComponent(a.id)}`, {
        method: a.id === null ? 'POST' : 'PUT',
        body: { yaml: a.yaml },
      }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: playbookKeys.list }),
  });
}

/** Deletes a stored playbook. */
export function useDeletePlaybook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/playbooks/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: playbookKeys.list }),
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
