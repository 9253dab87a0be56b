/**
 * Services as the API shows them (`GET /api/v1/services`) and the escalation policy linked to one through the
 * API or the console (issue 12, `PATCH /api/v1/services/{id}`). Services themselves live in the config file;
 * only the link is stored (`service_policies`). A service's incidents are paged through its policy before
 * its team's (escalation `policyFor`).
 */
import { eq } from 'drizzle-orm';
import type { ServiceView } from '@faultline/contracts';
import { AppError } from '../lib/index.ts';
import { actorOfCtx, authorizeCtx as authorize, can, type LoadedConfig, type Verb } from '../kernel/index.ts';
import { auditBy, recordAudit } from '../audit/index.ts';
import { servicePolicies } from './tables.ts';
import type { ServiceEntry } from './catalog.ts';

/** The file's own `escalationPolicy` of service `id`, or undefined when the file names none. */
function filePolicy(cfg: LoadedConfig, id: string): string | undefined {
  for (const line of cfg.config.catalog.businessLines)
    for (const mod of line.modules) for (const svc of mod.services) if (svc.id === id) return svc.escalationPolicy;
  return undefined;
}

/** A service as the API shows it, from the merged catalog (`cfg` with the stored links). */
export function serviceView(cfg: LoadedConfig, svc: ServiceEntry): ServiceView {
  const inFile = filePolicy(cfg, svc.id);
  return {
    id: svc.id,
    name: svc.name,
    team: svc.team,
    module: svc.module,
    businessLine: svc.businessLine,
    escalationPolicy:
      inFile !== undefined
        ? { id: inFile, source: 'config' }
        : svc.escalationPolicy
          ? { id: svc.escalationPolicy, source: 'api' }
          : null,
    teamPolicy: cfg.catalog.team(svc.team)?.escalationPolicy ?? null,
  };
}

/**
 * The services whose owning team the principal may read on-call data of (`oncall:read`; server-wide: all),
 * in config order, at most `limit` after service `afterId` (paging by config order).
 * @throws AppError FORBIDDEN when the principal may read no team's
 */
export function listServices({ ctx, input }: Verb<{ limit: number; afterId?: string | undefined }>): ServiceView[] {
  const cfg = ctx.rt.config();
  const all = cfg.catalog.services().filter((s) => can(ctx.principal, 'oncall:read', s.team));
  if (all.length === 0) authorize(ctx, 'oncall:read');
  // A cursor naming a service no longer in the catalog ends the list rather than start it again.
  const start = input.afterId === undefined ? 0 : all.findIndex((s) => s.id === input.afterId) + 1 || all.length;
  return all.slice(start, start + input.limit).map((s) => serviceView(cfg, s));
}

/**
 * Links escalation policy `escalationPolicy` to service `serviceId` (null unlinks): its incidents are paged
 * through it instead of their team's. For the managers of the owning team (`oncall:write` on it) or an admin;
 * audited as `service.policy`. The node's directory is refreshed, so the next page uses it.
 * @throws AppError NOT_FOUND (no such service); FORBIDDEN; CONFLICT when the
 *   config file names the service's policy (it is changed there); VALIDATION `escalationPolicy` for a policy
 *   that does not exist
 */
export async function linkServicePolicy({
  ctx,
  input,
}: Verb<{ serviceId: string; escalationPolicy: string | null }>): Promise<ServiceView> {
  const { serviceId, escalationPolicy } = input;
  const actor = actorOfCtx(ctx);
  const p = ctx.principal;
  const svc = ctx.config.catalog.service(serviceId);
  if (!svc) throw new AppError('NOT_FOUND', `there is no service ${serviceId}`);
  if (!can(p, 'oncall:write', svc.team) && !can(p, 'people:admin')) {
    throw new AppError(
      'FORBIDDEN',
      `${p.name} may not link an escalation policy to service ${serviceId} of team ${svc.team}`,
    );
  }
  const inFile = filePolicy(ctx.config, serviceId);
  if (inFile !== undefined) {
    throw new AppError(
      'CONFLICT',
      `service ${serviceId} is paged through escalation policy "${inFile}" set in the config file (catalog…services[].escalationPolicy); change it there`,
    );
  }
  if (escalationPolicy !== null && !ctx.config.escalation.policies.has(escalationPolicy)) {
    throw new AppError('VALIDATION', `there is no escalation policy ${escalationPolicy}`, [
      { path: 'escalationPolicy', message: 'unknown escalation policy' },
    ]);
  }
  await ctx.tx.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(servicePolicies)
      .where(eq(servicePolicies.serviceId, serviceId))
      .for('update');
    if (escalationPolicy === null) await tx.delete(servicePolicies).where(eq(servicePolicies.serviceId, serviceId));
    else
      await tx
        .insert(servicePolicies)
        .values({ serviceId, escalationPolicy, updatedAt: actor.now })
        .onConflictDoUpdate({ target: servicePolicies.serviceId, set: { escalationPolicy, updatedAt: actor.now } });
    await recordAudit(tx, {
      ...auditBy(actor),
      action: 'service.policy',
      targetType: 'service',
      targetId: serviceId,
      before: { escalationPolicy: before?.escalationPolicy ?? null },
      after: { escalationPolicy },
    });
  });
  await ctx.rt.refreshOncall();
  const cfg = ctx.rt.config();
  return serviceView(cfg, cfg.catalog.service(serviceId)!);
}
