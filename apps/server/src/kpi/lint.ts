/** KPI's config lint: watch ids unique, a known module and one of its services, somewhere to query. */
import type { ConfigProblem, FaultlineConfig } from '../kernel/index.ts';

/** Lints the `kpiWatches` section against the catalog and `prometheus`. Never throws. */
export function lintKpi(config: FaultlineConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const error = (path: string, message: string): void => void problems.push({ path, message, severity: 'error' });

  // KPI watches: a known module, a service of that module, unique ids, somewhere to query.
  const moduleServices = new Map(
    config.catalog.businessLines.flatMap((l) => l.modules.map((m) => [m.id, m.services.map((x) => x.id)] as const)),
  );
  const firstWatch = new Map<string, string>();
  config.kpiWatches.forEach((w, i) => {
    const wp = `kpiWatches.${i}`;
    const at = firstWatch.get(w.id);
    if (at) error(`${wp}.id`, `duplicate KPI watch id "${w.id}" (first defined at ${at})`);
    else firstWatch.set(w.id, wp);
    const svcs = moduleServices.get(w.module);
    if (!svcs) error(`${wp}.module`, `unknown module "${w.module}"`);
    else if (w.service && !svcs.includes(w.service))
      error(`${wp}.service`, `service "${w.service}" is not in module ${w.module}`);
    else if (!w.service && svcs.length === 0)
      error(`${wp}.module`, `module ${w.module} has no service to open incidents on`);
    if (w.source === 'prometheus' && !config.prometheus)
      error(`${wp}.source`, 'a prometheus watch needs prometheus.url in the config');
  });
  return problems;
}
