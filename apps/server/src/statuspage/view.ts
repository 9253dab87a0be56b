/**
 * The public page as the API answers it, from the published rows, the configured components and `now`: a
 * pure function over what `store.ts` loads (the public incidents and their updates, when each component
 * first appeared). Component status and uptime come from `component-status.ts` and `uptime.ts`; the bars'
 * days are in `zone` (the viewer's, or the page's).
 */
import type { PublicIncidentView, StatusPageView } from '@faultline/contracts';
import { componentStatuses, pageStatus } from './component-status.ts';
import { overallUptime, uptimeDays, localDays } from './uptime.ts';
import { severity, type ComponentStatus, type PublicIncidentState, type StatusUpdate } from './status.ts';
import type { StatusPageConfig } from './config.ts';
import { publicMaintenance, type ShownWindow } from './maintenance.ts';

/** A public incident as stored. */
export interface PublicIncidentRecord {
  id: number;
  title: string;
  state: PublicIncidentState;
  startedAt: Date;
  resolvedAt: Date | null;
  updates: ReadonlyArray<{
    at: Date;
    state: PublicIncidentState;
    message: string;
    components: Readonly<Record<string, ComponentStatus>>;
  }>;
}

/** At most this many incidents are listed (open ones first). */
export const MAX_LISTED_INCIDENTS = 100;

/** One public incident's view: its updates newest first, the latest status it gave each component it named. */
export function publicIncidentView(i: PublicIncidentRecord): PublicIncidentView {
  const components: Record<string, ComponentStatus> = {};
  let impact: ComponentStatus = 'operational';
  for (const u of i.updates)
    for (const [c, s] of Object.entries(u.components)) {
      components[c] = s;
      if (severity(s) > severity(impact)) impact = s;
    }
  return {
    id: i.id,
    title: i.title,
    state: i.state,
    startedAt: i.startedAt.toISOString(),
    resolvedAt: i.resolvedAt?.toISOString() ?? null,
    impact,
    components,
    updates: [...i.updates].reverse().map((u) => ({
      at: u.at.toISOString(),
      state: u.state,
      message: u.message,
      components: { ...u.components },
    })),
  };
}

/**
 * The page at `now`.
 * @param incidents public incidents open at, or resolved after, the start of the first bar (their updates in
 *   time order)
 * @param since when each component first appeared on the page (a component missing here counts from `now`)
 * @param zone IANA zone of the bars' days (validated by the caller)
 * @param days number of daily bars, ending with today in `zone`
 */
export function statusPageView(input: {
  config: StatusPageConfig;
  incidents: readonly PublicIncidentRecord[];
  since: ReadonlyMap<string, Date>;
  now: Date;
  zone: string;
  days: number;
  /** Maintenance windows marked for the page (`maintenance.ts`); none when absent. */
  windows?: readonly ShownWindow[];
}): StatusPageView {
  const { config, now, zone, days } = input;
  const maintenance = publicMaintenance(input.windows ?? [], new Set(config.components.map((c) => c.id)), now);
  const updates: StatusUpdate[] = input.incidents.flatMap((i) =>
    i.updates.map((u) => ({ incident: String(i.id), at: u.at, state: u.state, components: u.components })),
  );
  const ids = config.components.map((c) => c.id);
  const readings = componentStatuses(ids, updates, maintenance.openings, now);
  const components = config.components.map((c, k) => {
    const bars = uptimeDays({
      component: c.id,
      updates,
      maintenances: maintenance.openings,
      since: input.since.get(c.id) ?? now,
      now,
      zone,
      days,
    });
    return {
      id: c.id,
      name: c.name,
      description: c.description ?? null,
      status: readings[k]!.status,
      uptime: overallUptime(bars),
      days: bars.map((d) => ({ date: d.date, uptime: d.uptime, worst: d.worst, downtimeMs: d.downtimeMs })),
    };
  });
  const rangeStart = localDays(zone, now, days)[0]!.start.getTime();
  const listed = input.incidents
    .filter((i) => i.resolvedAt === null || i.resolvedAt.getTime() >= rangeStart)
    .sort(
      (a, b) =>
        Number(a.resolvedAt !== null) - Number(b.resolvedAt !== null) || b.startedAt.getTime() - a.startedAt.getTime(),
    )
    .slice(0, MAX_LISTED_INCIDENTS)
    .map(publicIncidentView);
  return {
    title: config.title,
    timeZone: zone,
    generatedAt: now.toISOString(),
    status: pageStatus(readings),
    components,
    incidents: listed,
    maintenance: maintenance.list,
  };
}
