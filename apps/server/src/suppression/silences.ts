/**
 * Silence verbs (DESIGN §5 step 3): create, replace, expire, list, read, and the preview of what a set of
 * matchers mutes now. Each checks permissions first and writes its audit row in its transaction. Reading
 * silences is `incident:read`; changing them is `incident:respond` (a responder silences, as in Alertmanager
 * anyone who may see the alerts may).
 *
 * Ending a silence by hand (expire, or a replace that changes what it mutes) enqueues convergence's release
 * check of the incidents holding pages, so a still-firing alert pages at once instead of at the old end.
 */
import { scheduleSuppressionPurge } from './jobs.ts';
import { randomUUID } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { MatcherPreview, SilenceInput, SilenceStateName, SilenceView } from '@faultline/contracts';
import { recordAudit, auditBy } from '../audit/index.ts';
import { enqueueJob } from '../engine/index.ts';
import { alerts } from '../incident/index.ts';
import { actorOfCtx, authorizeCtx, type Verb } from '../kernel/index.ts';
import { formatMatcher, matches } from '../levels/index.ts';
import { AppError } from '../lib/index.ts';
import { compileMatcherInputs, type MatcherInput } from './matcher-input.ts';
import { compileSilence, silenceState, type Silence } from './silence.ts';
import { configSilences, purgeExpiredSilences, type SilenceRow } from './store.ts';
import { silences } from './tables.ts';
import { FieldErrors } from './types.ts';

/** A silence as the API shows it. */
function viewOfRow(row: SilenceRow, now: Date): SilenceView {
  return {
    id: row.id,
    matchers: row.matchers,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    createdBy: row.createdBy,
    comment: row.comment,
    annotations: row.annotations,
    state: silenceState(row, now),
    source: 'api',
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
  };
}

function viewOfConfig(s: Silence, now: Date): SilenceView {
  return {
    id: s.id,
    matchers: s.matchers.map(formatMatcher),
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt.toISOString(),
    createdBy: s.createdBy,
    comment: s.comment,
    annotations: { ...s.annotations },
    state: silenceState(s, now),
    source: 'config',
    createdAt: null,
    updatedAt: null,
    updatedBy: null,
  };
}

/** Validates an API body into a compiled silence (field errors name the body's fields). */
function compileInput(id: string, input: SilenceInput, author: string, now: Date): Silence {
  return compileSilence(
    id,
    {
      matchers: input.matchers,
      startsAt: input.startsAt ? new Date(input.startsAt) : now,
      endsAt: new Date(input.endsAt),
      createdBy: input.createdBy ?? author,
      comment: input.comment,
      annotations: input.annotations ?? {},
    },
    now,
  );
}

function rowOf(s: Silence, now: Date, by: string): typeof silences.$inferInsert {
  return {
    id: s.id,
    matchers: s.matchers.map(formatMatcher),
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    createdBy: s.createdBy,
    comment: s.comment,
    annotations: { ...s.annotations },
    createdAt: now,
    updatedAt: now,
    updatedBy: by,
  };
}

function refuseConfig(id: string): void {
  if (id.startsWith('config:')) {
    throw new AppError('CONFLICT', `silence ${id} is defined in the config file; change it there`);
  }
}

/**
 * Creates a silence.
 * @returns the stored silence
 * @throws AppError VALIDATION naming the field (`matchers.0`, `endsAt`, `comment`…); FORBIDDEN below responder
 */
export async function createSilence({ ctx, input }: Verb<SilenceInput>): Promise<SilenceView> {
  authorizeCtx(ctx, 'incident:respond');
  const now = ctx.clock.now();
  const silence = compileInput(randomUUID(), input, ctx.principal.name, now);
  return ctx.tx.transaction(async (tx) => {
    await purgeExpiredSilences(tx, ctx.config, now);
    const [row] = await tx
      .insert(silences)
      .values(rowOf(silence, now, ctx.principal.name))
      .returning();
    await recordAudit(tx, {
      ...auditBy(actorOfCtx(ctx)),
      action: 'silence.create',
      targetType: 'silence',
      targetId: row!.id,
      after: row,
    });
    await scheduleSuppressionPurge(tx, now);
    return viewOfRow(row!, now);
  });
}

/**
 * Replaces a stored silence's matchers, times, comment and annotations (an expired one cannot be revived:
 * create a new one). Alerts it no longer mutes are released at once.
 * @throws AppError NOT_FOUND; CONFLICT for a config silence or an expired one; VALIDATION
 */
export async function updateSilence({ ctx, input }: Verb<{ id: string; body: SilenceInput }>): Promise<SilenceView> {
  authorizeCtx(ctx, 'incident:respond');
  refuseConfig(input.id);
  const now = ctx.clock.now();
  return ctx.tx.transaction(async (tx) => {
    const [before] = await tx.select().from(silences).where(eq(silences.id, input.id)).for('update');
    if (!before) throw new AppError('NOT_FOUND', `no silence ${input.id}`);
    if (silenceState(before, now) === 'expired') {
      throw new AppError('CONFLICT', `silence ${input.id} has expired; create a new one`);
    }
    const body = { ...input.body, createdBy: input.body.createdBy ?? before.createdBy };
    const silence = compileInput(before.id, body, ctx.principal.name, now);
    const { createdAt: _created, ...change } = rowOf(silence, now, ctx.principal.name);
    const [row] = await tx.update(silences).set(change).where(eq(silences.id, input.id)).returning();
    await recordAudit(tx, {
      ...auditBy(actorOfCtx(ctx)),
      action: 'silence.update',
      targetType: 'silence',
      targetId: input.id,
      before,
      after: row,
    });
    await enqueueJob(tx, 'convergence.release', {}, now, now);
    return viewOfRow(row!, now);
  });
}

/**
 * Expires a silence now (Alertmanager's "expire"; a pending one ends before it starts). What it held back
 * and still fires pages at once, once.
 * @throws AppError NOT_FOUND; CONFLICT for a config silence
 */
export async function expireSilence({ ctx, input }: Verb<{ id: string }>): Promise<SilenceView> {
  authorizeCtx(ctx, 'incident:respond');
  refuseConfig(input.id);
  const now = ctx.clock.now();
  return ctx.tx.transaction(async (tx) => {
    const [before] = await tx.select().from(silences).where(eq(silences.id, input.id)).for('update');
    if (!before) throw new AppError('NOT_FOUND', `no silence ${input.id}`);
    if (silenceState(before, now) === 'expired') return viewOfRow(before, now);
    const startsAt = before.startsAt.getTime() > now.getTime() ? now : before.startsAt;
    const [row] = await tx
      .update(silences)
      .set({ startsAt, endsAt: now, updatedAt: now, updatedBy: ctx.principal.name })
      .where(eq(silences.id, input.id))
      .returning();
    await recordAudit(tx, {
      ...auditBy(actorOfCtx(ctx)),
      action: 'silence.expire',
      targetType: 'silence',
      targetId: input.id,
      before,
      after: row,
    });
    await enqueueJob(tx, 'convergence.release', {}, now, now);
    return viewOfRow(row!, now);
  });
}

/**
 * Every silence (stored and from the config) in the given state, or all kept ones; ordered by end, then id.
 */
export async function listSilences({ ctx, input }: Verb<{ state?: SilenceStateName }>): Promise<SilenceView[]> {
  authorizeCtx(ctx, 'incident:read');
  const now = ctx.clock.now();
  const cutoff = new Date(now.getTime() - ctx.config.config.suppression.silenceRetentionHours * 3_600_000);
  const stored = await ctx.tx
    .select()
    .from(silences)
    .where(sql`${silences.endsAt} >= ${cutoff}`);
  const all = [
    ...stored.map((r) => viewOfRow(r, now)),
    ...configSilences(ctx.config)
      .filter((s) => s.endsAt.getTime() >= cutoff.getTime())
      .map((s) => viewOfConfig(s, now)),
  ];
  return input.state ? all.filter((s) => s.state === input.state) : all;
}

/**
 * One silence.
 * @throws AppError NOT_FOUND
 */
export async function getSilence({ ctx, input }: Verb<{ id: string }>): Promise<SilenceView> {
  authorizeCtx(ctx, 'incident:read');
  const now = ctx.clock.now();
  const cfgSilence = configSilences(ctx.config).find((s) => s.id === input.id);
  if (cfgSilence) return viewOfConfig(cfgSilence, now);
  const [row] = await ctx.tx.select().from(silences).where(eq(silences.id, input.id));
  if (!row) throw new AppError('NOT_FOUND', `no silence ${input.id}`);
  return viewOfRow(row, now);
}

/** Firing alerts read for a preview, at most (the newest). */
const PREVIEW_SCAN = 5_000;
/** Alerts a preview lists. */
const PREVIEW_LIST = 50;

/**
 * Which firing alerts these matchers accept now: the console's preview while a silence is drafted. Counts
 * among the newest 5,000 firing alerts.
 * @throws AppError VALIDATION naming `matchers.<i>` for a matcher that does not parse (e.g. an invalid regex)
 */
export async function previewMatchers({
  ctx,
  input,
}: Verb<{ matchers: ReadonlyArray<MatcherInput> }>): Promise<MatcherPreview> {
  authorizeCtx(ctx, 'incident:read');
  const errors = new FieldErrors();
  const list = compileMatcherInputs(input.matchers, 'matchers', errors);
  errors.throwIfAny('matchers');
  if (list.length === 0) return { matched: 0, alerts: [] };
  const firing = await ctx.tx
    .select({ id: alerts.id, incidentId: alerts.incidentId, summary: alerts.summary, labels: alerts.labels })
    .from(alerts)
    .where(and(eq(alerts.status, 'firing')))
    .orderBy(desc(alerts.id))
    .limit(PREVIEW_SCAN);
  const hit = firing.filter((a) => matches(list, a.labels));
  return { matched: hit.length, alerts: hit.slice(0, PREVIEW_LIST) };
}
