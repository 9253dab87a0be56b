import { useUsers } from '../api/people.ts';

/**
 * `name(email)`: the person's name for an email address the API gives (schedules, overrides, policy targets
 * and on-call steps name people by email), else the address itself — for an address of nobody Faultline knows,
 * or while the users are loading or not readable by the viewer. Compared without case, as the server does.
 */
export function usePersonName(): (email: string) => string {
  const users = useUsers();
  const names = new Map((users.data ?? []).map((u) => [u.email.toLowerCase(), u.name] as const));
  return (email) => names.get(email.toLowerCase()) || email;
}
