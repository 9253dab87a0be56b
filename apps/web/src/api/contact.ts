import type {
  CodeSent,
  ContactMethodCreate,
  ContactMethodView,
  FeedLinkKind,
  FeedLinkList,
  FeedLinkView,
  NotificationRule,
  NotificationRuleList,
} from '@faultline/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, apiFetchAll } from './client.ts';
import { queryKeys } from './query-keys.ts';

/** A person's contact methods (never the codes); verified ones are the only ones paged. */
export function useContactMethods(userId: number) {
  return useQuery({
    queryKey: queryKeys.people.contactMethods(userId),
    queryFn: ({ signal }) =>
      apiFetchAll<ContactMethodView>(`/users/${userId}/contact-methods`, 'contactMethods', { signal }),
  });
}

/**
 * Adds, sends a code to, verifies and deletes a person's contact methods. Every change refreshes the methods
 * and the rules (deleting a method deletes its rules; a verified method may now be used in one).
 */
export function useContactMethodActions(userId: number) {
  const queryClient = useQueryClient();
  const base = `/users/${userId}/contact-methods`;
  const refresh = (): void => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.people.contactMethods(userId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.people.rules(userId) });
  };
  return {
    add: useMutation({
      mutationFn: (body: ContactMethodCreate) => apiFetch<ContactMethodView>(base, { method: 'POST', body }),
      onSuccess: refresh,
    }),
    sendCode: useMutation({
      mutationFn: (cm: number) => apiFetch<CodeSent>(`${base}/${cm}/send-code`, { method: 'POST' }),
      onSuccess: refresh,
    }),
    verify: useMutation({
      mutationFn: ({ cm, code }: { cm: number; code: string }) =>
        apiFetch<ContactMethodView>(`${base}/${cm}/verify`, { method: 'POST', body: { code } }),
      onSuccess: refresh,
    }),
    remove: useMutation({
      mutationFn: (cm: number) => apiFetch<void>(`${base}/${cm}`, { method: 'DELETE' }),
      onSuccess: refresh,
    }),
  };
}

/** A person's notification rules, high urgency first, then by delay. */
export function useNotificationRules(userId: number) {
  return useQuery({
    queryKey: queryKeys.people.rules(userId),
    queryFn: ({ signal }) => apiFetch<NotificationRuleList>(`/users/${userId}/notification-rules`, { signal }),
    select: (data) => data.rules,
  });
}

/** Replaces a person's whole rule list; the answer becomes the cached list. */
export function useSaveNotificationRules(userId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (rules: NotificationRule[]) =>
      apiFetch<NotificationRuleList>(`/users/${userId}/notification-rules`, { method: 'PUT', body: { rules } }),
    onSuccess: (data) => queryClient.setQueryData(queryKeys.people.rules(userId), data),
  });
}

/**
 * The iCal feed links of one feed (a schedule, or a person's calendar) that the caller may see: those they
 * made, and those to their own calendar. Each URL is a secret: whoever has it can read the shifts.
 */
export function useFeedLinks(kind: FeedLinkKind, target: string) {
  return useQuery({
    queryKey: queryKeys.people.feedLinks(kind, target),
    queryFn: ({ signal }) =>
      apiFetch<FeedLinkList>(`/ical-links?kind=${kind}&target=${encodeURIComponent(target)}`, { signal }),
    select: (data) => data.links,
    retry: false,
  });
}

/** Makes and revokes feed links of one feed. */
export function useFeedLinkActions(kind: FeedLinkKind, target: string) {
  const queryClient = useQueryClient();
  const refresh = (): void =>
    void queryClient.invalidateQueries({ queryKey: queryKeys.people.feedLinks(kind, target) });
  const base = kind === 'schedule' ? `/schedules/${encodeURIComponent(target)}` : `/users/${target}`;
  return {
    create: useMutation({
      mutationFn: (label: string) =>
        apiFetch<FeedLinkView>(`${base}/ical-links`, { method: 'POST', body: label ? { label } : {} }),
      onSuccess: refresh,
    }),
    revoke: useMutation({
      mutationFn: (id: number) => apiFetch<void>(`/ical-links/${id}`, { method: 'DELETE' }),
      onSuccess: refresh,
    }),
  };
}
