import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.ts';
import { labelSetKey } from '../dedup-key.ts';
import { parseAlertmanager } from './alertmanager.ts';
import { FIXTURES } from '../../../../../test/support/fixtures.ts';

// Real payloads, in test/fixtures (see each folder's SOURCE.md for origin and licence).
const fixture = (path: string): unknown => JSON.parse(readFileSync(new URL(path, FIXTURES), 'utf8'));
const RECEIVED = new Date('2026-11-21T15:00:00.000Z');
const parse = (path: string) => parseAlertmanager(fixture(path), RECEIVED);

/** Calls `fn`, expecting an AppError VALIDATION; returns its field paths. */
function validationPaths(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION');
    return ((error as AppError).fields ?? []).map((f) => f.path);
  }
  throw new Error('expected a VALIDATION error');
}

const TESTED = {
  'alertmanager-live': [
    'alertmanager-webhook.json',
    'alertmanager-webhook-resolved.json',
    'alertmanager-webhook-from-prometheus.json',
    'alertmanager-webhook-from-prometheus-resolved.json',
  ],
  'zulip-alertmanager': ['alert.json', 'single_alert.json'],
  'prometheus-msteams': [
    'large_prom_post_request.json',
    'prom_post_request.json',
    'prom_post_request_12_alerts.json',
    'prom_post_request_2_alerts.json',
  ],
};

describe('parseAlertmanager on real payloads', () => {
  it('covers every payload in the fixture folders', () => {
    for (const [dir, files] of Object.entries(TESTED)) {
      const present = readdirSync(new URL(`${dir}/`, FIXTURES)).filter((f) => f.endsWith('.json'));
      expect(present.sort()).toEqual([...files].sort());
    }
  });

  it('Alertmanager 0.25 group notification: per-alert status wins over the group status, nanoseconds truncate', () => {
    expect(parse('alertmanager-live/alertmanager-webhook.json')).toEqual([
      {
        action: 'resolve',
        dedupKey: '341371f04756c610',
        summary: 'p99 latency above 2s on api-1',
        severity: 'critical',
        labels: { alertname: 'HighLatency', instance: 'api-1', service: 'api', severity: 'critical' },
        annotations: { runbook_url: 'https://runbooks.example/latency', summary: 'p99 latency above 2s on api-1' },
        startsAt: '2026-11-21T14:02:42.628Z',
        endsAt: '2026-11-21T14:02:56.513Z',
        source: 'alertmanager',
      },
      {
        action: 'trigger',
        dedupKey: '001073a34507721f',
        summary: 'p99 latency above 2s on api-2',
        severity: 'critical',
        labels: { alertname: 'HighLatency', instance: 'api-2', service: 'api', severity: 'critical' },
        annotations: { summary: 'p99 latency above 2s on api-2' },
        startsAt: '2026-11-21T14:02:42.628Z',
        endsAt: null,
        source: 'alertmanager',
      },
      {
        action: 'trigger',
        dedupKey: '64d4018e42c4fdfa',
        summary: 'p99 latency above 2s on api-3',
        severity: 'critical',
        labels: { alertname: 'HighLatency', instance: 'api-3', service: 'api', severity: 'critical' },
        annotations: { summary: 'p99 latency above 2s on api-3' },
        startsAt: '2026-11-21T14:02:45.660Z',
        endsAt: null,
        source: 'alertmanager',
      },
    ]);
  });

  it('Alertmanager 0.25 resolved notification', () => {
    expect(parse('alertmanager-live/alertmanager-webhook-resolved.json')).toEqual([
      {
        action: 'resolve',
        dedupKey: 'eaf09244f2c30009',
        summary: 'disk 95% full',
        severity: 'warning',
        labels: { alertname: 'DiskFull', instance: 'db-1', service: 'db', severity: 'warning' },
        annotations: { summary: 'disk 95% full' },
        startsAt: '2026-11-21T14:02:42.635Z',
        endsAt: '2026-11-21T14:02:56.513Z',
        source: 'alertmanager',
      },
    ]);
  });

  it('a Prometheus rule firing then resolving keeps one dedup key (the fingerprint)', () => {
    const labels = {
      alertname: 'TargetDown',
      env: 'peers-test',
      instance: '127.0.0.1:19999',
      job: 'dead-service',
      service: 'checkout',
      severity: 'critical',
    };
    const common = {
      dedupKey: '268b44ede124cb15',
      summary: 'dead-service target 127.0.0.1:19999 is down',
      severity: 'critical',
      labels,
      annotations: {
        description: 'up == 0 for more than 4s (value 0)',
        summary: 'dead-service target 127.0.0.1:19999 is down',
      },
      startsAt: '2026-11-21T14:05:23.789Z',
      source: 'alertmanager',
    };
    expect(parse('alertmanager-live/alertmanager-webhook-from-prometheus.json')).toEqual([
      { ...common, action: 'trigger', endsAt: null },
    ]);
    expect(parse('alertmanager-live/alertmanager-webhook-from-prometheus-resolved.json')).toEqual([
      { ...common, action: 'resolve', endsAt: '2026-11-21T14:05:43.789Z' },
    ]);
  });

  it('Zulip alert.json: two alerts with equal labels stay apart by fingerprint', () => {
    const signals = parse('zulip-alertmanager/alert.json');
    expect(signals.map((s) => [s.action, s.dedupKey, s.annotations.description])).toEqual([
      ['trigger', 'a1bc48475b20e73d', 'CPU core temperature is 34.75C'],
      ['trigger', 'c2ea85182f28cbd9', 'CPU core temperature is 17.625C'],
    ]);
    for (const s of signals) {
      expect(s.labels).toEqual({ alertname: 'High CPU Temperature', host: 'andromeda', severity: 'critical' });
      expect(s).toMatchObject({
        summary: 'High CPU core temperature',
        severity: 'critical',
        startsAt: '2020-02-06T00:17:58.432Z',
        endsAt: null,
      });
    }
  });

  it('Zulip single_alert.json: resolved, yet endsAt is the zero time, so null', () => {
    const [signal, ...rest] = parse('zulip-alertmanager/single_alert.json');
    expect(rest).toEqual([]);
    expect(signal).toMatchObject({
      action: 'resolve',
      dedupKey: 'a1bc48475b20e73d',
      summary: 'High CPU core temperature',
      startsAt: '2020-02-06T00:17:58.432Z',
      endsAt: null,
    });
  });

  it('prometheus-msteams prom_post_request.json: no status and no fingerprint; offset applied', () => {
    const labels = {
      alertname: 'high_memory_load',
      instance: 'instance-with-hyphen_and_underscore',
      job: 'docker_nodes',
      monitor: 'master',
      severity: 'warning',
    };
    expect(parse('prometheus-msteams/prom_post_request.json')).toEqual([
      {
        action: 'trigger',
        dedupKey: labelSetKey(labels),
        summary: 'Server High Memory usage',
        severity: 'warning',
        labels,
        annotations: {
          description: '10.80.40.11 reported high memory usage with 23.28%.',
          summary: 'Server High Memory usage',
        },
        startsAt: '2018-03-07T11:33:21.873Z',
        endsAt: null,
        source: 'alertmanager',
      },
    ]);
  });

  it('prometheus-msteams 2 and 12 alerts: one signal each, keys from the label sets, no severity label', () => {
    for (const [file, count] of [
      ['prom_post_request_2_alerts.json', 2],
      ['prom_post_request_12_alerts.json', 12],
    ] as const) {
      const signals = parse(`prometheus-msteams/${file}`);
      expect(signals).toHaveLength(count);
      signals.forEach((s, i) => {
        const alertname = i === 0 ? 'high_memory_load' : `high_memory_load${i + 1}`;
        expect(s).toEqual({
          action: 'trigger',
          dedupKey: labelSetKey({ alertname }),
          summary: 'Server High Memory usage',
          severity: null, // commonLabels says warning, but the alerts' own labels do not: we read the alert
          labels: { alertname },
          annotations: expect.objectContaining({ summary: 'Server High Memory usage' }),
          startsAt: '2018-03-07T11:33:21.873Z',
          endsAt: null,
          source: 'alertmanager',
        });
      });
    }
  });

  it('prometheus-msteams large_prom_post_request.json: the 19-alert storm yields 19 distinct signals', () => {
    const signals = parse('prometheus-msteams/large_prom_post_request.json');
    expect(signals).toHaveLength(19);
    expect(new Set(signals.map((s) => s.dedupKey)).size).toBe(19);
    for (const s of signals) {
      expect(s.action).toBe('trigger');
      expect(s.severity).toBe('critical'); // severity="page"
      expect(s.labels.alertname).toBe('NodeEvent');
      expect(s.dedupKey).toBe(labelSetKey(s.labels));
      expect(s.summary).toMatch(/^Server is down\. `[a-z0-9]+A` - `user\denvironmentc`$/);
      expect(['2019-01-09T15:20:40.341Z', '2019-01-10T02:58:40.360Z']).toContain(s.startsAt);
      expect(s.endsAt).toBeNull();
    }
    expect(signals[0]?.summary).toBe('Server is down. `infrastructure002A` - `user3environmentc`');
  });
});

const alert = (over: Record<string, unknown> = {}) => ({
  status: 'firing',
  labels: { alertname: 'X' },
  startsAt: '2026-11-21T14:00:00Z',
  endsAt: '0001-01-01T00:00:00Z',
  ...over,
});

describe('parseAlertmanager rules', () => {
  it('derives the status of an alert without one: payload resolved, or endsAt not after receipt', () => {
    const at = (endsAt: string, status?: string) =>
      parseAlertmanager({ status, alerts: [alert({ status: undefined, endsAt })] }, RECEIVED)[0]?.action;
    expect(at('0001-01-01T00:00:00Z')).toBe('trigger');
    expect(at('2026-11-21T15:05:00Z')).toBe('trigger'); // ends in the future: still firing
    expect(at('2026-11-21T15:00:00Z')).toBe('resolve');
    expect(at('0001-01-01T00:00:00Z', 'resolved')).toBe('resolve');
  });

  it('summary falls back to description, then alertname, then "alert"; empty strings are skipped', () => {
    const summary = (labels: object, annotations?: object) =>
      parseAlertmanager({ alerts: [alert({ labels, annotations })] }, RECEIVED)[0]?.summary;
    expect(summary({ alertname: 'A' }, { summary: '', description: 'D' })).toBe('D');
    expect(summary({ alertname: 'A' }, {})).toBe('A');
    expect(summary({ job: 'j' })).toBe('alert');
    expect(summary({ alertname: 'A' }, { summary: 'x'.repeat(2000) })).toHaveLength(1024);
  });

  it('defaults startsAt to the receive time; reads null maps as empty; ignores unknown fields', () => {
    const [s] = parseAlertmanager(
      {
        version: '4',
        commonLabels: null,
        orgId: 1,
        alerts: [{ labels: { a: 'b' }, annotations: null, silenceURL: 'x' }],
      },
      RECEIVED,
    );
    expect(s).toMatchObject({ startsAt: '2026-11-21T15:00:00.000Z', endsAt: null, annotations: {}, action: 'trigger' });
  });

  it('accepts an empty alert list and exactly 1000 alerts', () => {
    expect(parseAlertmanager({ alerts: [] }, RECEIVED)).toEqual([]);
    expect(parseAlertmanager({ alerts: Array.from({ length: 1000 }, () => alert()) }, RECEIVED)).toHaveLength(1000);
  });
});

describe('parseAlertmanager rejections name the field', () => {
  it.each<[string, unknown, string[]]>([
    ['body not an object', null, ['body']],
    ['body an array', [alert()], ['body']],
    ['alerts missing', { version: '4' }, ['alerts']],
    ['alerts not an array', { alerts: {} }, ['alerts']],
    ['more than 1000 alerts', { alerts: Array.from({ length: 1001 }, () => ({})) }, ['alerts']],
    ['another payload version (Grafana sends "1")', { version: '1', alerts: [alert()] }, ['version']],
    ['version as a number', { version: 4, alerts: [alert()] }, ['version']],
    ['truncatedAlerts as a string', { truncatedAlerts: '0', alerts: [] }, ['truncatedAlerts']],
    ['groupLabels as a string', { groupLabels: 'x', alerts: [] }, ['groupLabels']],
    ['status unknown', { alerts: [alert({ status: 'pending' })] }, ['alerts.0.status']],
    ['labels missing', { alerts: [alert({ labels: undefined })] }, ['alerts.0.labels']],
    ['labels empty', { alerts: [alert({ labels: {} })] }, ['alerts.0.labels']],
    ['labels an array', { alerts: [alert({ labels: ['a'] })] }, ['alerts.0.labels']],
    ['label value a number', { alerts: [alert({ labels: { alertname: 'X', code: 500 } })] }, ['alerts.0.labels.code']],
    ['label name with a dash', { alerts: [alert({ labels: { 'foo-bar': 'x' } })] }, ['alerts.0.labels.foo-bar']],
    ['label name starting with a digit', { alerts: [alert({ labels: { '1x': 'x' } })] }, ['alerts.0.labels.1x']],
    ['label value over 1024', { alerts: [alert({ labels: { a: 'x'.repeat(1025) } })] }, ['alerts.0.labels.a']],
    [
      'annotation value an object',
      { alerts: [alert({ annotations: { summary: {} } })] },
      ['alerts.0.annotations.summary'],
    ],
    ['fingerprint a number', { alerts: [alert({ fingerprint: 1 })] }, ['alerts.0.fingerprint']],
    ['startsAt not a date', { alerts: [alert({ startsAt: 'yesterday' })] }, ['alerts.0.startsAt']],
    ['startsAt without zone', { alerts: [alert({ startsAt: '2026-11-21T14:00:00' })] }, ['alerts.0.startsAt']],
    ['startsAt on 30 February', { alerts: [alert({ startsAt: '2026-02-30T14:00:00Z' })] }, ['alerts.0.startsAt']],
    ['startsAt as epoch seconds', { alerts: [alert({ startsAt: 1763733600 })] }, ['alerts.0.startsAt']],
    [
      'endsAt in the second alert',
      { alerts: [alert(), alert({ endsAt: '2026-11-21T25:00:00Z' })] },
      ['alerts.1.endsAt'],
    ],
    [
      'every problem at once',
      { alerts: [alert({ status: 'x', startsAt: 'y' }), alert({ labels: {} })] },
      ['alerts.0.status', 'alerts.0.startsAt', 'alerts.1.labels'],
    ],
  ])('%s', (_name, body, paths) => {
    expect(validationPaths(() => parseAlertmanager(body, RECEIVED))).toEqual(paths);
  });
});

const labelSet = fc.dictionary(
  fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,15}$/).filter((n) => n !== '__proto__'),
  fc.string({ maxLength: 40 }),
  { minKeys: 1, maxKeys: 6, noNullPrototype: true },
);
const rfc3339 = fc
  .tuple(
    fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
    fc.stringMatching(/^\d{6}$/),
  )
  .map(([d, nanos]) => d.toISOString().replace('Z', `${nanos}Z`));
const validAlert = fc.record(
  {
    status: fc.constantFrom('firing', 'resolved'),
    labels: labelSet,
    annotations: fc.dictionary(
      fc.string({ maxLength: 10 }).filter((n) => n !== '__proto__'),
      fc.string({ maxLength: 40 }),
      { noNullPrototype: true },
    ),
    startsAt: rfc3339,
    endsAt: fc.oneof(rfc3339, fc.constant('0001-01-01T00:00:00Z')),
    generatorURL: fc.webUrl(),
    fingerprint: fc.stringMatching(/^[0-9a-f]{16}$/),
  },
  { requiredKeys: ['status', 'labels'] },
);

describe('parseAlertmanager properties', () => {
  it('returns one signal per alert, with the same labels and the status as action, for any valid payload', () => {
    fc.assert(
      fc.property(
        fc.array(validAlert, { maxLength: 20 }),
        fc.constantFrom('firing', 'resolved', undefined),
        (alerts, status) => {
          const signals = parseAlertmanager({ version: '4', status, alerts }, RECEIVED);
          expect(signals).toHaveLength(alerts.length);
          signals.forEach((s, i) => {
            const a = alerts[i]!;
            expect(s.labels).toEqual(a.labels);
            expect(s.action).toBe(a.status === 'firing' ? 'trigger' : 'resolve');
            expect(s.dedupKey).toBe(a.fingerprint ?? labelSetKey(a.labels));
            expect(s.startsAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
          });
        },
      ),
    );
  });

  it('either returns signals or throws AppError VALIDATION for any JSON value', () => {
    const anything = fc.oneof(
      fc.jsonValue(),
      fc.record({ alerts: fc.array(fc.jsonValue(), { maxLength: 5 }) }),
      fc.record({
        alerts: fc.array(
          fc.dictionary(
            fc.constantFrom(...Object.keys(alert()), 'annotations', 'fingerprint', '__proto__'),
            fc.jsonValue(),
          ),
          { maxLength: 5 },
        ),
      }),
    );
    fc.assert(
      fc.property(anything, (body) => {
        try {
          expect(Array.isArray(parseAlertmanager(body, RECEIVED))).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).code).toBe('VALIDATION');
        }
      }),
      { numRuns: 500 },
    );
  });
});
