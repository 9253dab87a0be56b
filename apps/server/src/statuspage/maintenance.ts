/**
 * Scheduled maintenance on the public page (issue 16 point 2: "a window can be shown on the status page as
 * scheduled maintenance"): the maintenance windows marked for the page, as their public title, the current or
 * next opening's times and the components they name — never their scope, matchers, comment or author. Pure:
 * windows and `now` in, views out.
 */
import { createHash } from 'node:crypto';
import type { PublicMaintenanceView } from '@faultline/contracts';
import { maintenanceState, type MaintenanceWindow as SuppressionWindow } from '../suppression/index.ts';
import type { MaintenanceWindow } from './status.ts';

/** A window as the page needs it: its schedule and its status page part. */
export type ShownWindow = Pick<SuppressionWindow, 'id' | 'schedule' | 'closedUntil' | 'statusPage'>;

/** An opaque, stable public id for a window (its internal id is not shown). */
const publicId = (id: string): string => createHash('sha256').update(id).digest('hex').slice(0, 16);

/**
 * The public maintenance list at `now` (in progress first, then scheduled by start) and the openings that put
 * components in `maintenance` (for the component statuses and the uptime bars). Completed windows and windows
 * without a status page part are left out; components the page does not have are dropped.
 */
export function publicMaintenance(
  windows: readonly ShownWindow[],
  components: ReadonlySet<string>,
  now: Date,
): { list: PublicMaintenanceView[]; openings: MaintenanceWindow[] } {
  const list: PublicMaintenanceView[] = [];
  const openings: MaintenanceWindow[] = [];
  for (const w of windows) {
    if (!w.statusPage) continue;
    const state = maintenanceState(w, now);
    if (state.status === 'completed') continue;
    const shown = w.statusPage.components.filter((c) => components.has(c));
    const once = w.schedule.kind === 'once' ? w.schedule : null;
    let startsAt: Date | null;
    let endsAt: Date | null;
    if (state.status === 'in-progress') {
      startsAt = once ? once.startsAt : null;
      endsAt = state.endsAt;
    } else {
      startsAt = state.nextStartsAt;
      // The end of the next opening: where the window stands once it has opened.
      endsAt = startsAt ? maintenanceState(w, startsAt).endsAt : null;
    }
    const id = publicId(w.id);
    list.push({
      id,
      title: w.statusPage.title,
      status: state.status,
      startsAt: startsAt?.toISOString() ?? null,
      endsAt: endsAt?.toISOString() ?? null,
      components: shown,
    });
    if (endsAt)
      openings.push({
        id,
        from: state.status === 'in-progress' ? (startsAt ?? now) : startsAt!,
        to: endsAt,
        components: shown,
      });
  }
  const rank = (m: PublicMaintenanceView) => (m.status === 'in-progress' ? 0 : 1);
  list.sort(
    (a, b) => rank(a) - rank(b) || (a.startsAt ?? '').localeCompare(b.startsAt ?? '') || a.id.localeCompare(b.id),
  );
  return { list, openings };
}
