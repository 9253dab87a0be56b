/**
 * The silences convergence applies: stored ones (not yet expired) merged with the config's, compiled. SQL
 * only; no permission checks (the verbs and convergence call these).
 */
import { desc, eq, gt, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import { alerts, firingAlertsOf } from '../incident/index.ts';
import { inhibitionsOf } from './inhibition.ts';
import { configInhibitRules } from './inhibition-config.ts';
import type { Db } from '../db/index.ts';
import type { FaultlineConfig, LoadedConfig } from '../kernel/index.ts';
import { parseMatchers } from '../levels/index.ts';
import { compileSilence, silencesMuting, type Silence } from './silence.ts';
import { maintenanceWindows, silences } from './tables.ts';
import { describeMute, type Labels, type MuteReason } from './types.ts';
import { maintenanceCovering, maintenanceEndedAt, type MaintenanceWindow, type ScopeTarget } from './maintenance.ts';
import { compileTimeIntervals } from './time-interval.ts';
import { configWindows } from './maintenance-config.ts';

export type SilenceRow = typeof silences.$inferSelect;

/** The id a config silence has in the API and in mute reasons. */
export const configSilenceId = (id: string): string => `config:${id}`;

/** A stored row as a compiled silence (its matchers were checked when it was stored). */
export function silenceOfRow(row: SilenceRow): Silence {
  return {
    id: row.id,
    matchers: row.matchers.flatMap((m) => parseMatchers(m)),
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    createdBy: row.createdBy,
    comment: row.comment,
    annotations: row.annotations,
  };
}

const compiledConfig = new WeakMap<object, Silence[]>();

/**
 * The config's silences, compiled once per loaded config. One that does not compile is left out (the config
 * lint reports it as an error, so such a file is refused at load).
 */
export function configSilences(cfg: LoadedConfig): Silence[] {
  let list = compiledConfig.get(cfg.config);
  if (!list) {
    list = [];
    for (const s of cfg.config.silences) {
      try {
        // "now" = startsAt: a config silence may already be over; it is then listed as expired.
        list.push(
          compileSilence(
            configSilenceId(s.id),
            { ...s, startsAt: new Date(s.startsAt), endsAt: new Date(s.endsAt) },
            new Date(s.startsAt),
          ),
        );
      } catch {
        // reported by lintSuppression
      }
    }
    compiledConfig.set(cfg.config, list);
  }
  return list;
}

/** Every silence that is not expired at `now` (pending and active), stored and from the config. */
export async function liveSilences(db: Db, cfg: LoadedConfig, now: Date): Promise<Silence[]> {
  const stored = await db.select().from(silences).where(gt(silences.endsAt, now));
  return [...stored.map(silenceOfRow), ...configSilences(cfg).filter((s) => s.endsAt.getTime() > now.getTime())];
}

export type MaintenanceWindowRow = typeof maintenanceWindows.$inferSelect;

/** A stored row as a compiled window (it was validated when it was stored). */
export function windowOfRow(row: MaintenanceWindowRow): MaintenanceWindow {
  const s = row.schedule;
  return {
    id: row.id,
    name: row.name,
    schedule:
      s.kind === 'once'
        ? { kind: 'once', startsAt: new Date(s.startsAt), endsAt: new Date(s.endsAt) }
        : { kind: 'recurring', timeIntervals: compileTimeIntervals(s.timeIntervals, 'schedule.timeIntervals') },
    scope: { ...row.scope, matchers: row.scope.matchers.flatMap((m) => parseMatchers(m)) },
    effect: row.effect,
    createdBy: row.createdBy,
    comment: row.comment,
    statusPage: row.statusPage,
    closedUntil: row.closedUntil,
  };
}

/**
 * The maintenance windows shown on the public status page (stored and from the config), compiled. For the
 * status page, which shows only their public title, times and components.
 */
export async function statusPageWindows(db: Db, config: FaultlineConfig): Promise<MaintenanceWindow[]> {
  const stored = await db.select().from(maintenanceWindows).where(isNotNull(maintenanceWindows.statusPage));
  return [...stored.map(windowOfRow), ...configWindows(config).filter((w) => w.statusPage !== null)];
}

/** Every maintenance window, stored and from the config, compiled. */
export async function allWindows(db: Db, cfg: LoadedConfig): Promise<MaintenanceWindow[]> {
  const stored = await db.select().from(maintenanceWindows);
  return [...stored.map(windowOfRow), ...configWindows(cfg.config)];
}

/** Deletes stored silences expired longer ago than the retention. */
export async function purgeExpiredSilences(db: Db, cfg: LoadedConfig, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - cfg.config.suppression.silenceRetentionHours * 3_600_000);
  const gone = await db.delete(silences).where(lt(silences.endsAt, cutoff)).returning({ id: silences.id });
  return gone.length;
}

/**
 * Deletes stored one-off maintenance windows that ended longer ago than the retention (`maintenanceEndedAt`);
 * recurring windows stay until deleted.
 */
export async function purgeEndedMaintenanceWindows(db: Db, cfg: LoadedConfig, now: Date): Promise<number> {
  const cutoff = now.getTime() - cfg.config.suppression.maintenanceRetentionHours * 3_600_000;
  const once = await db
    .select()
    .from(maintenanceWindows)
    .where(sql`${maintenanceWindows.schedule}->>'kind' = 'once'`);
  const ids = once
    .filter((row) => {
      const ended = maintenanceEndedAt(windowOfRow(row), row.updatedAt, now);
      return ended !== null && ended.getTime() < cutoff;
    })
    .map((row) => row.id);
  if (ids.length > 0) await db.delete(maintenanceWindows).where(inArray(maintenanceWindows.id, ids));
  return ids.length;
}

/** A mute reason as stored on an alert: instants as ISO strings, with its sentence. */
export interface MuteRecord {
  kind: MuteReason['kind'];
  id: string;
  until: string | null;
  reason: string;
}

/** Serialises mute reasons for the alert row and the API. */
export function muteRecords(reasons: readonly MuteReason[]): MuteRecord[] {
  return reasons.map((r) => ({
    kind: r.kind,
    id: r.kind === 'inhibition' ? r.rule : r.id,
    until: r.kind === 'inhibition' ? null : (r.until?.toISOString() ?? null),
    reason: describeMute(r),
  }));
}

/**
 * What mutes alerts at one instant: the silences, maintenance windows (stored and from the config) and
 * inhibition rules, read once per convergence batch or release check.
 */
export interface Mutes {
  /**
   * Why an alert with these labels on this service is muted at `now`: active silences, then open maintenance
   * windows covering it; empty when it is not muted.
   */
  of(labels: Labels, service: ScopeTarget['service']): MuteReason[];
  /** Inhibition rules are configured: a resolve may end a mute, so held pages are re-checked after one. */
  inhibits: boolean;
}

/** Firing alerts read as inhibition sources, at most (the newest). */
const MAX_SOURCES = 20_000;

/**
 * Reads what mutes alerts at `now`.
 * @param alsoFiring labels of alerts firing in the batch being converged (not yet written), as inhibition sources
 */
export async function loadMutes(
  db: Db,
  cfg: LoadedConfig,
  now: Date,
  alsoFiring: ReadonlyArray<{ dedupKey: string; labels: Labels }> = [],
): Promise<Mutes> {
  const live = await liveSilences(db, cfg, now);
  // A pause-escalations window does not mute alerts: it holds the next escalation step (escalationPause).
  const windows = (await allWindows(db, cfg)).filter((w) => w.effect !== 'pause-escalations');
  const rules = configInhibitRules(cfg.config);
  let sources: Array<{ dedupKey: string; labels: Labels }> = [];
  if (rules.length > 0) {
    const stored = await db
      .select({ dedupKey: alerts.dedupKey, labels: alerts.labels })
      .from(alerts)
      .where(eq(alerts.status, 'firing'))
      .orderBy(desc(alerts.id))
      .limit(MAX_SOURCES);
    const seen = new Set(alsoFiring.map((a) => a.dedupKey));
    sources = [...alsoFiring, ...stored.filter((a) => !seen.has(a.dedupKey))];
  }
  return {
    of: (labels, service) => [
      ...(live.length === 0 ? [] : silencesMuting(labels, live, now)),
      ...(windows.length === 0 ? [] : maintenanceCovering({ labels, service }, windows, now)),
      ...(rules.length === 0
        ? []
        : inhibitionsOf({ dedupKey: '', labels }, sources, rules).map((i): MuteReason => ({
            kind: 'inhibition',
            rule: i.rule,
            sources: i.sources.map((s) => s.dedupKey),
          }))),
    ],
    inhibits: rules.length > 0,
  };
}

/**
 * The open `pause-escalations` window covering an incident at `now`, if any: one covering its service (and,
 * for a window with matchers, one of its firing alerts' labels). The escalation engine holds the incident's
 * next step until the window's `until` (docs/convergence.md#maintenance-windows).
 */
export async function escalationPause(
  db: Db,
  cfg: LoadedConfig,
  incident: { id: number; service: string | null },
  now: Date,
): Promise<{ id: string; until: Date | null } | null> {
  const windows = (await allWindows(db, cfg)).filter((w) => w.effect === 'pause-escalations');
  if (windows.length === 0) return null;
  const service = incident.service ? (cfg.catalog.service(incident.service) ?? null) : null;
  const firing = await firingAlertsOf(db, incident.id);
  const targets: ScopeTarget[] = firing.length
    ? firing.map((a) => ({ service, labels: a.labels }))
    : [{ service, labels: {} }];
  for (const t of targets) {
    const [hit] = maintenanceCovering(t, windows, now);
    if (hit) return { id: hit.id, until: hit.until };
  }
  return null;
}
