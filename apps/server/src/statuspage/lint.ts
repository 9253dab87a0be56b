/**
 * Lint of the `statusPage` section (the checks zod cannot make): component ids are unique, and each service
 * a component names is in the catalog. Registered into the one lint list (config/lint.ts).
 */
import type { ConfigLint, ConfigProblem } from '../kernel/index.ts';

/**
 * Errors: a component id used twice (`statusPage.components.<i>.id`); a component naming a service the
 * catalog does not have (`statusPage.components.<i>.services.<j>`); a maintenance window shown on the page
 * naming a component it does not have (`maintenanceWindows.<i>.statusPage.components.<j>`). Warning: a service mapped to two
 * components (both are proposed for its incidents, which is allowed but often a slip). Never throws.
 */
export const lintStatusPage: ConfigLint = (config) => {
  const problems: ConfigProblem[] = [];
  const known = new Set<string>();
  for (const bl of config.catalog.businessLines)
    for (const m of bl.modules) for (const s of m.services) known.add(s.id);
  const ids = new Set<string>();
  const mapped = new Map<string, string>();
  config.statusPage.components.forEach((c, i) => {
    const path = `statusPage.components.${i}`;
    if (ids.has(c.id))
      problems.push({ path: `${path}.id`, message: `component "${c.id}" is listed twice`, severity: 'error' });
    ids.add(c.id);
    c.services.forEach((s, j) => {
      if (!known.has(s))
        problems.push({ path: `${path}.services.${j}`, message: `no catalog service "${s}"`, severity: 'error' });
      const other = mapped.get(s);
      if (other && other !== c.id)
        problems.push({
          path: `${path}.services.${j}`,
          message: `service "${s}" is also mapped to component "${other}"`,
          severity: 'warning',
        });
      mapped.set(s, c.id);
    });
  });
  // A maintenance window shown on the page names the page's components.
  config.maintenanceWindows.forEach((w, i) =>
    (w.statusPage?.components ?? []).forEach((c, j) => {
      if (!ids.has(c))
        problems.push({
          path: `maintenanceWindows.${i}.statusPage.components.${j}`,
          message: `no status page component "${c}"`,
          severity: 'error',
        });
    }),
  );
  return problems;
};
