import type { DeclareIncidentInput, IncidentDetail, ResponseRoom } from '@faultline/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from './client.ts';
import { queryKeys } from './query-keys.ts';

/** The response room of incident `id`: key times, 1-5-10 clock, roles, group, status updates. */
export function useRoom(id: number) {
  return useQuery({
    queryKey: queryKeys.incidents.room(id),
    queryFn: ({ signal }) => apiFetch<ResponseRoom>(`/incidents/${id}/room`, { signal }),
  });
}

/** One action in the room: `path` below `/incidents/:id/`, with a JSON body; the answer is the new room. */
export interface RoomAction {
  path: string;
  method?: 'POST' | 'PATCH';
  body: unknown;
}

/**
 * Runs room actions on incident `id`; the answer replaces the cached room, and the incident (its status and
 * timeline) refreshes.
 */
export function useRoomAction(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ path, method = 'POST', body }: RoomAction) =>
      apiFetch<ResponseRoom>(`/incidents/${id}/${path}`, { method, body }),
    onSuccess: (room, { path }) => {
      // Closing is the postmortem's route and answers { closed }: refetch the room instead.
      if (path === 'close') void queryClient.invalidateQueries({ queryKey: queryKeys.incidents.room(id) });
      else queryClient.setQueryData(queryKeys.incidents.room(id), room);
      void queryClient.invalidateQueries({ queryKey: queryKeys.incidents.detail(id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.incidents.lists });
    },
  });
}

/** Declares an incident (`POST /incidents`); answers with the new incident. */
export function useDeclare() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: DeclareIncidentInput) => apiFetch<IncidentDetail>('/incidents', { method: 'POST', body }),
    onSuccess: (detail) => {
      queryClient.setQueryData(queryKeys.incidents.detail(detail.id), detail);
      void queryClient.invalidateQueries({ queryKey: queryKeys.incidents.lists });
    },
  });
}
