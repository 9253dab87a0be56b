import type {
  ActionCreate,
  ActionState,
  ActionView,
  BoardView,
  PostmortemUpdate,
  PostmortemView,
} from '@faultline/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, apiFetchText } from './client.ts';

/** Query keys of the closed loop: invalidating `all` refreshes every postmortem and the board. */
export const postmortemKeys = {
  all: ['postmortems'] as const,
  ofIncident: (incidentId: number) => ['postmortems', 'incident', incidentId] as const,
  board: (filter: string) => ['postmortems', 'board', filter] as const,
};

/** The postmortem of an incident (404 while it has none). */
export function usePostmortem(incidentId: number) {
  return useQuery({
    queryKey: postmortemKeys.ofIncident(incidentId),
    queryFn: ({ signal }) => apiFetch<PostmortemView>(`/incidents/${incidentId}/postmortem`, { signal }),
    retry: false,
  });
}

/** The postmortem `id` as the server renders it in Markdown (the export), refreshed with the postmortem. */
export function usePostmortemMarkdown(id: number, version: string) {
  return useQuery({
    queryKey: [...postmortemKeys.all, 'markdown', id, version] as const,
    queryFn: ({ signal }) => apiFetchText(`/postmortems/${id}/markdown`, { signal }),
  });
}

function useLoopMutation<I, O>(fn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: postmortemKeys.all });
      void queryClient.invalidateQueries({ queryKey: ['incidents'] });
    },
  });
}

/** Opens the postmortem of an incident by hand. */
export const useOpenPostmortem = () =>
  useLoopMutation((incidentId: number) =>
    apiFetch<PostmortemView>('/postmortems', { method: 'POST', body: { incidentId } }),
  );

/** Saves edits to a draft. */
export const useUpdatePostmortem = () =>
  useLoopMutation(({ id, patch }: { id: number; patch: PostmortemUpdate }) =>
    apiFetch<PostmortemView>(`/postmortems/${id}`, { method: 'PATCH', body: patch }),
  );

/** Waives a checkpoint with a reason. */
export const useWaiveCheckpoint = () =>
  useLoopMutation(({ id, checkpoint, reason }: { id: number; checkpoint: string; reason: string }) =>
    apiFetch<PostmortemView>(`/postmortems/${id}/waivers`, { method: 'POST', body: { checkpoint, reason } }),
  );

/** Publishes (412 names the missing checkpoints). */
export const usePublishPostmortem = () =>
  useLoopMutation((id: number) => apiFetch<PostmortemView>(`/postmortems/${id}/publish`, { method: 'POST' }));

/** Adds an improvement action. */
export const useAddAction = () =>
  useLoopMutation(({ postmortemId, action }: { postmortemId: number; action: Partial<ActionCreate> }) =>
    apiFetch<ActionView>(`/postmortems/${postmortemId}/actions`, { method: 'POST', body: action }),
  );

/** Moves an action to a state (the board's drag, or its menu). */
export const useMoveAction = () =>
  useLoopMutation(({ id, to, reason }: { id: number; to: ActionState; reason?: string }) =>
    apiFetch<ActionView>(`/actions/${id}/move`, { method: 'POST', body: { to, ...(reason ? { reason } : {}) } }),
  );

/** The board, filtered by team, level and owner (empty values are ignored). */
export function useBoard(filter: { team?: string; businessLine?: string; level?: string; owner?: string }) {
  const params = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => !!e[1]));
  const q = params.toString();
  return useQuery({
    queryKey: postmortemKeys.board(q),
    queryFn: ({ signal }) => apiFetch<BoardView>(`/board${q ? `?${q}` : ''}`, { signal }),
  });
}
