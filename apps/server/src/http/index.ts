/**
 * The HTTP kit: the Fastify app shell, authentication and authorization of requests, errors to status codes, metrics, the live-stream credential watch.
 *
 * The folder's only public face: other folders import from here (docs/architecture.md).
 */
export { buildApp } from './app.ts';
export { escapeHtml, htmlPage } from './html-page.ts';
export { SESSION_COOKIE, actorOf, authorize, bearer, credentialKey, credentialOf, ctxOf } from './auth.ts';
export { STATUS, toAppError } from './errors.ts';
export { formText, withFormBodies } from './form-body.ts';
export { intakeAlerts } from './metrics.ts';
export { rawBody } from './raw-body.ts';
export { watchCredential } from './stream-credential.ts';
export type { RouteDeps, RouteRegistrar } from './routes.ts';
export { IdCursor, KeyCursor, decodeCursor, encodeCursor, pageOfList, pageOfRows } from './page.ts';
export type { Page } from './page.ts';
export { LiveStreams, STREAM_RETRY_AFTER_S } from './live-streams.ts';
export type { StreamCaps } from './live-streams.ts';
export { DEFAULT_HTTP_LIMITS, httpLimits } from './limits.ts';
export type { HttpLimits } from './limits.ts';
export { registry } from './metrics.ts';
export { convergenceFailures } from './metrics.ts';
