/**
 * One convergence round for the engine (docs/intake.md#quarantine): the batch goes through the bisector — a
 * failing batch is split, an event failing on its own counts a try in the database and is quarantined after
 * `QUARANTINE_AFTER` tries (intake/quarantine.ts) — so one bad event never blocks the ones behind it. What
 * changed is published to the live stream after commit; errors are logged once a minute per reason, as a
 * short summary, never with a payload.
 */
import type { Runtime } from '../kernel/index.ts';
import { RepeatLimiter, isTransientError, summariseError } from '../lib/index.ts';
import { convergenceFailures } from '../http/index.ts';
import { QUARANTINE_AFTER, recordConvergeFailure } from '../intake/index.ts';
import { ConvergenceBisector } from './bisect.ts';
import { convergeBatch } from './converge.ts';

/** An error log that admits each distinct error once a minute (with the count of repeats). */
function boundedErrorLog(rt: Runtime) {
  const limiter = new RepeatLimiter();
  return (level: 'error' | 'warn', message: string, e: unknown, fields: Record<string, unknown> = {}) => {
    const { code, reason, frames } = summariseError(e);
    const { log, repeats } = limiter.admit(`${message}|${code}|${reason}`, Date.now());
    if (log) rt.log[level]({ ...fields, code, reason, frames, ...(repeats ? { repeats } : {}) }, message);
  };
}

interface RoundState {
  bisector: ConvergenceBisector;
  logError: ReturnType<typeof boundedErrorLog>;
}

/** One bisector per runtime (an engine): its batch size adapts to failures across rounds. */
const states = new WeakMap<Runtime, RoundState>();

function stateOf(rt: Runtime): RoundState {
  let state = states.get(rt);
  if (!state) {
    state = {
      bisector: new ConvergenceBisector({
        converge: (limit) => convergeBatch(rt.db, rt.config(), rt.clock.now(), limit),
        recordFailure: (eventId, error) =>
          recordConvergeFailure(rt.db, eventId, error, rt.clock.now(), QUARANTINE_AFTER),
        isTransient: isTransientError,
      }),
      logError: boundedErrorLog(rt),
    };
    states.set(rt, state);
  }
  return state;
}

/**
 * Converges one batch through the bisector (a failing batch is split, an event failing on its own is
 * counted and quarantined after its tries); publishes what changed. Returns whether there is more to do.
 */
export async function convergeRound(rt: Runtime): Promise<{ worked: boolean; queuedJobs: boolean }> {
  const { bisector, logError } = stateOf(rt);
  const outcome = await bisector.step();
  switch (outcome.kind) {
    case 'applied': {
      const r = outcome.result;
      for (const id of r.createdIncidents) rt.bus.publish({ type: 'incident.created', incidentId: id });
      for (const id of r.updatedIncidents) rt.bus.publish({ type: 'incident.updated', incidentId: id });
      return { worked: r.events > 0, queuedJobs: r.queuedJobs };
    }
    case 'split':
      convergenceFailures.inc({ outcome: 'split' });
      rt.log.debug(
        { events: outcome.failedEvents, next: outcome.nextLimit, ...summariseError(outcome.error) },
        'a convergence batch failed; trying a smaller one',
      );
      return { worked: true, queuedJobs: false };
    case 'failed':
      convergenceFailures.inc({ outcome: outcome.quarantined ? 'quarantined' : 'failed' });
      if (outcome.quarantined) {
        logError(
          'warn',
          'an intake event was quarantined: convergence could not apply it; the events behind it go on (GET /api/v1/intake/quarantine)',
          outcome.error,
          { event: outcome.eventId, attempts: outcome.attempts },
        );
      } else {
        logError('error', `an intake event could not be converged; it is tried alone again`, outcome.error, {
          event: outcome.eventId,
          attempt: outcome.attempts,
          of: QUARANTINE_AFTER,
        });
      }
      return { worked: true, queuedJobs: false };
  }
}
