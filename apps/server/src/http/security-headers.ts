/**
 * Security headers on every answer (docs/security.md#limits-and-headers), through @fastify/helmet: a
 * Content-Security-Policy fit for the console and the API viewer, no framing, no MIME sniffing, no Referer.
 */
import type { FastifyInstance } from 'fastify';
import fastifyHelmet from '@fastify/helmet';

/**
 * The Content-Security-Policy directives. Scripts, fetches and the event stream come from this origin only.
 * Styles also allow inline `<style>` elements: Mantine writes its theme variables and responsive style props
 * into them at run time, so neither a hash nor a nonce of a static index.html can cover them; scripts stay
 * strict. `upgrade-insecure-requests` is left out: many installs serve plain HTTP on a private network, where
 * it would break every request of the page.
 */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
};

/**
 * Registers the headers for every route. `https`: the server is reached over HTTPS (FAULTLINE_PUBLIC_URL), so
 * browsers are also told to use HTTPS only (Strict-Transport-Security); over plain HTTP that header is
 * meaningless and is not sent.
 */
export async function registerSecurityHeaders(app: FastifyInstance, opts: { https: boolean }): Promise<void> {
  await app.register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    // frame-ancestors 'none' for browsers that know CSP, X-Frame-Options: DENY for those that do not.
    frameguard: { action: 'deny' },
    // Signed acknowledge links carry their claim in the path: never send it on as a Referer.
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: opts.https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
  });
}
