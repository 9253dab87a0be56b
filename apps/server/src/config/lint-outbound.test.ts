import { describe, expect, it } from 'vitest';
import { checkConfigText, formatProblems } from './load.ts';
import { FaultlineConfig } from './schema.ts';
import { lintOutbound } from './lint-outbound.ts';

const NOW = new Date('2026-11-21T12:00:00Z');

/** A minimal valid config with `extra` top-level keys. */
function config(extra: Record<string, unknown>) {
  return FaultlineConfig.parse({ version: 1, ...extra });
}
const hook = (url: string) => ({ id: 'hook', type: 'webhook', config: { url, secret: 'x'.repeat(16) } });

describe('lintOutbound', () => {
  it('refuses a Prometheus URL with credentials, saying where they go', () => {
    const problems = lintOutbound(config({ prometheus: { url: 'https://kpi:s3cret@prom.example.com' } }));
    expect(problems).toEqual([
      expect.objectContaining({
        path: 'prometheus.url',
        severity: 'error',
        message: expect.stringMatching(/prometheus\.basicAuth/),
      }),
    ]);
    expect(problems[0]!.message).not.toContain('s3cret');
  });

  it('warns about credentials in a channel URL', () => {
    const problems = lintOutbound(config({ channels: [hook('https://u:p@hooks.example.com/h')] }));
    expect(problems).toEqual([
      expect.objectContaining({
        path: 'channels.0.config.url',
        severity: 'warning',
        message: expect.stringMatching(/Basic/),
      }),
    ]);
  });

  it('warns about a URL on an address outbound calls refuse, unless outbound.allow lists it', () => {
    const urls = [
      'http://127.0.0.1:9090',
      'http://localhost:9090',
      'http://10.1.2.3/h',
      'http://[fd00::1]/h',
      'http://169.254.169.254/',
    ];
    for (const url of urls) {
      const problems = lintOutbound(config({ prometheus: { url } }));
      expect(problems, url).toEqual([
        expect.objectContaining({
          path: 'prometheus.url',
          severity: 'warning',
          message: expect.stringMatching(/outbound\.allow/),
        }),
      ]);
    }
    expect(
      lintOutbound(config({ prometheus: { url: 'http://127.0.0.1:9090' }, outbound: { allow: ['127.0.0.0/8'] } })),
    ).toEqual([]);
    expect(
      lintOutbound(config({ prometheus: { url: 'http://localhost:9090' }, outbound: { allow: ['localhost'] } })),
    ).toEqual([]);
    expect(
      lintOutbound(config({ channels: [hook('http://10.1.2.3/h')], outbound: { allow: ['10.0.0.0/8'] } })),
    ).toEqual([]);
    // Names are resolved only at run time.
    expect(
      lintOutbound(
        config({ prometheus: { url: 'http://prometheus:9090' }, channels: [hook('https://hooks.example.com/h')] }),
      ),
    ).toEqual([]);
  });
});

describe('prometheus credentials in the schema', () => {
  const parse = (prometheus: Record<string, unknown>) =>
    FaultlineConfig.safeParse({ version: 1, prometheus: { url: 'https://prom.example.com', ...prometheus } }).success;
  it('takes one of basicAuth (password or passwordFile), bearerToken and bearerTokenFile', () => {
    expect(parse({ basicAuth: { username: 'u', password: 'p' } })).toBe(true);
    expect(parse({ basicAuth: { username: 'u', passwordFile: '/run/secrets/p' } })).toBe(true);
    expect(parse({ bearerToken: 't' })).toBe(true);
    expect(parse({ bearerTokenFile: '/run/secrets/t' })).toBe(true);
    expect(parse({ basicAuth: { username: 'u' } })).toBe(false);
    expect(parse({ basicAuth: { username: 'u', password: 'p', passwordFile: '/f' } })).toBe(false);
    expect(parse({ bearerToken: 't', bearerTokenFile: '/f' })).toBe(false);
    expect(parse({ basicAuth: { username: 'u', password: 'p' }, bearerToken: 't' })).toBe(false);
  });
});

describe('outbound.allow in the schema', () => {
  it('refuses entries that are neither a host name, an address nor a range, naming the entry', () => {
    const { problems } = checkConfigText(
      'version: 1\noutbound:\n  allow: [ok.example, 10.0.0.0/33, "http://x.example"]\n',
      NOW,
    );
    expect(formatProblems(problems, 'c.yaml')).toBe(
      [
        'c.yaml:3 outbound.allow.1: error: not a CIDR range such as 10.0.0.0/8 or fd00::/8',
        'c.yaml:3 outbound.allow.2: error: a host name, not a URL: write the host alone (hooks.example.com)',
      ].join('\n'),
    );
  });

  it('defaults to an empty list', () => {
    expect(config({}).outbound).toEqual({ allow: [] });
  });

  it('formats problems with URL credentials redacted', () => {
    const { problems } = checkConfigText('version: 1\nprometheus:\n  url: "http://kpi:pw-9@127.0.0.1:9090"\n', NOW);
    const text = formatProblems(problems, 'c.yaml');
    expect(text).toMatch(/c\.yaml:3 prometheus\.url: error: the URL carries credentials/);
    expect(text).not.toContain('pw-9');
  });
});
