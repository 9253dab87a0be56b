/**
 * Routing: which service an alert belongs to, from its integration (DESIGN §5 intake "per integration key").
 */
import type { IntegrationConfig } from '../intake/index.ts';
import type { Catalog, ServiceEntry } from '../catalog/index.ts';

export interface Route {
  service: ServiceEntry | null;
  /** How the service was chosen, for the alert's join reason. */
  reason: string;
}

/** Resolves the service of an alert with `labels` received on `integration`. */
export function routeAlert(
  integration: IntegrationConfig,
  labels: Readonly<Record<string, string>>,
  catalog: Catalog,
): Route {
  if (integration.service) {
    return {
      service: catalog.service(integration.service) ?? null,
      reason: `integration ${integration.key} belongs to service ${integration.service}`,
    };
  }
  const label = integration.routeByLabel ?? 'service';
  const value = labels[label];
  const found = value === undefined ? undefined : catalog.resolveService(value);
  if (found) return { service: found, reason: `label ${label}="${value}" routes to service ${found.id}` };
  if (integration.fallbackService) {
    const fb = catalog.service(integration.fallbackService) ?? null;
    return {
      service: fb,
      reason:
        value === undefined
          ? `no ${label} label; fallback service ${integration.fallbackService}`
          : `label ${label}="${value}" matches no service; fallback service ${integration.fallbackService}`,
    };
  }
  return {
    service: null,
    reason:
      value === undefined
        ? `no ${label} label and no fallback service`
        : `label ${label}="${value}" matches no service`,
  };
}
