/**
 * The service catalog (DESIGN §3): business lines, modules (tier, volume class), services, dependencies.
 *
 * The folder's only public face: other folders import from here (docs/architecture.md).
 */
export { buildCatalog } from './catalog.ts';
export type { Catalog, ModuleEntry, ServiceEntry } from './catalog.ts';
export { Tier, VolumeClass, catalogConfig } from './config.ts';
export { lintCatalog } from './lint.ts';
export { servicePolicies } from './tables.ts';
export { linkServicePolicy, listServices, serviceView } from './services.ts';
export { routes } from './routes.ts';
