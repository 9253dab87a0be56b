/**
 * The console page a lint finding is about, from its path (`schedule:<id>…`, `policy:<id>…`, `team:<id>`,
 * `user:<email>`), or null when it names no page. Ids stop at the first `.` or space (`policy:payments.steps.0`).
 */
export function findingLink(path: string): string | null {
  const match = /^(schedule|policy|team):([^.\s]+)/.exec(path);
  if (!match) return null;
  const id = encodeURIComponent(match[2]!);
  if (match[1] === 'schedule') return `/oncall/schedules/${id}`;
  if (match[1] === 'policy') return `/oncall/policies/${id}`;
  return '/people/teams';
}
