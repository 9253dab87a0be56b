/**
 * The HTTP application: API, intake, OpenAPI at /api/docs, /healthz, /readyz, /metrics, and the web console
 * (apps/web/dist, with client-side routes falling back to index.html).
 */
import { existsSync } from 'node:fs';
import { constants as zlibConstants } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Runtime } from '../kernel/index.ts';
import type { RouteRegistrar } from '../http/index.ts';
import { authenticator, authorize, type VerifyToken } from './auth.ts';
import { handleError, errorBody, requestLocale, toAppError } from './errors.ts';
import { keepRawJsonBodies } from './raw-body.ts';
import { refuseUnstorableInput } from './storable-input.ts';
import { httpErrors, registry } from './metrics.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { capConnectionsPerClient, serverTimeouts, type HttpLimits } from './limits.ts';
import { AppError } from '../lib/index.ts';

const webDist = fileURLToPath(new URL('../../../web/dist', import.meta.url));

export interface AppOptions {
  /** Every domain's routes (modules.ts), registered in order. */
  routes: readonly RouteRegistrar[];
  /** Who a bearer token or session cookie is (auth's `verifyToken`), or null when unknown, revoked or expired. */
  verifyToken: VerifyToken;
  /** Whether startup finished (for /healthz). */
  ready(): boolean;
  /** FAULTLINE_TRUST_PROXY: the proxies whose X-Forwarded-For names the client; absent: none. */
  trustProxy?: string[];
  /** Request timeouts, connection and stream caps from the boot env. */
  limits: HttpLimits;
}

/** Builds the Fastify app (not listening). */
export async function buildApp(rt: Runtime, opts: AppOptions): Promise<FastifyInstance> {
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

  const requireAuth = authenticator(rt, opts.verifyToken);
  app.get('/healthz', { schema: { hide: true } }, async (_req, reply) =>
    opts.ready() ? { status: 'ok', database: rt.dbKind } : reply.code(503).send({ status: 'starting' }),
  );
  // Scraped with a bearer token that has metrics:read (docs/security.md#metrics).
  app.get('/metrics', { schema: { hide: true }, onRequest: requireAuth }, async (req, reply) => {
    authorize(req, 'metrics:read');
    return reply.type(registry.contentType).send(await registry.metrics());
  });
  for (const register of opts.routes) register(app, { rt, requireAuth, limits: opts.limits });

  const hasConsole = existsSync(webDist);
  // The console's files are sent compressed (brotli, else gzip) to browsers that accept it: 485 KB of JS and
  // 249 KB of CSS went uncompressed before (issue 12). Only this scope compresses: API answers are unchanged,
  // and request bodies are never decompressed here (intake reads them raw, with its own limits).
  await app.register(async (scope) => {
    await scope.register(fastifyCompress, {
      encodings: ['br', 'gzip'],
      threshold: 1024,
      globalDecompression: false,
      // Quality 5: about a tenth of the CPU of the default 11 for a few percent more bytes.
      brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } },
    });
    if (hasConsole) {
      await scope.register(fastifyStatic, {
        root: webDist,
        wildcard: false,
        index: ['index.html'],
        // Asset names carry a content hash: cache them for good; index.html must always be revalidated.
        setHeaders(res, path) {
          res.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      });
    }
    scope.setNotFoundHandler((req, reply) => {
      const isPage = req.method === 'GET' && !req.url.startsWith('/api/') && !req.url.startsWith('/v2/');
      if (isPage && hasConsole) return reply.header('cache-control', 'no-cache').sendFile('index.html');
      if (isPage) return reply.type('text/plain').send('The web console is not built: run `npm run build`.');
      const e = new AppError('NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`);
      const locale = requestLocale(req);
      if (locale !== 'en') void reply.header('content-language', locale);
      return reply.code(404).send(errorBody(toAppError(e), locale));
    });
  });
  return app;
}
