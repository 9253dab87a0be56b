/**
 * Maintenance windows (DESIGN §5 step 3): one-off (`startsAt`–`endsAt`) or recurring (Alertmanager time
 * intervals, `time-interval.ts`), scoped to services, modules, business lines or label matchers, with one
 * effect each:
 *
 * - `suppress-notifications`: alerts converge and incidents open as usual, but nothing in scope pages;
 * - `suppress-incidents`: alerts are recorded, but no incident opens for them;
 * - `pause-escalations`: open incidents in scope stop escalating (their next step waits) and resume after.
 *
 * The peers' traps and the rules that avoid them: PagerDuty keeps paging open incidents during maintenance
 * (here `pause-escalations` says so explicitly); GoAlert lets in-flight cycles continue (paused escalations
 * stop, `resumeDueAt` moves them); Keep left alerts suppressed after the window (a window only mutes while it
 * is open, and `release.ts` pages what still fires at its end, once).
 */
import type { Matcher } from '../levels/index.ts';
import { matches, matchesEmpty } from '../levels/index.ts';
import { compileMatcherInputs, type MatcherInput } from './matcher-input.ts';
import { compileTimeIntervals, type TimeInterval, type TimeIntervalSpec } from './time-interval.ts';
import { intervalPosition, intervalsContain } from './time-interval-eval.ts';
import { AppError } from '../lib/index.ts';
import { FieldErrors, isInstant, type Labels, type MuteReason } from './types.ts';

/** What a window does while it is open. */
export type MaintenanceEffect = 'suppress-notifications' | 'suppress-incidents' | 'pause-escalations';

/** The effects, in the order the API and console list them. */
export const MAINTENANCE_EFFECTS: readonly MaintenanceEffect[] = [
  'suppress-notifications',
  'suppress-incidents',
  'pause-escalations',
];

/** When a window is open, as given (not yet validated). */
export type MaintenanceScheduleDraft =
  | { readonly kind: 'once'; readonly startsAt: Date; readonly endsAt: Date }
  | { readonly kind: 'recurring'; readonly timeIntervals: ReadonlyArray<TimeIntervalSpec> };

/** What a window covers, as given: an alert is in scope when its service is named (directly, through its module
 * or through its business line) and it matches `matchers`. Either part may be left out, not both. */
export interface MaintenanceScopeDraft {
  readonly services?: readonly string[];
  readonly modules?: readonly string[];
  readonly businessLines?: readonly string[];
  readonly matchers?: ReadonlyArray<MatcherInput>;
}

/** A maintenance window as the API, CLI or config gives it. */
export interface MaintenanceWindowDraft {
  readonly name: string;
  readonly schedule: MaintenanceScheduleDraft;
  readonly scope: MaintenanceScopeDraft;
  readonly effect: MaintenanceEffect;
  readonly createdBy: string;
  readonly comment?: string;
  /** Shown on the status page as scheduled maintenance: its public title and components. */
  readonly statusPage?: MaintenanceStatusPage | null;
}

/** How a window shows on the public status page: a public title and status page component ids. */
export interface MaintenanceStatusPage {
  readonly title: string;
  readonly components: readonly string[];
}

/** A validated window. */
export interface MaintenanceWindow {
  readonly id: string;
  readonly name: string;
  readonly schedule:
    | { readonly kind: 'once'; readonly startsAt: Date; readonly endsAt: Date }
    | { readonly kind: 'recurring'; readonly timeIntervals: readonly TimeInterval[] };
  readonly scope: {
    readonly services: readonly string[];
    readonly modules: readonly string[];
    readonly businessLines: readonly string[];
    readonly matchers: readonly Matcher[];
  };
  readonly effect: MaintenanceEffect;
  readonly createdBy: string;
  readonly comment: string;
  /** Shown on the status page as scheduled maintenance; null: not shown. */
  readonly statusPage: MaintenanceStatusPage | null;
  /**
   * Ended early by a person: the window is not open before this instant (the end of the opening that was in
   * progress when it was ended; a one-off window's own end). Null when never ended by hand.
   */
  readonly closedUntil: Date | null;
}

/** The catalog facts of the alert's (or incident's) service, as scope matching needs them. */
export interface ScopeTarget {
  /** The routed service, or null when unrouted (then only matcher-only scopes can cover it). */
  readonly service: { readonly id: string; readonly module: string; readonly businessLine: string } | null;
  readonly labels: Labels;
}

/** Catalog lookups validation uses to refuse unknown ids. */
export interface CatalogIds {
  readonly services: ReadonlySet<string>;
  readonly modules: ReadonlySet<string>;
  readonly businessLines: ReadonlySet<string>;
}

/**
 * Validates a window against the catalog and compiles it.
 * @param now the current instant: a one-off window that has already ended is refused
 * @throws AppError VALIDATION with field paths (`schedule.endsAt`, `schedule.timeIntervals.0.months.1`,
 *   `scope.services.2`, `scope`, `effect`, `name`, `createdBy`)
 */
export function compileMaintenanceWindow(
  id: string,
  draft: MaintenanceWindowDraft,
  catalog: CatalogIds,
  now: Date,
): MaintenanceWindow {
  const errors = new FieldErrors();
  if (typeof draft.name !== 'string' || draft.name.trim() === '') errors.add('name', 'is required');
  if (typeof draft.createdBy !== 'string' || draft.createdBy.trim() === '') errors.add('createdBy', 'is required');
  if (!MAINTENANCE_EFFECTS.includes(draft.effect)) {
    errors.add('effect', `must be one of ${MAINTENANCE_EFFECTS.join(', ')}`);
  }
  const schedule = compileSchedule(draft.schedule, errors, now);
  const scope = draft.scope ?? {};
  const pick = (key: 'services' | 'modules' | 'businessLines', known: ReadonlySet<string>, noun: string) =>
    (scope[key] ?? []).filter((x, i) => {
      if (known.has(x)) return true;
      errors.add(`scope.${key}.${i}`, `unknown ${noun} "${x}"`);
      return false;
    });
  const services = pick('services', catalog.services, 'service');
  const modules = pick('modules', catalog.modules, 'module');
  const businessLines = pick('businessLines', catalog.businessLines, 'business line');
  const before = errors.list.length;
  const list = compileMatcherInputs(scope.matchers ?? [], 'scope.matchers', errors);
  const named = (scope.services?.length ?? 0) + (scope.modules?.length ?? 0) + (scope.businessLines?.length ?? 0);
  if (named === 0 && (scope.matchers ?? []).length === 0) {
    errors.add('scope', 'name services, modules, business lines or label matchers: a window must not cover everything');
  } else if (named === 0 && errors.list.length === before && list.every(matchesEmpty)) {
    errors.add(
      'scope.matchers',
      'every matcher also matches alerts without that label, so the window would cover everything',
    );
  }
  errors.throwIfAny('maintenance window');
  return {
    id,
    name: draft.name.trim(),
    schedule: schedule!,
    scope: { services, modules, businessLines, matchers: list },
    effect: draft.effect,
    createdBy: draft.createdBy.trim(),
    comment: draft.comment?.trim() ?? '',
    statusPage: draft.statusPage
      ? { title: draft.statusPage.title.trim(), components: [...draft.statusPage.components] }
      : null,
    closedUntil: null,
  };
}

function compileSchedule(
  draft: MaintenanceScheduleDraft,
  errors: FieldErrors,
  now: Date,
): MaintenanceWindow['schedule'] | undefined {
  if (draft?.kind === 'once') {
    const ok = isInstant(draft.startsAt) && isInstant(draft.endsAt);
    if (!isInstant(draft.startsAt)) errors.add('schedule.startsAt', 'must be a valid instant');
    if (!isInstant(draft.endsAt)) errors.add('schedule.endsAt', 'must be a valid instant');
    if (ok && draft.endsAt.getTime() <= draft.startsAt.getTime())
      errors.add('schedule.endsAt', 'must be after startsAt');
    else if (ok && draft.endsAt.getTime() <= now.getTime()) errors.add('schedule.endsAt', 'is in the past');
    return { kind: 'once', startsAt: draft.startsAt, endsAt: draft.endsAt };
  }
  if (draft?.kind === 'recurring') {
    const ivs = errors.capture('schedule.timeIntervals', () =>
      compileTimeIntervals(draft.timeIntervals ?? [], 'schedule.timeIntervals'),
    );
    return ivs ? { kind: 'recurring', timeIntervals: ivs } : undefined;
  }
  errors.add('schedule.kind', 'must be "once" or "recurring"');
  return undefined;
}

/** A window's state at an instant, for the console, the status page and the engine's timers. */
export interface MaintenanceState {
  /** `in-progress` while open; `scheduled` before an opening; `completed` when it will not open again. */
  readonly status: 'scheduled' | 'in-progress' | 'completed';
  /** When the current opening ends (in progress only). */
  readonly endsAt: Date | null;
  /** When the next opening starts (after the current one when in progress); null when none will. */
  readonly nextStartsAt: Date | null;
}

/**
 * Where a window stands at `now`. A one-off window is open on `[startsAt, endsAt)`; a recurring one while
 * `now` is inside one of its time intervals.
 */
export function maintenanceState(
  window: Pick<MaintenanceWindow, 'schedule'> & { readonly closedUntil?: Date | null },
  now: Date,
): MaintenanceState {
  const s = window.schedule;
  const closed = window.closedUntil ?? null;
  if (closed && now.getTime() < closed.getTime()) {
    if (s.kind === 'once') {
      return closed.getTime() >= s.endsAt.getTime()
        ? { status: 'completed', endsAt: null, nextStartsAt: null }
        : { status: 'scheduled', endsAt: null, nextStartsAt: closed };
    }
    const p = intervalPosition(s.timeIntervals, closed);
    const next = p.inside ? closed : p.nextStartsAt;
    return { status: next ? 'scheduled' : 'completed', endsAt: null, nextStartsAt: next };
  }
  if (s.kind === 'once') {
    const t = now.getTime();
    if (t < s.startsAt.getTime()) return { status: 'scheduled', endsAt: null, nextStartsAt: s.startsAt };
    if (t < s.endsAt.getTime()) return { status: 'in-progress', endsAt: s.endsAt, nextStartsAt: null };
    return { status: 'completed', endsAt: null, nextStartsAt: null };
  }
  const p = intervalPosition(s.timeIntervals, now);
  if (p.inside) return { status: 'in-progress', endsAt: p.endsAt, nextStartsAt: p.nextStartsAt };
  return { status: p.nextStartsAt ? 'scheduled' : 'completed', endsAt: null, nextStartsAt: p.nextStartsAt };
}

/** Whether the window is open at `now`. */
export function maintenanceOpen(
  window: Pick<MaintenanceWindow, 'schedule'> & { readonly closedUntil?: Date | null },
  now: Date,
): boolean {
  const s = window.schedule;
  if (window.closedUntil && now.getTime() < window.closedUntil.getTime()) return false;
  if (s.kind === 'once') return now.getTime() >= s.startsAt.getTime() && now.getTime() < s.endsAt.getTime();
  return intervalsContain(s.timeIntervals, now);
}

/** Whether the window covers an alert or incident (its service and labels). */
export function inMaintenanceScope(window: Pick<MaintenanceWindow, 'scope'>, target: ScopeTarget): boolean {
  const { services, modules, businessLines, matchers } = window.scope;
  const named = services.length + modules.length + businessLines.length > 0;
  if (named) {
    const svc = target.service;
    if (!svc) return false;
    if (!services.includes(svc.id) && !modules.includes(svc.module) && !businessLines.includes(svc.businessLine)) {
      return false;
    }
  }
  return matches(matchers, target.labels);
}

/**
 * The open windows covering an alert or incident at `now`, as mute reasons ordered by window id; the caller
 * keeps those whose effect concerns it (convergence: `suppress-notifications` and `suppress-incidents`;
 * the escalation engine: `pause-escalations`).
 */
export function maintenanceCovering(
  target: ScopeTarget,
  windows: readonly MaintenanceWindow[],
  now: Date,
): Array<Extract<MuteReason, { kind: 'maintenance' }>> {
  return windows
    .filter((w) => inMaintenanceScope(w, target) && maintenanceOpen(w, now))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((w) => ({ kind: 'maintenance', id: w.id, effect: w.effect, until: maintenanceState(w, now).endsAt }));
}

/**
 * Where ending a window by hand at `now` closes it until: a one-off window ends for good (its own end, also
 * when it has not started: it is cancelled); a recurring one skips the opening in progress and opens again at
 * its next opening.
 * @returns the window's new `closedUntil`
 * @throws AppError CONFLICT for a recurring window that is not open (delete it to stop its future openings)
 *   or any window that will not open again
 */
export function endMaintenanceAt(window: MaintenanceWindow, now: Date): Date {
  const state = maintenanceState(window, now);
  if (state.status === 'completed') throw new AppError('CONFLICT', `maintenance window ${window.id} has ended`);
  if (window.schedule.kind === 'once') return window.schedule.endsAt;
  if (state.status !== 'in-progress' || !state.endsAt) {
    throw new AppError(
      'CONFLICT',
      `maintenance window ${window.id} is not open now; delete it to stop its future openings`,
    );
  }
  return state.endsAt;
}

/**
 * When a paused escalation step becomes due after its pause: the time it had left when paused, counted from
 * the resumption (a step due 4 minutes after the pause is due 4 minutes after the window ends; one already due
 * when paused is due at once).
 * @param dueAt when the step was due before the pause
 * @param pausedAt when the window paused it
 * @param resumedAt when the window ended (or was ended by hand)
 */
export function resumeDueAt(dueAt: Date, pausedAt: Date, resumedAt: Date): Date {
  const left = Math.max(0, dueAt.getTime() - pausedAt.getTime());
  return new Date(resumedAt.getTime() + left);
}

/**
 * When a stored window ended for good, for the retention (`suppression.maintenanceRetentionHours`): a one-off
 * window at its end, or, ended early by hand (`closedUntil` at or past its end), when that was done
 * (`updatedAt`); null while it may still open, and for recurring windows (kept until deleted: their rules may
 * open them again).
 */
export function maintenanceEndedAt(
  window: Pick<MaintenanceWindow, 'schedule' | 'closedUntil'>,
  updatedAt: Date,
  now: Date,
): Date | null {
  const s = window.schedule;
  if (s.kind !== 'once') return null;
  const closed = window.closedUntil ?? null;
  if (closed && closed.getTime() >= s.endsAt.getTime()) {
    return new Date(Math.min(updatedAt.getTime(), s.endsAt.getTime()));
  }
  return now.getTime() >= s.endsAt.getTime() ? s.endsAt : null;
}
