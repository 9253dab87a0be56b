/**
 * Heartbeat monitors (docs/intake.md#heartbeats): verbs (list, read, create, replace, delete), pings (HTTP,
 * or an integration's always-firing alert such as Prometheus's `Watchdog`), and the expiry check.
 *
 * When a monitor goes down, an intake event carrying one `trigger` signal is written in the same transaction
 * that marks it down; a ping that brings it back writes the `resolve`. Convergence applies them like any
 * other alert (grading, grouping, silences, paging), so a missing heartbeat pages once, through the normal
 * path. The alert's integration is `heartbeat:<id>` (routed by its `service` label: `heartbeatIntegration`).
 *
 * Reading is `incident:read`; creating, replacing and deleting is `oncall:write` (a heartbeat pages people);
 * pausing and resuming is a replace with `paused` changed.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, asc, count, eq, isNotNull, sql } from 'drizzle-orm';
import type { HeartbeatCreated, HeartbeatInput, HeartbeatView } from '@faultline/contracts';
import { recordAudit, auditBy } from '../audit/index.ts';
import type { Db } from '../db/index.ts';
import { enqueueOnce } from '../engine/index.ts';
import { actorOfCtx, authorizeCtx, type LoadedConfig, type Runtime, type Verb } from '../kernel/index.ts';
import { formatMatcher, matches, parseMatchers, type Matcher } from '../levels/index.ts';
import { AppError } from '../lib/index.ts';
import { heartbeatStatus } from '../suppression/index.ts';
import type { HeartbeatConfig, IntegrationConfig } from './config.ts';
import { storableSignal, type Signal } from './signal.ts';
import { events, heartbeats } from './tables.ts';

export type HeartbeatRow = typeof heartbeats.$inferSelect;

/** The prefix of the integration key a heartbeat's alert carries (`heartbeat:<id>`). */
export const HEARTBEAT_INTEGRATION_PREFIX = 'heartbeat:';

/** The alert name of a missing heartbeat (a label, so rules and silences can match it). */
export const HEARTBEAT_ALERTNAME = 'HeartbeatMissing';

/**
 * How convergence routes a heartbeat's alert: by its `service` label (set from the heartbeat's service or
 * its integration's). Undefined for a key that is not a heartbeat's.
 */
export function heartbeatIntegration(key: string): IntegrationConfig | undefined {
  if (!key.startsWith(HEARTBEAT_INTEGRATION_PREFIX)) return undefined;
  return { key, name: key, source: 'generic', routeByLabel: 'service' };
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

function monitorOf(row: HeartbeatRow) {
  return {
    intervalMs: row.intervalSeconds * 1000,
    graceMs: row.graceSeconds * 1000,
    lastPingAt: row.lastPingAt,
    armedAt: row.armedAt,
    paused: row.paused,
  };
}

function viewOf(row: HeartbeatRow, cfg: LoadedConfig, now: Date): HeartbeatView {
  const { status, state } = heartbeatStatus(monitorOf(row), now);
  const integration = row.integration ? cfg.integrations.get(row.integration) : undefined;
  return {
    id: row.id,
    name: row.name,
    integration: row.integration ? (integration?.name ?? `key …${row.integration.slice(-4)}`) : null,
    service: row.service,
    intervalSeconds: row.intervalSeconds,
    graceSeconds: row.graceSeconds,
    labels: row.labels,
    matchers: row.matchers,
    // A monitor whose alert fires is shown down until a ping resolves it, even if a replace made it lenient.
    status: row.alertState === 'down' && status !== 'paused' ? 'down' : status,
    lastPingAt: row.lastPingAt?.toISOString() ?? null,
    dueAt: state?.dueAt.toISOString() ?? null,
    downAt: state?.downAt.toISOString() ?? null,
    hasToken: row.tokenHash !== null,
    source: row.source,
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
  };
}

/** Checks the settings that zod cannot: the integration, the service, the matchers. Field paths as the body's. */
function checkSettings(
  input: Pick<HeartbeatInput, 'integration' | 'service' | 'matchers'>,
  cfg: LoadedConfig,
  prefix = '',
): string[] {
  const errors: Array<{ path: string; message: string }> = [];
  if (input.integration !== undefined && !cfg.integrations.has(input.integration)) {
    errors.push({ path: `${prefix}integration`, message: 'no integration has this key' });
  }
  if (input.service !== undefined && !cfg.catalog.service(input.service)) {
    errors.push({ path: `${prefix}service`, message: `no service ${input.service} in the catalog` });
  }
  const matchers: string[] = [];
  (input.matchers ?? []).forEach((text, i) => {
    try {
      matchers.push(...parseMatchers(text).map(formatMatcher));
    } catch (e) {
      errors.push({ path: `${prefix}matchers.${i}`, message: e instanceof Error ? e.message : String(e) });
    }
  });
  if (matchers.length > 0 && input.integration === undefined) {
    errors.push({
      path: `${prefix}integration`,
      message: "required with matchers (they read this integration's alerts)",
    });
  }
  if (errors.length) throw new AppError('VALIDATION', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
  return matchers;
}

function idFromName(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
  return slug || 'heartbeat';
}

async function rowFor(db: Db, id: string): Promise<HeartbeatRow> {
  const [row] = await db.select().from(heartbeats).where(eq(heartbeats.id, id));
  if (!row) throw new AppError('NOT_FOUND', `no heartbeat ${id}`);
  return row;
}

/** Every heartbeat, by id. */
export async function listHeartbeats({ ctx }: Verb<Record<string, never>>): Promise<HeartbeatView[]> {
  authorizeCtx(ctx, 'incident:read');
  const now = ctx.clock.now();
  const list = await ctx.tx.select().from(heartbeats).orderBy(asc(heartbeats.id));
  return list.map((r) => viewOf(r, ctx.config, now));
}

/**
 * One heartbeat.
 * @throws AppError NOT_FOUND
 */
export async function getHeartbeat({ ctx, input }: Verb<{ id: string }>): Promise<HeartbeatView> {
  authorizeCtx(ctx, 'incident:read');
  return viewOf(await rowFor(ctx.tx, input.id), ctx.config, ctx.clock.now());
}

/**
 * Creates a heartbeat and its ping token (returned once, stored hashed). Expiry is judged from now.
 * @throws AppError VALIDATION naming the field (`integration`, `service`, `matchers.0`); CONFLICT for a taken id
 */
export async function createHeartbeat({ ctx, input }: Verb<HeartbeatInput>): Promise<HeartbeatCreated> {
  authorizeCtx(ctx, 'oncall:write');
  const matchers = checkSettings(input, ctx.config);
  const now = ctx.clock.now();
  const id = input.id ?? idFromName(input.name);
  const token = `hb_${randomBytes(24).toString('base64url')}`;
  return ctx.tx
    .transaction(async (tx) => {
      const [row] = await tx
        .insert(heartbeats)
        .values({
          id,
          name: input.name,
          integration: input.integration ?? null,
          service: input.service ?? null,
          intervalSeconds: input.intervalSeconds,
          graceSeconds: input.graceSeconds ?? 60,
          labels: input.labels ?? {},
          matchers,
          tokenHash: sha256(token),
          paused: input.paused ?? false,
          armedAt: now,
          source: 'api',
          createdAt: now,
          updatedAt: now,
          updatedBy: ctx.principal.name,
        })
        .onConflictDoNothing()
        .returning();
      if (!row) {
        throw new AppError('CONFLICT', `a heartbeat ${id} exists; choose another id`, [
          { path: input.id ? 'id' : 'name', message: 'taken' },
        ]);
      }
      await recordAudit(tx, {
        ...auditBy(actorOfCtx(ctx)),
        action: 'heartbeat.create',
        targetType: 'heartbeat',
        targetId: id,
        after: { ...row, tokenHash: undefined },
      });
      return { ...viewOf(row, ctx.config, now), token };
    })
    .then(async (created) => {
      await scheduleHeartbeatChecks(ctx.rt, now);
      ctx.rt.wakeEngine();
      return created;
    });
}

/**
 * Replaces a stored heartbeat's settings (not its id, token or last ping; `integration` omitted keeps the
 * current one, as the API never shows keys). Pausing resolves a firing alert (stopping the pings was
 * intended); resuming starts a fresh interval.
 * @throws AppError NOT_FOUND; CONFLICT for a config heartbeat; VALIDATION
 */
export async function updateHeartbeat({
  ctx,
  input,
}: Verb<{ id: string; body: HeartbeatInput }>): Promise<HeartbeatView> {
  authorizeCtx(ctx, 'oncall:write');
  const now = ctx.clock.now();
  return ctx.tx.transaction(async (tx) => {
    const [before] = await tx.select().from(heartbeats).where(eq(heartbeats.id, input.id)).for('update');
    if (!before) throw new AppError('NOT_FOUND', `no heartbeat ${input.id}`);
    if (before.source === 'config') {
      throw new AppError('CONFLICT', `heartbeat ${input.id} is defined in the config file; change it there`);
    }
    // The key is never shown, so a replace without `integration` keeps it.
    const body = { ...input.body, integration: input.body.integration ?? before.integration ?? undefined };
    const matchers = checkSettings(body, ctx.config);
    const paused = body.paused ?? false;
    const [row] = await tx
      .update(heartbeats)
      .set({
        name: body.name,
        integration: body.integration ?? null,
        service: body.service ?? null,
        intervalSeconds: body.intervalSeconds,
        graceSeconds: body.graceSeconds ?? 60,
        labels: body.labels ?? {},
        matchers,
        paused,
        armedAt: before.paused && !paused ? now : before.armedAt,
        updatedAt: now,
        updatedBy: ctx.principal.name,
      })
      .where(eq(heartbeats.id, input.id))
      .returning();
    if (paused && before.alertState === 'down') await raise(tx, ctx.config, row!, 'resolve', now);
    await recordAudit(tx, {
      ...auditBy(actorOfCtx(ctx)),
      action: paused === before.paused ? 'heartbeat.update' : paused ? 'heartbeat.pause' : 'heartbeat.resume',
      targetType: 'heartbeat',
      targetId: input.id,
      before: { ...before, tokenHash: undefined },
      after: { ...row, tokenHash: undefined },
    });
    ctx.rt.wakeEngine();
    const [after] = await tx.select().from(heartbeats).where(eq(heartbeats.id, input.id));
    return viewOf(after!, ctx.config, now);
  });
}

/**
 * Deletes a stored heartbeat; a firing alert of it is resolved.
 * @throws AppError NOT_FOUND; CONFLICT for a config heartbeat
 */
export async function deleteHeartbeat({ ctx, input }: Verb<{ id: string }>): Promise<void> {
  authorizeCtx(ctx, 'oncall:write');
  const now = ctx.clock.now();
  await ctx.tx.transaction(async (tx) => {
    const [row] = await tx.select().from(heartbeats).where(eq(heartbeats.id, input.id)).for('update');
    if (!row) throw new AppError('NOT_FOUND', `no heartbeat ${input.id}`);
    if (row.source === 'config') {
      throw new AppError('CONFLICT', `heartbeat ${input.id} is defined in the config file; remove it there`);
    }
    if (row.alertState === 'down') await raise(tx, ctx.config, row, 'resolve', now);
    await tx.delete(heartbeats).where(eq(heartbeats.id, input.id));
    await recordAudit(tx, {
      ...auditBy(actorOfCtx(ctx)),
      action: 'heartbeat.delete',
      targetType: 'heartbeat',
      targetId: input.id,
      before: { ...row, tokenHash: undefined },
    });
  });
  ctx.rt.wakeEngine();
}

/**
 * The signal of a heartbeat's alert: `HeartbeatMissing` with the heartbeat's labels, its service, and a
 * severity (`critical` unless its labels say otherwise), so level rules grade it like any alert.
 */
export function heartbeatSignal(
  row: Pick<HeartbeatRow, 'id' | 'name' | 'labels' | 'intervalSeconds' | 'lastPingAt' | 'service' | 'integration'>,
  cfg: LoadedConfig,
  action: 'trigger' | 'resolve',
  now: Date,
): Signal {
  const integration = row.integration ? cfg.integrations.get(row.integration) : undefined;
  const service = row.service ?? integration?.service ?? integration?.fallbackService;
  const labels: Record<string, string> = {
    severity: 'critical',
    ...row.labels,
    alertname: HEARTBEAT_ALERTNAME,
    heartbeat: row.id,
    ...(service ? { service } : {}),
  };
  const since = row.lastPingAt ? `since ${row.lastPingAt.toISOString()}` : 'ever';
  return storableSignal({
    action,
    dedupKey: 'missing',
    summary: `Heartbeat ${row.name} missed: no ping ${since}`,
    severity: labels.severity ?? null,
    labels,
    annotations: {
      description: `Heartbeat ${row.name} expects a ping at least every ${row.intervalSeconds} s.`,
    },
    startsAt: now.toISOString(),
    endsAt: action === 'resolve' ? now.toISOString() : null,
    source: 'heartbeat',
  });
}

/** Writes the heartbeat's alert event (convergence applies it) in the caller's transaction. */
async function raise(tx: Db, cfg: LoadedConfig, row: HeartbeatRow, action: 'trigger' | 'resolve', now: Date) {
  const signal = heartbeatSignal(row, cfg, action, now);
  await tx.insert(events).values({
    integration: `${HEARTBEAT_INTEGRATION_PREFIX}${row.id}`,
    source: 'heartbeat',
    receivedAt: now,
    payload: JSON.stringify({ heartbeat: row.id, action }),
    signals: [signal],
  });
  await tx
    .update(heartbeats)
    .set({ alertState: action === 'trigger' ? 'down' : 'up' })
    .where(eq(heartbeats.id, row.id));
}

/**
 * Records pings of heartbeat `ids` at `at` (a ping never moves the last ping back); each that was down is
 * resolved in the same transaction. Unknown ids are skipped.
 */
async function recordPings(db: Db, cfg: LoadedConfig, ids: readonly string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.transaction(async (tx) => {
    for (const id of [...new Set(ids)].sort()) {
      const [row] = await tx
        .update(heartbeats)
        .set({ lastPingAt: sql`greatest(${heartbeats.lastPingAt}, ${at.toISOString()}::timestamptz)` })
        .where(eq(heartbeats.id, id))
        .returning();
      if (row && row.alertState === 'down' && !row.paused) await raise(tx, cfg, row, 'resolve', at);
    }
  });
}

/**
 * An HTTP ping of heartbeat `id`, authenticated by `credential`: the heartbeat's integration key or its ping
 * token. The same answer for an unknown heartbeat and a wrong credential, so ids cannot be probed.
 * @throws AppError UNAUTHORIZED without a credential; NOT_FOUND (field `id`) when the pair does not match
 */
export async function pingHeartbeat(rt: Runtime, id: string, credential: string | undefined): Promise<Date> {
  if (!credential) {
    throw new AppError('UNAUTHORIZED', 'a heartbeat token or integration key is required (bearer or path)', [
      { path: 'key', message: 'required' },
    ]);
  }
  const at = rt.clock.now();
  const [row] = await rt.db.select().from(heartbeats).where(eq(heartbeats.id, id));
  const ok =
    row !== undefined &&
    ((row.integration !== null && row.integration === credential && rt.config().integrations.has(credential)) ||
      (row.tokenHash !== null && safeEqual(row.tokenHash, sha256(credential))));
  if (!ok)
    throw new AppError('NOT_FOUND', 'no heartbeat has this id and credential', [{ path: 'id', message: 'unknown' }]);
  await recordPings(rt.db, rt.config(), [id], at);
  rt.wakeEngine();
  return at;
}

function safeEqual(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/**
 * The intake side of alert pings: firing signals of `integration` that match a heartbeat's matchers ping it
 * and are taken out (they open no incident); the rest are returned to be committed. One indexed read when the
 * integration has heartbeats with matchers.
 */
export async function takeAlertPings(
  rt: Runtime,
  integration: string,
  signals: readonly Signal[],
  at: Date,
): Promise<Signal[]> {
  if (signals.length === 0) return [...signals];
  const monitors = await rt.db
    .select({ id: heartbeats.id, matchers: heartbeats.matchers })
    .from(heartbeats)
    .where(and(eq(heartbeats.integration, integration), isNotNull(heartbeats.integration)));
  const compiled = monitors
    .filter((m) => m.matchers.length > 0)
    .map((m) => ({ id: m.id, matchers: m.matchers.flatMap((t) => parseMatchers(t)) as Matcher[] }));
  if (compiled.length === 0) return [...signals];
  const pinged: string[] = [];
  const rest: Signal[] = [];
  for (const s of signals) {
    const hits = compiled.filter((m) => matches(m.matchers, s.labels));
    if (hits.length === 0) rest.push(s);
    else if (s.action === 'trigger') pinged.push(...hits.map((h) => h.id));
    // A resolved Watchdog is neither a ping nor an alert: the heartbeat's expiry speaks for it.
  }
  await recordPings(rt.db, rt.config(), pinged, at);
  if (pinged.length) rt.wakeEngine();
  return rest;
}

/**
 * The expiry check (the `intake.heartbeats` job): each heartbeat that is down and not yet marked raises its
 * alert, once — the row is locked and marked in the transaction that writes the event, so two nodes running
 * the check never raise it twice.
 * @returns how many alerts were raised
 */
export async function checkHeartbeats(rt: Pick<Runtime, 'db' | 'clock' | 'config'>): Promise<number> {
  const now = rt.clock.now();
  const cfg = rt.config();
  return rt.db.transaction(async (tx) => {
    const candidates = await tx
      .select()
      .from(heartbeats)
      .where(and(eq(heartbeats.alertState, 'up'), eq(heartbeats.paused, false)))
      .orderBy(asc(heartbeats.id))
      .for('update', { skipLocked: true });
    let raised = 0;
    for (const row of candidates) {
      if (heartbeatStatus(monitorOf(row), now).status !== 'down') continue;
      await raise(tx, cfg, row, 'trigger', now);
      raised++;
    }
    return raised;
  });
}

/** How often the expiry check runs while heartbeats exist, ms: a down heartbeat pages at most this late. */
export const HEARTBEAT_CHECK_MS = 30_000;

/**
 * Starts the expiry check's chain (the `intake.heartbeats` job) when heartbeats exist and none is waiting;
 * `after`: from a run, only a run due after this counts as waiting. Once across nodes: `enqueueOnce`
 * serialises the starts. Called at start, at reload, when a heartbeat is created, and by each run.
 * @returns whether heartbeats exist (the chain goes on)
 */
export async function scheduleHeartbeatChecks(
  rt: Pick<Runtime, 'db' | 'clock'>,
  runAt: Date,
  after: Date | null = null,
): Promise<boolean> {
  const [n] = await rt.db.select({ n: count() }).from(heartbeats);
  if (!n || n.n === 0) return false;
  await enqueueOnce(rt.db, 'intake.heartbeats', {}, runAt, rt.clock.now(), after);
  return true;
}

/**
 * Upserts the config's heartbeats (settings from the file; last ping and alert state kept) and deletes
 * config heartbeats the file no longer has (resolving a firing alert). Called at start and at every reload.
 */
export async function syncConfigHeartbeats(db: Db, cfg: LoadedConfig, now: Date): Promise<void> {
  const list: readonly HeartbeatConfig[] = cfg.config.heartbeats;
  await db.transaction(async (tx) => {
    const existing = await tx.select().from(heartbeats).where(eq(heartbeats.source, 'config')).for('update');
    const wanted = new Set(list.map((h) => h.id));
    for (const row of existing) {
      if (wanted.has(row.id)) continue;
      if (row.alertState === 'down') await raise(tx, cfg, row, 'resolve', now);
      await tx.delete(heartbeats).where(eq(heartbeats.id, row.id));
    }
    for (const h of list) {
      const settings = {
        name: h.name,
        integration: h.integration ?? null,
        service: h.service ?? null,
        intervalSeconds: h.intervalSeconds,
        graceSeconds: h.graceSeconds,
        labels: h.labels,
        matchers: h.matchers,
        tokenHash: h.token ? sha256(h.token) : null,
        updatedAt: now,
        updatedBy: 'config',
      };
      // An API heartbeat with the same id is left alone: the lint reports the clash.
      await tx
        .insert(heartbeats)
        .values({ id: h.id, ...settings, paused: false, armedAt: now, source: 'config', createdAt: now })
        .onConflictDoUpdate({
          target: heartbeats.id,
          set: settings,
          setWhere: sql`${heartbeats.source} = 'config'`,
        });
    }
  });
}
