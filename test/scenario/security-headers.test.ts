/**
 * Security headers on every kind of answer (docs/security.md#limits-and-headers): the console page, an API
 * answer, an API error and the API viewer carry a Content-Security-Policy that allows scripts from this
 * origin only and no framing, plus nosniff, no-referrer and X-Frame-Options DENY. Over plain HTTP no
 * Strict-Transport-Security is sent. (e2e/console.spec.ts checks that the console runs under this policy.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../support/server.ts';

describe('security headers', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.dispose());

  const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
  const answers: Array<[string, string, Record<string, string>, number]> = [
    ['the console page', '/incidents', {}, 200],
    ['an API answer', '/api/v1/incidents', auth, 200],
    ['an API error', '/api/v1/incidents', {}, 401],
    ['the API viewer', '/api/docs/static/index.html', {}, 200],
  ];

  it.each(answers)('%s carries CSP, nosniff, no-referrer and DENY', async (_what, path, headers, status) => {
    const res = await fetch(`${s.url}${path}`, { headers });
    await res.arrayBuffer();
    expect(res.status).toBe(status);
    const csp = res.headers.get('content-security-policy') ?? '';
    const directives = new Map(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .filter((d) => d[0])
        .map(([name, ...values]) => [name!, values.join(' ')]),
    );
    expect(directives.get('default-src')).toBe("'self'");
    expect(directives.get('script-src')).toBe("'self'");
    expect(directives.get('frame-ancestors')).toBe("'none'");
    expect(directives.get('object-src')).toBe("'none'");
    expect(directives.has('upgrade-insecure-requests')).toBe(false);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });
});
