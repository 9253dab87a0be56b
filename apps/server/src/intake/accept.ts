/**
 * Accepting an intake payload: check the integration key, parse (pure, sources/*), commit the event
 * through the micro-batcher. Nothing is written for a rejected payload; a resolved promise means committed.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import type { IntegrationConfig } from './config.ts';
import type { Runtime } from '../kernel/index.ts';
import { AppError } from '../lib/index.ts';
import type { IntakeBatcher } from './batcher.ts';
import { storableSignal, type Signal } from './signal.ts';
import { intakeAlerts } from '../http/index.ts';

export type IntakeSource = IntegrationConfig['source'];

/**
 * The integration for `key`, which must be of `source`.
 * @throws AppError UNAUTHORIZED when no key is given; NOT_FOUND (field `key`) when none matches.
 */
export function integrationFor(
  rt: Runtime,
  key: string | undefined,
  source: IntakeSource,
  field = 'key',
): IntegrationConfig {
  if (!key)
    throw new AppError('UNAUTHORIZED', `an integration key is required (${field})`, [
      { path: field, message: 'required' },
    ]);
  const integration = rt.config().integrations.get(key);
  if (!integration || integration.source !== source) {
    throw new AppError('NOT_FOUND', `no ${source} integration has this key`, [
      { path: field, message: `unknown ${source} integration key` },
    ]);
  }
  return integration;
}

/**
 * Commits one parsed payload (`payload`: the body as received); resolves with the event id once it is durable.
 * Text PostgreSQL cannot store is made storable here, once for every source (`storableSignal`), so an
 * accepted alert can always be converged. The body needs no such step: it is valid UTF-8 (checked by the
 * JSON parser, http/raw-body.ts), where NUL and surrogates can only appear as ASCII escapes.
 */
export async function commitEvent(
  rt: Runtime,
  batcher: IntakeBatcher,
  integration: IntegrationConfig,
  payload: string,
  signals: Signal[],
  receivedAt: Date,
): Promise<number> {
  const id = await batcher.submit({
    integration: integration.key,
    source: integration.source,
    receivedAt,
    payload,
    signals: signals.map(storableSignal),
  });
  intakeAlerts.inc({ source: integration.source }, signals.length);
  return id;
}

/** Marks intake events applied (convergence, in the transaction that applied them). */
export async function markEventsProcessed(tx: Db, ids: readonly number[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await tx.execute(
    sql`update events set processed_at = ${now.toISOString()}::timestamptz
        where id in (select jsonb_array_elements_text(${JSON.stringify(ids.map(String))}::jsonb)::bigint)`,
  );
}
