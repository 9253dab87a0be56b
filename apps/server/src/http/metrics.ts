/** Prometheus metrics served at `/metrics` (prom-client), with Node's default process metrics. */
import { Counter, Registry, collectDefaultMetrics } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'faultline_' });

export const intakeAlerts = new Counter({
  name: 'faultline_intake_alerts_total',
  help: 'Alerts accepted (committed) by intake, by source',
  labelNames: ['source'] as const,
  registers: [registry],
});

export const httpErrors = new Counter({
  name: 'faultline_http_errors_total',
  help: 'API answers with an error, by code',
  labelNames: ['code'] as const,
  registers: [registry],
});

export const convergenceFailures = new Counter({
  name: 'faultline_convergence_failures_total',
  help: 'Failed convergence transactions, by outcome: split (a batch retried smaller), failed (an event alone, tried again), quarantined (an event set aside)',
  labelNames: ['outcome'] as const,
  registers: [registry],
});
