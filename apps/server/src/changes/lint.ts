/** The changes domain's config lint: webhook keys unique and apart from integration keys; services known. */
import type { ConfigProblem, FaultlineConfig } from '../kernel/index.ts';

/** Lints `changeWebhooks` against the catalog and the integrations. Never throws. */
export function lintChanges(config: FaultlineConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const services = new Set(
    config.catalog.businessLines.flatMap((l) => l.modules.flatMap((m) => m.services.map((s) => s.id))),
  );
  const integrationKeys = new Set(config.integrations.map((i) => i.key));
  const seen = new Map<string, string>();
  config.changeWebhooks.forEach((w, i) => {
    const at = `changeWebhooks.${i}`;
    const first = seen.get(w.key);
    if (first)
      problems.push({
        path: `${at}.key`,
        message: `duplicate webhook key (first defined at ${first})`,
        severity: 'error',
      });
    else seen.set(w.key, at);
    if (integrationKeys.has(w.key))
      problems.push({
        path: `${at}.key`,
        message: 'the same key as an integration: use a key of its own',
        severity: 'error',
      });
    if (w.service !== undefined && !services.has(w.service))
      problems.push({ path: `${at}.service`, message: `unknown service "${w.service}"`, severity: 'error' });
  });
  return problems;
}
