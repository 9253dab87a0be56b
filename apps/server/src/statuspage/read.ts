/**
 * Reading the public page and the room's view of it: loads with `store.ts`, shapes with `view.ts`.
 */
import type { RoomStatusPageView, StatusPageView } from '@faultline/contracts';
import type { Db } from '../db/index.ts';
import type { FaultlineConfig } from '../kernel/index.ts';
import { componentsSince, loadPublicIncidents, publicIncidentOf } from './store.ts';
import { localDays } from './uptime.ts';
import { statusPageWindows } from '../suppression/index.ts';
import { publicIncidentView, statusPageView } from './view.ts';

/**
 * The public page at `now`, its bars' days in `zone` (default the page's) and `days` of them (default the
 * page's `uptimeDays`).
 * @throws RangeError for an unknown zone (the route validates it first)
 */
export async function readStatusPage(
  db: Db,
  config: FaultlineConfig,
  now: Date,
  opts: { zone?: string | undefined; days?: number | undefined } = {},
): Promise<StatusPageView> {
  const page = config.statusPage;
  const zone = opts.zone ?? page.timeZone;
  const days = opts.days ?? page.uptimeDays;
  const from = localDays(zone, now, days)[0]!.start;
  const [incidents, since, windows] = await Promise.all([
    loadPublicIncidents(db, from),
    componentsSince(
      db,
      page.components.map((c) => c.id),
      now,
    ),
    statusPageWindows(db, config),
  ]);
  return statusPageView({ config: page, incidents, since, now, zone, days, windows });
}

/**
 * The room's view of the page for incident `incidentId` on `service`: the components to choose from (those
 * mapped to the service proposed) and the public incident it published, if any.
 */
export async function roomStatusPage(
  db: Db,
  config: FaultlineConfig,
  incidentId: number,
  service: string | null,
): Promise<RoomStatusPageView> {
  const record = await publicIncidentOf(db, incidentId);
  return {
    enabled: config.statusPage.components.length > 0,
    components: config.statusPage.components.map((c) => ({
      id: c.id,
      name: c.name,
      proposed: service !== null && c.services.includes(service),
    })),
    publicIncident: record ? publicIncidentView(record) : null,
  };
}
