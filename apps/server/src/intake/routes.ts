/**
 * Intake endpoints (docs/intake.md): Alertmanager and Grafana webhooks, PagerDuty Events API v2, the Opsgenie
 * Alert API, generic JSON.
 * Each answers only after the event is committed.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IntakeAccepted } from '@faultline/contracts';
import type { Runtime } from '../kernel/index.ts';
import type { RouteRegistrar } from '../http/index.ts';
import type { IntakeBatcher } from './batcher.ts';
import { commitEvent, integrationFor } from './accept.ts';
import { parseAlertmanager } from './sources/alertmanager.ts';
import { parseGeneric } from './sources/generic.ts';
import { parseGrafana } from './sources/grafana.ts';
import { parseMapped } from './sources/mapped.ts';
import { parsePagerDutyEvent, pagerDutyInvalidBody, pagerDutySuccessBody } from './sources/pagerduty.ts';
import { bearer, rawBody, STATUS, toAppError } from '../http/index.ts';
import { quarantineRoutes } from './routes/quarantine.ts';
import { heartbeatRoutes } from './routes/heartbeats.ts';
import { takeAlertPings } from './heartbeats.ts';
import { opsgenieRoutes } from './routes/opsgenie.ts';

/** Request body limit of the intake endpoints, bytes (docs/intake.md). */
export const INTAKE_BODY_LIMIT = 5 * 1024 * 1024;

const KeyParams = z.object({ key: z.string().min(1).max(255) });

export function intakeRoutes(app: FastifyInstance, rt: Runtime, batcher: IntakeBatcher): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // Each native endpoint takes the integration key in the path, or (path without it) as a bearer token.
  const native = {
    alertmanager: {
      parse: parseAlertmanager,
      summary: 'Alertmanager webhook (payload version 4)',
      description: 'Point an Alertmanager webhook receiver here. See docs/intake.md.',
    },
    grafana: {
      parse: parseGrafana,
      summary: 'Grafana unified alerting webhook (payload version 1)',
      description: 'Point a Grafana webhook contact point here. See docs/intake.md.',
    },
    generic: {
      parse: parseGeneric,
      summary: 'Generic JSON alerts',
      description:
        'One alert object or {"alerts": [...]}; or any JSON when the integration has a mapping. See docs/intake.md.',
    },
  };
  for (const source of ['alertmanager', 'grafana', 'generic'] as const) {
    const { parse, summary, description } = native[source];
    const handler = async (key: string | undefined, body: unknown, raw: string) => {
      const receivedAt = rt.clock.now();
      const integration = integrationFor(rt, key, source);
      // A generic integration with a mapping takes any JSON, mapped by its JSONata expressions; alerts a
      // heartbeat watches (Watchdog) ping it and open no incident.
      const parsed = integration.mapping
        ? await parseMapped(integration.mapping, body, receivedAt)
        : parse(body, receivedAt);
      const signals = await takeAlertPings(rt, integration.key, parsed, receivedAt);
      const eventId = await commitEvent(rt, batcher, integration, raw, signals, receivedAt);
      return { status: 'accepted' as const, eventId, alerts: signals.length };
    };
    r.post(
      `/api/v1/intake/${source}/:key`,
      {
        bodyLimit: INTAKE_BODY_LIMIT,
        config: { keepsUnstorableText: true },
        schema: {
          tags: ['intake'],
          security: [],
          summary,
          description,
          params: KeyParams,
          response: { 202: IntakeAccepted },
        },
      },
      async (req, reply) => reply.code(202).send(await handler(req.params.key, req.body, rawBody(req))),
    );
    r.post(
      `/api/v1/intake/${source}`,
      {
        bodyLimit: INTAKE_BODY_LIMIT,
        config: { keepsUnstorableText: true },
        schema: {
          tags: ['intake'],
          // The bearer here is an integration key, not an API token.
          security: [],
          summary: `${summary}, key as bearer token`,
          description,
          response: { 202: IntakeAccepted },
        },
      },
      async (req, reply) => reply.code(202).send(await handler(bearer(req), req.body, rawBody(req))),
    );
  }

  // PagerDuty Events API v2: same path and bodies as PagerDuty, so a tool that pages PagerDuty can page
  // Faultline by changing the host. Errors keep PagerDuty's shape instead of ApiError.
  app.register(async (pd) => {
    pd.setErrorHandler((err, req, reply) => {
      const e = toAppError(err);
      if (e.code === 'INTERNAL') req.log.error({ err }, 'unhandled error');
      if (e.code === 'VALIDATION' || e.code === 'NOT_FOUND' || e.code === 'UNAUTHORIZED') {
        const errors = e.fields?.length ? e.fields.map((f) => `${f.path}: ${f.message}`) : [e.message];
        return reply.code(400).send(pagerDutyInvalidBody(errors));
      }
      if (e.code === 'RATE_LIMITED') return reply.code(429).send({ status: 'throttle event', message: e.message });
      return reply.code(STATUS[e.code]).send({ status: 'error', message: e.message });
    });
    pd.post(
      '/v2/enqueue',
      {
        bodyLimit: 512 * 1024,
        config: { keepsUnstorableText: true },
        schema: {
          tags: ['intake'],
          security: [],
          summary: 'PagerDuty Events API v2 compatible (routing_key = integration key)',
        },
      },
      async (req, reply) => {
        const receivedAt = rt.clock.now();
        const parsed = parsePagerDutyEvent(req.body, receivedAt, () => randomUUID().replaceAll('-', ''));
        const integration = integrationFor(rt, parsed.routingKey, 'pagerduty', 'routing_key');
        const signals = await takeAlertPings(rt, integration.key, [parsed.signal], receivedAt);
        await commitEvent(rt, batcher, integration, rawBody(req), signals, receivedAt);
        return reply.code(202).send(pagerDutySuccessBody(parsed.dedupKey));
      },
    );
  });

  // Opsgenie Alert API v2: same paths, bodies and answers as Opsgenie (routes/opsgenie.ts).
  opsgenieRoutes(app, rt, batcher);
}

/** The domain's routes, as the composition root registers them (the batcher is the runtime's `intake`). */
export const routes: RouteRegistrar = (app, { rt, requireAuth }) => {
  intakeRoutes(app, rt, rt.intake);
  quarantineRoutes(app, rt, requireAuth);
  heartbeatRoutes(app, rt, requireAuth);
};
