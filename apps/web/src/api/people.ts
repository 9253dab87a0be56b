import type {
  AuditList,
  DirectoryEntry,
  ServiceView,
  InvitationCreate,
  InvitationList,
  InvitationView,
  MemberAdd,
  PermissionName,
  TeamCreate,
  TeamView,
  TeamRoleName,
  UserCreate,
  UserUpdate,
  UserView,
  SavedViewList,
  SavedViewPut,
  SavedViewView,
} from '@faultline/contracts';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { may } from '../auth/permissions.ts';
import { maySomewhere } from '../people/permissions.ts';
import { apiFetch, apiFetchAll } from './client.ts';
import { queryKeys } from './query-keys.ts';
import { useSession } from './session.ts';

/**
 * What the signed-in principal may do, from the session: `can(permission, team?)` for one team's data (or
 * server-wide without a team), `canSomewhere(permission)` for any team. The console hides what is not allowed.
 */
export function usePermissions() {
  const session = useSession();
  return {
    session: session.data ?? null,
    can: (permission: PermissionName, team?: string | null) => may(session.data, permission, team),
    canSomewhere: (permission: PermissionName) => maySomewhere(session.data, permission),
  };
}

/** Every user (people with `people:admin` or `oncall:read` see all; the API filters the rest). */
export function useUsers() {
  return useQuery({
    queryKey: queryKeys.people.users,
    queryFn: ({ signal }) => apiFetchAll<UserView>('/users', 'users', { signal }),
  });
}

/**
 * The people directory (`GET /api/v1/people`): id, email and name of the people on the teams the viewer can
 * see, for showing names where the API gives emails. Readable by anyone who sees incidents (a viewer or a
 * stakeholder of a team too), unlike `useUsers`, which needs `oncall:read`.
 */
export function usePeopleDirectory() {
  return useQuery({
    queryKey: queryKeys.people.directory,
    queryFn: ({ signal }) => apiFetchAll<DirectoryEntry>('/people', 'people', { signal }),
  });
}

/** One user by id, or the signed-in person (`'me'`); not asked while `enabled` is false. */
export function useUser(id: number | 'me', enabled = true) {
  return useQuery({
    queryKey: queryKeys.people.user(id),
    queryFn: ({ signal }) => apiFetch<UserView>(`/users/${id}`, { signal }),
    enabled,
  });
}

/** Creates a user (admins). */
export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UserCreate) => apiFetch<UserView>('/users', { method: 'POST', body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.people.all }),
  });
}

/** Changes a user's details (one's own, or anyone's for an admin). */
export function useUpdateUser(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UserUpdate) => apiFetch<UserView>(`/users/${id}`, { method: 'PATCH', body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.people.all }),
  });
}

/** Every team with its members and their roles. */
export function useTeams() {
  return useQuery({
    queryKey: queryKeys.people.teams,
    queryFn: ({ signal }) => apiFetchAll<TeamView>('/teams', 'teams', { signal }),
  });
}

/** Creates a team (admins). */
export function useCreateTeam() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TeamCreate) => apiFetch<unknown>('/teams', { method: 'POST', body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.people.all }),
  });
}

/**
 * Links an escalation policy to a team (`null` unlinks): the team's incidents are paged through it. Refused
 * (409) when the config file names the team's policy. Refreshes people and on-call data (policies list the
 * teams that use them).
 */
export function useLinkTeamPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ team, policy }: { team: string; policy: string | null }) =>
      apiFetch<TeamView>(`/teams/${encodeURIComponent(team)}`, { method: 'PATCH', body: { escalationPolicy: policy } }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.people.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.oncall.all });
    },
  });
}

/** The catalog's services the viewer may read, with the escalation policy each is paged through. */
export function useServices() {
  return useQuery({
    queryKey: queryKeys.people.services,
    queryFn: ({ signal }) => apiFetchAll<ServiceView>('/services', 'services', { signal }),
  });
}

/** Links an escalation policy to a service (null unlinks): its incidents are paged through it before the team's. */
export function useLinkServicePolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ service, policy }: { service: string; policy: string | null }) =>
      apiFetch<ServiceView>(`/services/${encodeURIComponent(service)}`, {
        method: 'PATCH',
        body: { escalationPolicy: policy },
      }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.people.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.oncall.all });
    },
  });
}

/**
 * Invites a person to a team, adds one directly (admins only), changes a member's role, or removes one
 * (managers of the team, admins).
 */
export function useTeamMembers(team: string) {
  const queryClient = useQueryClient();
  const teamPath = `/teams/${encodeURIComponent(team)}`;
  const path = `${teamPath}/members`;
  const refresh = (): void => void queryClient.invalidateQueries({ queryKey: queryKeys.people.all });
  return {
    invite: useMutation({
      mutationFn: (body: InvitationCreate) =>
        apiFetch<InvitationView>(`${teamPath}/invitations`, { method: 'POST', body }),
      onSuccess: refresh,
    }),
    cancelInvitation: useMutation({
      mutationFn: (id: number) => apiFetch<void>(`/invitations/${id}`, { method: 'DELETE' }),
      onSuccess: refresh,
    }),
    add: useMutation({
      mutationFn: (body: MemberAdd) => apiFetch<unknown>(path, { method: 'POST', body }),
      onSuccess: refresh,
    }),
    setRole: useMutation({
      mutationFn: ({ userId, role }: { userId: number; role: TeamRoleName }) =>
        apiFetch<unknown>(`${path}/${userId}`, { method: 'PATCH', body: { role } }),
      onSuccess: refresh,
    }),
    remove: useMutation({
      mutationFn: (userId: number) => apiFetch<void>(`${path}/${userId}`, { method: 'DELETE' }),
      onSuccess: refresh,
    }),
  };
}

/** A team's pending invitations (those who may read the team). */
export function useTeamInvitations(team: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.people.teamInvitations(team),
    queryFn: ({ signal }) => apiFetch<InvitationList>(`/teams/${encodeURIComponent(team)}/invitations`, { signal }),
    select: (data) => data.invitations,
    enabled,
  });
}

/** The signed-in person's pending invitations. */
export function useMyInvitations() {
  return useQuery({
    queryKey: queryKeys.people.myInvitations,
    queryFn: ({ signal }) => apiFetch<InvitationList>('/invitations', { signal }),
    select: (data) => data.invitations,
  });
}

/** Accepts or declines one of the signed-in person's invitations; refreshes people and the session's roles. */
export function useAnswerInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, answer }: { id: number; answer: 'accept' | 'decline' }) =>
      apiFetch<InvitationView>(`/invitations/${id}/${answer}`, { method: 'POST' }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.people.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.session });
    },
  });
}

/** The audit log, newest first, 100 entries a page; `targetType` narrows it (e.g. `user`, `team`, `schedule`). */
export function useAuditLog(targetType: string | null) {
  return useInfiniteQuery({
    queryKey: [...queryKeys.people.all, 'audit', targetType],
    queryFn: ({ signal, pageParam }) => {
      const params = new URLSearchParams({ limit: '100' });
      if (targetType) params.set('targetType', targetType);
      if (pageParam !== null) params.set('cursor', pageParam);
      return apiFetch<AuditList>(`/audit?${params.toString()}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/**
 * The signed-in person's saved views of the incident list, kept on the server (`/api/v1/me/views`), so they
 * follow the person from browser to browser; not asked while `enabled` is false (a service token has none).
 */
export function useSavedViews(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.people.myViews,
    queryFn: async ({ signal }) => (await apiFetch<SavedViewList>('/me/views', { signal })).views,
    enabled,
  });
}

/** Saves a view under a name (replacing one of that name) or deletes one by name. */
export function useSavedViewActions() {
  const queryClient = useQueryClient();
  const done = () => void queryClient.invalidateQueries({ queryKey: queryKeys.people.myViews });
  return {
    save: useMutation({
      mutationFn: (body: SavedViewPut) => apiFetch<SavedViewView>('/me/views', { method: 'PUT', body }),
      onSuccess: done,
    }),
    remove: useMutation({
      mutationFn: (name: string) => apiFetch<void>(`/me/views/${encodeURIComponent(name)}`, { method: 'DELETE' }),
      onSuccess: done,
    }),
  };
}
