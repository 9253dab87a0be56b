/**
 * The catalog most scenario configs need: one business line (`commerce`) with one core, high-volume module
 * whose services each belong to a team. Tests that need more (several modules, aliases, sub-core tiers)
 * write their catalog out.
 */

/**
 * @param services service id → owning team id, in catalog order
 * @param opts the module id (default `core`) and the business line's leadership emails (told at once for P1/P2)
 */
export function coreCatalog(services: Record<string, string>, opts: { module?: string; leadership?: string[] } = {}) {
  return {
    businessLines: [
      {
        id: 'commerce',
        ...(opts.leadership ? { leadership: opts.leadership } : {}),
        modules: [
          {
            id: opts.module ?? 'core',
            tier: 'core',
            volume: 'high',
            services: Object.entries(services).map(([id, team]) => ({ id, team })),
          },
        ],
      },
    ],
  };
}
