/**
 * `GET /readyz` (docs/operations.md#health-and-readiness): 200 when the alert pipeline keeps up, 503 with the
 * reasons when it lags, jobs are overdue, events are quarantined, the database cannot be read, or the server
 * is still starting. `/healthz` stays the liveness check (200 once started), so a restart is not triggered
 * by a backlog that a restart would not clear.
 */
import type { FastifyInstance } from 'fastify';
import type { RouteRegistrar } from '../http/index.ts';
import { readinessProbe, type ProbeResult } from './probe.ts';
import { serveReadinessMetrics } from './metrics.ts';

export function healthRoutes(app: FastifyInstance, probe: () => Promise<ProbeResult>, started: () => boolean): void {
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    if (!started()) return reply.code(503).send({ status: 'starting', problems: ['the server is starting'] });
    const r = await probe();
    const { ready, ...checks } = r;
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', ...checks });
  });
}

/**
 * Health's routes: `/readyz`, and the readiness gauges on `/metrics`. The thresholds are the runtime's
 * (`FAULTLINE_READY_MAX_*`); `ready` is whether startup finished.
 */
export function healthModuleRoutes(started: () => boolean): RouteRegistrar {
  return (app, { rt }) => {
    const probe = readinessProbe(rt, rt.readiness);
    serveReadinessMetrics(probe);
    healthRoutes(app, probe, started);
  };
}
