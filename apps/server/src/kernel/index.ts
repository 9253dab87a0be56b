/**
 * What every domain shares: the runtime, the config interfaces the domains extend, roles and permissions, the actor of a change, the module type.
 *
 * The folder's only public face: other folders import from here (docs/architecture.md).
 */
export { systemActor } from './actor.ts';
export type { Actor } from './actor.ts';
export { configId } from './config.ts';
export type { ConfigLint, ConfigProblem, FaultlineConfig, LoadedConfig } from './config.ts';
export { PERMISSIONS, ROLES, can, isRole, roleAllows, stronger } from './roles.ts';
export type { Permission, Principal, Role, TeamRole } from './roles.ts';
export type { Runtime } from './runtime.ts';
export { actorOfCtx, authorize as authorizeCtx, ctxFor, systemCtx, systemPrincipal, withTx } from './ctx.ts';
export type { Ctx, Verb } from './ctx.ts';
