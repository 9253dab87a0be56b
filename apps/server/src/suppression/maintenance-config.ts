/**
 * Maintenance windows from the config file, compiled (maintenance.ts validates them against the catalog).
 * A one-off window without both `startsAt` and `endsAt`, or with `timeIntervals` too, is refused by lint.
 */
import type { FaultlineConfig } from '../kernel/index.ts';
import { AppError } from '../lib/index.ts';
import type { CatalogIds, MaintenanceWindow, MaintenanceWindowDraft } from './maintenance.ts';
import { compileMaintenanceWindow } from './maintenance.ts';
import type { MaintenanceWindowConfig } from './config.ts';

/** The id of a config window in mute reasons. */
export const configWindowId = (id: string): string => `maintenance:${id}`;

/** The draft of a config window (schedule from `timeIntervals`, else `startsAt`/`endsAt`). */
export function draftOf(w: MaintenanceWindowConfig): MaintenanceWindowDraft {
  return {
    name: w.name,
    schedule: w.timeIntervals
      ? { kind: 'recurring', timeIntervals: w.timeIntervals }
      : { kind: 'once', startsAt: new Date(w.startsAt ?? 'missing'), endsAt: new Date(w.endsAt ?? 'missing') },
    scope: w.scope,
    effect: w.effect,
    createdBy: 'config',
    comment: w.comment,
    statusPage: w.statusPage?.show ? { title: w.statusPage.title, components: w.statusPage.components } : null,
  };
}

/** The catalog's ids, for scope validation. */
export function catalogIdsOf(config: FaultlineConfig): CatalogIds {
  const lines = config.catalog.businessLines;
  return {
    businessLines: new Set(lines.map((l) => l.id)),
    modules: new Set(lines.flatMap((l) => l.modules.map((m) => m.id))),
    services: new Set(lines.flatMap((l) => l.modules.flatMap((m) => m.services.map((s) => s.id)))),
  };
}

/**
 * Compiles one config window; "now" is its start (a one-off window that has ended is listed, not refused).
 * @throws AppError VALIDATION with field paths relative to the window
 */
export function compileConfigWindow(w: MaintenanceWindowConfig, ids: CatalogIds): MaintenanceWindow {
  if (w.timeIntervals && (w.startsAt || w.endsAt)) {
    throw new AppError('VALIDATION', 'give startsAt/endsAt (one-off) or timeIntervals (recurring), not both', [
      { path: 'timeIntervals', message: 'give startsAt/endsAt (one-off) or timeIntervals (recurring), not both' },
    ]);
  }
  const draft = draftOf(w);
  const now = draft.schedule.kind === 'once' ? draft.schedule.startsAt : new Date(0);
  return compileMaintenanceWindow(configWindowId(w.id), draft, ids, now);
}

const compiled = new WeakMap<object, MaintenanceWindow[]>();

/** The config's windows, compiled once per config; one that does not compile is left out (lint refuses it). */
export function configWindows(config: FaultlineConfig): MaintenanceWindow[] {
  let list = compiled.get(config);
  if (!list) {
    const ids = catalogIdsOf(config);
    list = [];
    for (const w of config.maintenanceWindows) {
      try {
        list.push(compileConfigWindow(w, ids));
      } catch {
        // reported by lintSuppression
      }
    }
    compiled.set(config, list);
  }
  return list;
}
