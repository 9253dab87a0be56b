/**
 * Config as code: the boot env, the YAML loader, and the composition of every domain's config part and lint.
 *
 * The folder's only public face: other folders import from here (docs/architecture.md).
 */
export { activateConfig } from './active.ts';
export { parseBootEnv } from './env.ts';
export type { BootEnv } from './env.ts';
export { formatProblems, loadConfigFile } from './load.ts';
export { adminRoutes } from './routes.ts';
