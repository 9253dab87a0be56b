/** Intake's config lint: integration keys unique, and the services they route to exist in the catalog. */
import type { ConfigProblem, FaultlineConfig } from '../kernel/index.ts';

/** Lints the `integrations` section against the catalog. Never throws. */
export function lintIntake(config: FaultlineConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const error = (path: string, message: string): void => void problems.push({ path, message, severity: 'error' });
  const warn = (path: string, message: string): void => void problems.push({ path, message, severity: 'warning' });
  const firstService = new Set(
    config.catalog.businessLines.flatMap((l) => l.modules.flatMap((m) => m.services.map((s) => s.id))),
  );

  // Integrations.
  const keys = new Map<string, string>();
  config.integrations.forEach((integ, i) => {
    const ip = `integrations.${i}`;
    const at = keys.get(integ.key);
    if (at) error(`${ip}.key`, `duplicate integration key (first defined at ${at})`);
    else keys.set(integ.key, ip);
    if (integ.service !== undefined && !firstService.has(integ.service)) {
      error(`${ip}.service`, `integration routes to unknown service "${integ.service}"`);
    }
    if (integ.fallbackService !== undefined) {
      if (!firstService.has(integ.fallbackService)) {
        error(`${ip}.fallbackService`, `fallbackService "${integ.fallbackService}" is not a service in the catalog`);
      } else if (integ.service !== undefined) {
        warn(
          `${ip}.fallbackService`,
          'fallbackService is only used with routeByLabel; this integration has a fixed service',
        );
      }
    }
  });
  return problems;
}
