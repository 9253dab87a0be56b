/**
 * The incident page (DESIGN §6–7: the incident page becomes the response room): the incident with its
 * alerts, levels, facts and timeline (incident), and the deliveries of its pages (notify). Response is the
 * domain above both, so it is where the page is put together.
 */
import type { IncidentDetail } from '@faultline/contracts';
import type { Runtime } from '../kernel/index.ts';
import { getIncident } from '../incident/index.ts';
import { listDeliveries } from '../notify/index.ts';

/**
 * Incident `id` as the API and the console show it.
 * @throws AppError NOT_FOUND
 */
export async function incidentPage(rt: Runtime, id: number): Promise<IncidentDetail> {
  const incident = await getIncident(rt, id);
  return { ...incident, notifications: await listDeliveries(rt.db, id) };
}
