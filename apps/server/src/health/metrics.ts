/**
 * Readiness as Prometheus gauges (docs/operations.md#alerting-on-faultline-itself), read from the probe at
 * each scrape. Registered once per process on the shared registry; `serveReadinessMetrics` names the probe
 * of the running server.
 */
import { Gauge } from 'prom-client';
import { registry } from '../http/index.ts';
import type { ProbeResult } from './probe.ts';

let probe: (() => Promise<ProbeResult>) | null = null;

/** Makes the gauges read `next` from now on. */
export function serveReadinessMetrics(next: () => Promise<ProbeResult>): void {
  probe = next;
}

/** A gauge whose value is read from the probe at scrape time; a failed read leaves the last value. */
function probedGauge(name: string, help: string, value: (r: ProbeResult) => number | null): Gauge {
  return new Gauge({
    name,
    help,
    registers: [registry],
    async collect() {
      if (!probe) return;
      const v = value(await probe());
      if (v !== null) this.set(v);
    },
  });
}

const measured =
  <K extends 'eventLagSeconds' | 'pendingEvents' | 'quarantinedEvents' | 'jobDelaySeconds' | 'overdueJobs'>(key: K) =>
  (r: ProbeResult) =>
    'unreadable' in r ? null : r[key];

probedGauge('faultline_ready', '1 when the alert pipeline keeps up (GET /readyz answers 200), else 0', (r) =>
  r.ready ? 1 : 0,
);
probedGauge(
  'faultline_convergence_lag_seconds',
  'Age of the oldest intake event waiting for convergence, seconds (0 when none waits)',
  measured('eventLagSeconds'),
);
probedGauge(
  'faultline_convergence_pending_events',
  'Intake events waiting for convergence (quarantined ones not counted)',
  measured('pendingEvents'),
);
probedGauge(
  'faultline_intake_quarantined_events',
  'Intake events convergence set aside (quarantined), waiting for a replay or discard',
  measured('quarantinedEvents'),
);
probedGauge(
  'faultline_jobs_overdue',
  'Due jobs (pages, escalation steps, timers) that no node has taken',
  measured('overdueJobs'),
);
probedGauge(
  'faultline_jobs_overdue_seconds',
  'How long the oldest due job has waited for a node, seconds (0 when none)',
  measured('jobDelaySeconds'),
);
