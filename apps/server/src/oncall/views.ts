/**
 * Read-only views of schedules for the API: each schedule with its origin (config or stored) and editor, and
 * the rendered final schedule. Pure functions of the merged config, the stored part and a window.
 */
import type { FinalScheduleView, ScheduleView } from '@faultline/contracts';
import type { LoadedConfig } from '../kernel/index.ts';
import { finalSchedule, gaps } from './final.ts';
import type { Schedule } from './schema.ts';
import type { StoredOncall } from './directory.ts';
import { scheduleOwner } from './store.ts';

/** A schedule as the API shows it: config ones read-only (`source: config`), stored ones with their editor. */
export function scheduleView(cfg: LoadedConfig, stored: StoredOncall, id: string): ScheduleView | undefined {
  const owner = scheduleOwner(cfg, stored, id);
  const s = cfg.escalation.schedules.get(id);
  if (!owner || !s) return undefined;
  const body = owner.item
    ? { ...owner.item.body, ...(owner.item.team ? { team: owner.item.team } : {}) }
    : cfg.config.schedules.find((x) => x.id === id)!;
  return {
    id,
    name: s.name ?? id,
    timeZone: s.timeZone,
    team: owner.team,
    source: owner.source,
    body: body as Record<string, unknown>,
    updatedBy: owner.item?.updatedBy ?? null,
    updatedAt: owner.item?.updatedAt.toISOString() ?? null,
  };
}

/** Every schedule of the directory (config first, then stored, each by id order of declaration). */
export function scheduleViews(cfg: LoadedConfig, stored: StoredOncall): ScheduleView[] {
  return [...cfg.escalation.schedules.keys()].flatMap((id) => scheduleView(cfg, stored, id) ?? []);
}

/**
 * The rendered final schedule over `[from, to)`: each piece with its user, UTC start and end, the winning
 * layer (null for an override), and the gaps.
 */
export function finalScheduleView(schedule: Schedule, from: Date, to: Date): FinalScheduleView {
  return {
    schedule: schedule.id,
    timeZone: schedule.timeZone,
    from: from.toISOString(),
    to: to.toISOString(),
    shifts: finalSchedule(schedule, from, to).map((p) => ({
      user: p.user,
      start: p.start.toISOString(),
      end: p.end.toISOString(),
      layer: p.source === 'override' ? null : p.source.slice('layer:'.length),
      override: p.source === 'override',
    })),
    gaps: gaps(schedule, from, to).map((g) => ({ start: g.start.toISOString(), end: g.end.toISOString() })),
  };
}
