/**
 * Suppression's config lint: each config silence must compile (matchers parse, at least one needs a value,
 * ends after it starts, author and comment present); an expired one is a warning (it mutes nothing).
 */
import type { ConfigProblem, FaultlineConfig } from '../kernel/index.ts';
import { AppError } from '../lib/index.ts';
import { compileSilence } from './silence.ts';
import { maintenanceState } from './maintenance.ts';
import { compileInhibitionRule, lintInhibitionRule } from './inhibition.ts';
import { catalogIdsOf, compileConfigWindow } from './maintenance-config.ts';

/** Problems with the config's silences, with their dotted paths (`silences.0.matchers.1`). */
export function lintSuppression(config: FaultlineConfig, now: Date): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  config.silences.forEach((s, i) => {
    const path = `silences.${i}`;
    const startsAt = new Date(s.startsAt);
    const endsAt = new Date(s.endsAt);
    try {
      compileSilence(s.id, { ...s, startsAt, endsAt }, startsAt);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      const fields = e.fields?.length ? e.fields : [{ path: '', message: e.message }];
      for (const f of fields)
        problems.push({ path: f.path ? `${path}.${f.path}` : path, message: f.message, severity: 'error' });
      return;
    }
    if (endsAt.getTime() <= now.getTime()) {
      problems.push({
        path: `${path}.endsAt`,
        message: 'this silence has ended: it mutes nothing; remove it',
        severity: 'warning',
      });
    }
  });
  const catalogIds = catalogIdsOf(config);
  config.maintenanceWindows.forEach((w, i) => {
    const path = `maintenanceWindows.${i}`;
    try {
      const compiled = compileConfigWindow(w, catalogIds);
      if (maintenanceState(compiled, now).status === 'completed') {
        problems.push({ path, message: 'this maintenance window will not open again; remove it', severity: 'warning' });
      }
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      const fields = e.fields?.length ? e.fields : [{ path: '', message: e.message }];
      for (const f of fields) {
        const at = f.path.replace(/^schedule\.(startsAt|endsAt)$/, '$1').replace(/^schedule\./, '');
        problems.push({ path: at ? `${path}.${at}` : path, message: f.message, severity: 'error' });
      }
    }
  });
  config.inhibitRules.forEach((r, i) => {
    const path = `inhibitRules.${i}`;
    try {
      const rule = compileInhibitionRule(r, i, path);
      problems.push(...lintInhibitionRule(rule, path));
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      const fields = e.fields?.length ? e.fields : [{ path, message: e.message }];
      for (const f of fields) problems.push({ path: f.path || path, message: f.message, severity: 'error' });
    }
  });
  const windowIds = new Set<string>();
  config.maintenanceWindows.forEach((w, i) => {
    if (windowIds.has(w.id)) {
      problems.push({
        path: `maintenanceWindows.${i}.id`,
        message: `duplicate window id "${w.id}"`,
        severity: 'error',
      });
    }
    windowIds.add(w.id);
  });
  const ids = new Set<string>();
  config.silences.forEach((s, i) => {
    if (ids.has(s.id))
      problems.push({ path: `silences.${i}.id`, message: `duplicate silence id "${s.id}"`, severity: 'error' });
    ids.add(s.id);
  });
  return problems;
}
