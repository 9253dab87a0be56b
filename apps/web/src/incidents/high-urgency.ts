/**
 * Telling the person at the console about new high-urgency incidents (issue 12): a browser notification and,
 * if they turned it on, a short sound. High urgency as the server's default rule has it (docs/notifications.md):
 * level 1 or 2 of any sequence, never a risk. Pure parts here; the hook is in high-urgency-watch.tsx.
 */
import type { IncidentSummary } from '@faultline/contracts';

/** Whether an incident is high urgency by the default rule (`{P: "P2"}` is, `{P: "P3"}` and risks are not). */
export function isHighUrgency(incident: Pick<IncidentSummary, 'levels' | 'risk'>): boolean {
  if (incident.risk) return false;
  return Object.values(incident.levels).some((label) => {
    const n = Number(/\d+$/.exec(label)?.[0]);
    return n >= 1 && n <= 2;
  });
}

/**
 * The triggered high-urgency incidents of `incidents` not in `known`, oldest first; `known` is what was there
 * when the console first looked, so opening the console announces nothing.
 */
export function newHighUrgency(known: ReadonlySet<number>, incidents: readonly IncidentSummary[]): IncidentSummary[] {
  return incidents
    .filter((i) => i.status === 'triggered' && isHighUrgency(i) && !known.has(i.id))
    .sort((a, b) => a.id - b.id);
}

/** The notification's title and body for an incident. */
export function notificationOf(i: IncidentSummary): { title: string; body: string } {
  const levels = Object.values(i.levels).join(' ');
  return { title: `${levels} #${i.id} ${i.title}`.trim(), body: [i.service, i.team].filter(Boolean).join(' · ') };
}
