/** Recovery's config lint: playbook ids unique; services named by matches and targets exist. */
import type { ConfigProblem, FaultlineConfig } from '../kernel/index.ts';
import { CHANGE_ROLLBACK_PLAYBOOK } from './config.ts';

/** Lints `playbooks` against the catalog. Never throws. */
export function lintRecovery(config: FaultlineConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const modules = config.catalog.businessLines.flatMap((l) => l.modules);
  const services = new Set(modules.flatMap((m) => m.services.map((s) => s.id)));
  const moduleIds = new Set(modules.map((m) => m.id));
  const seen = new Map<string, string>();
  config.playbooks.forEach((p, i) => {
    const at = `playbooks.${i}`;
    if (p.id === CHANGE_ROLLBACK_PLAYBOOK)
      problems.push({
        path: `${at}.id`,
        message: `"${CHANGE_ROLLBACK_PLAYBOOK}" is reserved for rolling back a suspect change (changeRollbacks)`,
        severity: 'error',
      });
    const first = seen.get(p.id);
    if (first)
      problems.push({ path: `${at}.id`, message: `duplicate playbook id (first at ${first})`, severity: 'error' });
    else seen.set(p.id, at);
    p.match.services.forEach((s, j) => {
      if (!services.has(s))
        problems.push({ path: `${at}.match.services.${j}`, message: `unknown service "${s}"`, severity: 'error' });
    });
    p.match.modules.forEach((m, j) => {
      if (!moduleIds.has(m))
        problems.push({ path: `${at}.match.modules.${j}`, message: `unknown module "${m}"`, severity: 'error' });
    });
    p.steps.forEach((s, j) => {
      if (!['self', 'upstream', 'downstream'].includes(s.target) && !services.has(s.target))
        problems.push({ path: `${at}.steps.${j}.target`, message: `unknown service "${s.target}"`, severity: 'error' });
    });
  });
  config.changeRollbacks.forEach((r, i) =>
    r.services.forEach((svc, j) => {
      if (!services.has(svc))
        problems.push({
          path: `changeRollbacks.${i}.services.${j}`,
          message: `unknown service "${svc}"`,
          severity: 'error',
        });
    }),
  );
  return problems;
}
