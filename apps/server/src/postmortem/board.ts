/**
 * The board (seed 000's three lanes, DESIGN §8): Faults (incidents whose postmortem is not published),
 * Overdue actions (open or in progress past their due time) and Pending actions (open or in progress, not
 * yet due; done actions waiting for their verifier are pending too). Filterable by team, business line, level and owner;
 * only incidents the principal may see.
 */
import { and, asc, eq, inArray, ne, type SQL } from 'drizzle-orm';
import type { BoardView } from '@faultline/contracts';
import { incidents, visibleIncidentTeams } from '../incident/index.ts';
import type { Verb } from '../kernel/index.ts';
import { validationError } from '../lib/index.ts';
import { postmortemActions, postmortems } from './tables.ts';
import { actionView, checkpointsOf } from './store.ts';
import { incidentKeyTimes } from '../response/index.ts';

/** Board filters; each narrows when given. */
export interface BoardFilter {
  team?: string | undefined;
  /** A business line of the catalog: incidents of its services. */
  businessLine?: string | undefined;
  /** A level key such as `P1`. */
  level?: string | undefined;
  owner?: string | undefined;
}

/** The board at the clock's now. */
export async function readBoard({ ctx, input }: Verb<BoardFilter>): Promise<BoardView> {
  let services: string[] | null = null;
  if (input.businessLine) {
    const lines = ctx.config.config.catalog.businessLines;
    const line = lines.find((l) => l.id === input.businessLine);
    if (!line)
      throw validationError([
        {
          path: 'businessLine',
          message: `one of ${lines.map((l) => l.id).join(', ') || '(no business line is configured)'}`,
        },
      ]);
    services = line.modules.flatMap((m) => m.services.map((s) => s.id));
    if (services.length === 0) return { faults: [], overdue: [], pending: [] };
  }
  const inLine = services ? inArray(incidents.service, services) : undefined;
  const teams = visibleIncidentTeams(ctx.principal);
  if (teams?.length === 0) return { faults: [], overdue: [], pending: [] };
  const now = ctx.clock.now();
  const seen = (col: typeof incidents.team): SQL | undefined => (teams ? inArray(col, teams) : undefined);
  const pms = await ctx.tx
    .select({ pm: postmortems, incident: incidents })
    .from(postmortems)
    .innerJoin(incidents, eq(incidents.id, postmortems.incidentId))
    .where(
      and(
        seen(incidents.team),
        inLine,
        input.team ? eq(postmortems.team, input.team) : undefined,
        input.level ? eq(postmortems.level, input.level) : undefined,
      ),
    )
    .orderBy(asc(postmortems.dueAt));
  const faults = [];
  for (const { pm, incident } of pms) {
    if (pm.status === 'published') continue;
    if (input.owner && pm.owner !== input.owner) continue;
    const actions = await ctx.tx.select().from(postmortemActions).where(eq(postmortemActions.postmortemId, pm.id));
    faults.push({
      postmortemId: pm.id,
      incidentId: pm.incidentId,
      title: incident.title,
      level: pm.level,
      team: pm.team,
      owner: pm.owner,
      dueAt: pm.dueAt.toISOString(),
      overdue: now.getTime() >= pm.dueAt.getTime(),
      missing: checkpointsOf(ctx.config, pm, incident, actions, await incidentKeyTimes(ctx.tx, incident.id))
        .filter((c) => c.state === 'missing')
        .map((c) => c.id),
    });
  }
  const rows = await ctx.tx
    .select({ a: postmortemActions, level: postmortems.level })
    .from(postmortemActions)
    .innerJoin(postmortems, eq(postmortems.id, postmortemActions.postmortemId))
    .innerJoin(incidents, eq(incidents.id, postmortemActions.incidentId))
    .where(
      and(
        ne(postmortemActions.state, 'verified'),
        seen(incidents.team),
        inLine,
        input.team ? eq(postmortemActions.team, input.team) : undefined,
        input.level ? eq(postmortems.level, input.level) : undefined,
        input.owner ? eq(postmortemActions.owner, input.owner) : undefined,
      ),
    )
    .orderBy(asc(postmortemActions.dueAt), asc(postmortemActions.id));
  const views = rows.map((r) => actionView(r.a, now));
  return { faults, overdue: views.filter((v) => v.overdue), pending: views.filter((v) => !v.overdue) };
}
