/**
 * The HTTP application: API, intake, OpenAPI at /api/docs, /healthz, /readyz, /metrics, and the web console
 * (apps/web/dist, with client-side routes falling back to index.html).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Runtime } from '../runtime.ts';
import type { IntakeBatcher } from '../intake/batcher.ts';
import { authenticator, authorize } from './auth.ts';
import { handleError, errorBody, toAppError } from './errors.ts';
import { keepRawJsonBodies } from './raw-body.ts';
import { refuseUnstorableInput } from './storable-input.ts';
import { httpErrors, registry } from './metrics.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { capConnectionsPerClient, serverTimeouts, type HttpLimits } from './limits.ts';
import { intakeRoutes } from './routes/intake.ts';
import { incidentRoutes } from './routes/incidents.ts';
import { sessionRoutes } from './routes/session.ts';
import { ackLinkRoutes } from './routes/ack-link.ts';
import { shortLinkRoutes } from './routes/short-link.ts';
import { slackRoutes } from './routes/slack.ts';
import { twilioRoutes } from './routes/twilio.ts';
import { aliyunRoutes } from './routes/aliyun.ts';
import { incidentResolveRoutes } from './routes/incident-resolve.ts';
import { adminRoutes } from './routes/admin.ts';
import { gradingRoutes } from './routes/grading.ts';
import { levelRuleRoutes } from './routes/level-rules.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { kpiRoutes } from './routes/kpi.ts';
import { escalationRoutes } from './routes/escalation.ts';
import { contactMethodRoutes } from './routes/contact-methods.ts';
import { userRoutes } from './routes/users.ts';
import { teamRoutes } from './routes/teams.ts';
import { invitationRoutes } from './routes/invitations.ts';
import { auditRoutes } from './routes/audit.ts';
import { oidcRoutes } from './routes/oidc.ts';
import type { OidcSettings } from '../auth/oidc-client.ts';
import { scheduleRoutes } from './routes/schedules.ts';
import { oncallLintRoutes } from './routes/oncall-lint.ts';
import { icalRoutes } from './routes/ical.ts';
import { quarantineRoutes } from './routes/quarantine.ts';
import { healthRoutes } from './routes/health.ts';
import { readinessProbe } from '../health/probe.ts';
import { serveReadinessMetrics } from '../health/metrics.ts';
import { DEFAULT_READINESS, type ReadinessThresholds } from '../health/readiness.ts';
import { AppError } from '../lib/errors.ts';

const webDist = fileURLToPath(new URL('../../../web/dist', import.meta.url));

export interface AppOptions {
  /** Called by `POST /api/v1/config/reload`; resolves with the problems of a refused file. */
  reloadConfig(): Promise<{ ok: boolean; problems: string[] }>;
  /** Whether startup finished (for /healthz). */
  ready(): boolean;
  /** Single sign-on settings from the boot env; null or absent: off. */
  oidc?: OidcSettings | null;
  /** FAULTLINE_TRUST_PROXY: the proxies whose X-Forwarded-For names the client; absent: none. */
  trustProxy?: string[];
  /** Request timeouts, connection and stream caps from the boot env. */
  limits: HttpLimits;
  /** Thresholds of `/readyz` and the readiness gauges (boot env; default 60 s each). */
  readiness?: ReadinessThresholds;
}

/** Builds the Fastify app (not listening). */
export async function buildApp(rt: Runtime, batcher: IntakeBatcher, opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: rt.log as FastifyBaseLogger,
    // Intake takes thousands of requests a second: log errors, not every request.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    // Signed links carry their claims in the path.
    routerOptions: { maxParamLength: 1000 },
    // Alertmanager and proxies may keep connections open; answer quickly on shutdown.
    forceCloseConnections: true,
    // `req.ip` is the client behind the named proxies only (the sign-in limiter counts per client).
    ...(opts.trustProxy ? { trustProxy: opts.trustProxy } : {}),
    ...serverTimeouts(opts.limits),
  });
  capConnectionsPerClient(app.server, opts.limits.maxConnectionsPerClient);
  // JSON only: a text/plain body is refused with 415 rather than parsed into a string.
  app.removeContentTypeParser('text/plain');
  keepRawJsonBodies(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  refuseUnstorableInput(app);
  app.addHook('onSend', async (_req, reply, payload) => {
    if (reply.statusCode >= 400 && reply.statusCode < 600) httpErrors.inc({ code: String(reply.statusCode) });
    return payload;
  });
  await registerSecurityHeaders(app, { https: rt.publicUrl.startsWith('https:') });
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Faultline API', version: '1', description: 'Self-hosted fault management. See docs/api.md.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  const requireAuth = authenticator(rt);
  const probe = readinessProbe(rt, opts.readiness ?? DEFAULT_READINESS);
  serveReadinessMetrics(probe);
  healthRoutes(app, probe, opts.ready);
  app.get('/healthz', { schema: { hide: true } }, async (_req, reply) =>
    opts.ready() ? { status: 'ok', database: rt.dbKind } : reply.code(503).send({ status: 'starting' }),
  );
  // Scraped with a bearer token that has metrics:read (docs/security.md#metrics).
  app.get('/metrics', { schema: { hide: true }, onRequest: requireAuth }, async (req, reply) => {
    authorize(req, 'metrics:read');
    return reply.type(registry.contentType).send(await registry.metrics());
  });
  intakeRoutes(app, rt, batcher);
  incidentRoutes(app, rt, requireAuth, opts.limits);
  sessionRoutes(app, rt, requireAuth);
  ackLinkRoutes(app, rt);
  shortLinkRoutes(app, rt);
  slackRoutes(app, rt);
  twilioRoutes(app, rt);
  aliyunRoutes(app, rt);
  incidentResolveRoutes(app, rt, requireAuth);
  adminRoutes(app, rt, requireAuth, opts.reloadConfig);
  gradingRoutes(app, rt, requireAuth);
  levelRuleRoutes(app, rt, requireAuth);
  tokenRoutes(app, rt, requireAuth);
  kpiRoutes(app, rt, requireAuth);
  escalationRoutes(app, rt, requireAuth);
  contactMethodRoutes(app, rt, requireAuth);
  userRoutes(app, rt, requireAuth);
  teamRoutes(app, rt, requireAuth);
  invitationRoutes(app, rt, requireAuth);
  auditRoutes(app, rt, requireAuth);
  oidcRoutes(app, rt, opts.oidc ?? null);
  scheduleRoutes(app, rt, requireAuth);
  oncallLintRoutes(app, rt, requireAuth);
  icalRoutes(app, rt, requireAuth);
  quarantineRoutes(app, rt, requireAuth);

  const hasConsole = existsSync(webDist);
  if (hasConsole) {
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      index: ['index.html'],
      // Asset names carry a content hash: cache them for good; index.html must always be revalidated.
      setHeaders(res, path) {
        res.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((req, reply) => {
    const isPage = req.method === 'GET' && !req.url.startsWith('/api/') && !req.url.startsWith('/v2/');
    if (isPage && hasConsole) return reply.header('cache-control', 'no-cache').sendFile('index.html');
    if (isPage) return reply.type('text/plain').send('The web console is not built: run `npm run build`.');
    const e = new AppError('NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`);
    return reply.code(404).send(errorBody(toAppError(e)));
  });
  return app;
}
