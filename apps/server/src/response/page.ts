/**
 * The incident page (DESIGN §6–7: the incident page becomes the response room): the incident with its
 * alerts, levels, facts and timeline (incident), and the deliveries of its pages (notify). Response is the
 * domain above both, so it is where the page is put together.
 */
import type { IncidentDetail } from '@faultline/contracts';
import { can, type Runtime, type Verb } from '../kernel/index.ts';
import { authorizeIncident, getIncident, headerOnly } from '../incident/index.ts';
import { listDeliveries } from '../notify/index.ts';

/**
 * Incident `id` as the API and the console show it.
 * @throws AppError NOT_FOUND
 */
export async function incidentPage(rt: Runtime, id: number): Promise<IncidentDetail> {
  const incident = await getIncident(rt, id);
  return { ...incident, notifications: await listDeliveries(rt.db, id) };
}

/**
 * Incident `id` as the principal may read it: the whole page with `incident:read` on its team, the header
 * only with `incident:summary` (stakeholders).
 * @throws AppError NOT_FOUND (also for an incident the principal may not see)
 */
export async function readIncidentPage({ ctx, input }: Verb<{ id: number }>): Promise<IncidentDetail> {
  const { team } = await authorizeIncident(ctx.tx, ctx.principal, input.id, 'incident:summary');
  const detail = await incidentPage(ctx.rt, input.id);
  return can(ctx.principal, 'incident:read', team) ? detail : headerOnly(detail);
}
