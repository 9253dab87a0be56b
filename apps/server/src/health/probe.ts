/**
 * The readiness probe behind `/readyz` and the readiness gauges of `/metrics`: callers that ask while a read
 * is under way share it (a scrape reads all gauges at once: one statement, not six), and a database that
 * cannot be read is itself "not ready".
 */
import type { Runtime } from '../kernel/index.ts';
import { summariseError } from '../lib/index.ts';
import { judgeReadiness, readPipeline, type Readiness, type ReadinessThresholds } from './readiness.ts';

/** Readiness, or why it could not be read. */
export type ProbeResult = Readiness | { ready: false; problems: string[]; unreadable: true };

/** Returns a function that answers the current readiness; concurrent calls share one read. */
export function readinessProbe(rt: Runtime, thresholds: ReadinessThresholds): () => Promise<ProbeResult> {
  let inFlight: Promise<ProbeResult> | null = null;
  const read = async (): Promise<ProbeResult> => {
    try {
      const now = rt.clock.now();
      return judgeReadiness(await readPipeline(rt.db, now), thresholds, now);
    } catch (e) {
      return { ready: false, problems: [`the database cannot be read: ${summariseError(e).reason}`], unreadable: true };
    }
  };
  return () => (inFlight ??= read().finally(() => (inFlight = null)));
}

declare module '../kernel/runtime.ts' {
  interface Runtime {
    /** When `/readyz` fails: the engine's lag and overdue jobs beyond these (`FAULTLINE_READY_MAX_*`). */
    readiness: ReadinessThresholds;
  }
}
