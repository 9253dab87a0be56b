import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../lib/errors.ts';
import { pagerDutyInvalidBody, pagerDutySuccessBody, parsePagerDutyEvent } from './pagerduty.ts';

const RECEIVED = new Date('2026-11-21T15:00:00.000Z');
const KEY = 'fl_int_0123456789abcdef0123456789abcdef';
const never = () => {
  throw new Error('no dedup key should be generated');
};

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

const trigger = (payload: Record<string, unknown> = {}, over: Record<string, unknown> = {}) => ({
  routing_key: KEY,
  event_action: 'trigger',
  dedup_key: 'checkout-latency',
  payload: { summary: 'p99 latency above 2s on checkout', source: 'checkout-1.prod', severity: 'critical', ...payload },
  ...over,
});

describe('parsePagerDutyEvent: trigger', () => {
  it('maps every documented field of a full trigger', () => {
    const body = trigger(
      {
        timestamp: '2026-11-21T14:58:12.120+0000',
        component: 'postgres',
        group: 'checkout-stack',
        class: 'latency',
        custom_details: {
          'p99 ms': 2150,
          region: 'eu-west-1',
          paged: true,
          '1st owner': 'payments',
          nested: { a: 1 },
          list: [1],
        },
      },
      {
        client: 'Grafana',
        client_url: 'https://grafana.example/d/abc',
        links: [{ href: 'https://runbooks.example/latency', text: 'Runbook' }, { href: 'https://status.example' }],
        images: [{ src: 'https://grafana.example/render/abc.png', alt: 'p99' }],
      },
    );
    expect(parsePagerDutyEvent(body, RECEIVED, never)).toEqual({
      routingKey: KEY,
      dedupKey: 'checkout-latency',
      signal: {
        action: 'trigger',
        dedupKey: 'checkout-latency',
        summary: 'p99 latency above 2s on checkout',
        severity: 'critical',
        labels: {
          source: 'checkout-1.prod',
          severity: 'critical',
          component: 'postgres',
          group: 'checkout-stack',
          class: 'latency',
          p99_ms: '2150',
          region: 'eu-west-1',
          paged: 'true',
          _1st_owner: 'payments',
        },
        annotations: {
          client: 'Grafana',
          client_url: 'https://grafana.example/d/abc',
          'link.0': 'https://runbooks.example/latency',
          'link.1': 'https://status.example',
        },
        startsAt: '2026-11-21T14:58:12.120Z',
        endsAt: null,
        source: 'pagerduty',
      },
    });
  });

  it('generates the dedup key when a trigger has none (or an empty one), and only then', () => {
    const newKey = vi.fn(() => 'generated-1');
    const { routing_key, event_action, payload } = trigger();
    const result = parsePagerDutyEvent({ routing_key, event_action, payload }, RECEIVED, newKey);
    expect(result.dedupKey).toBe('generated-1');
    expect(result.signal.dedupKey).toBe('generated-1');
    expect(parsePagerDutyEvent(trigger({}, { dedup_key: '' }), RECEIVED, newKey).dedupKey).toBe('generated-1');
    expect(newKey).toHaveBeenCalledTimes(2);
    expect(parsePagerDutyEvent(trigger(), RECEIVED, newKey).dedupKey).toBe('checkout-latency');
    expect(newKey).toHaveBeenCalledTimes(2);
  });

  it('starts at the receive time without a timestamp; keeps PagerDuty fields over custom_details of the same name', () => {
    const { signal } = parsePagerDutyEvent(
      trigger({ severity: 'info', custom_details: { source: 'spoofed', severity: 'critical', x: 'y' } }),
      RECEIVED,
      never,
    );
    expect(signal).toMatchObject({ startsAt: '2026-11-21T15:00:00.000Z', severity: 'info' });
    expect(signal.labels).toEqual({ source: 'checkout-1.prod', severity: 'info', x: 'y' });
  });

  it('keeps a string custom_details as an annotation and cuts long detail values to 1024', () => {
    expect(parsePagerDutyEvent(trigger({ custom_details: 'free text' }), RECEIVED, never).signal.annotations).toEqual({
      custom_details: 'free text',
    });
    const long = parsePagerDutyEvent(trigger({ custom_details: { trace: 'x'.repeat(5000) } }), RECEIVED, never);
    expect(long.signal.labels.trace).toHaveLength(1024);
  });
});

describe('parsePagerDutyEvent: acknowledge and resolve', () => {
  it('acknowledge needs only the routing and dedup keys', () => {
    const body = { routing_key: KEY, event_action: 'acknowledge', dedup_key: 'checkout-latency' };
    expect(parsePagerDutyEvent(body, RECEIVED, never)).toEqual({
      routingKey: KEY,
      dedupKey: 'checkout-latency',
      signal: {
        action: 'acknowledge',
        dedupKey: 'checkout-latency',
        summary: 'checkout-latency',
        severity: null,
        labels: {},
        annotations: {},
        startsAt: '2026-11-21T15:00:00.000Z',
        endsAt: null,
        source: 'pagerduty',
      },
    });
  });

  it('resolve ends at the receive time and ignores a payload, as PagerDuty does', () => {
    const body = {
      routing_key: KEY,
      event_action: 'resolve',
      dedup_key: 'checkout-latency',
      payload: { severity: 'nope' },
    };
    expect(parsePagerDutyEvent(body, RECEIVED, never).signal).toMatchObject({
      action: 'resolve',
      dedupKey: 'checkout-latency',
      endsAt: '2026-11-21T15:00:00.000Z',
    });
  });
});

describe('parsePagerDutyEvent rejections use PagerDuty field paths', () => {
  it.each<[string, unknown, string[]]>([
    ['body not an object', 'routing_key=x', ['body']],
    ['routing_key missing', { ...trigger(), routing_key: undefined }, ['routing_key']],
    ['routing_key empty', { ...trigger(), routing_key: '' }, ['routing_key']],
    ['routing_key over 255', { ...trigger(), routing_key: 'k'.repeat(256) }, ['routing_key']],
    ['event_action unknown', { ...trigger(), event_action: 'page' }, ['event_action']],
    ['dedup_key over 255', trigger({}, { dedup_key: 'd'.repeat(256) }), ['dedup_key']],
    ['dedup_key missing on resolve', { routing_key: KEY, event_action: 'resolve' }, ['dedup_key']],
    ['dedup_key empty on acknowledge', { routing_key: KEY, event_action: 'acknowledge', dedup_key: '' }, ['dedup_key']],
    ['payload missing on trigger', { ...trigger(), payload: undefined }, ['payload']],
    ['payload not an object', { ...trigger(), payload: 'x' }, ['payload']],
    ['severity invalid', trigger({ severity: 'high' }), ['payload.severity']],
    ['summary missing', trigger({ summary: undefined }), ['payload.summary']],
    ['summary over 1024', trigger({ summary: 's'.repeat(1025) }), ['payload.summary']],
    ['source missing', trigger({ source: undefined }), ['payload.source']],
    ['timestamp invalid', trigger({ timestamp: '17/07/2015' }), ['payload.timestamp']],
    ['custom_details a number', trigger({ custom_details: 5 }), ['payload.custom_details']],
    ['links without href', trigger({}, { links: [{ text: 'x' }] }), ['links.0.href']],
    ['client not a string', trigger({}, { client: 1 }), ['client']],
    [
      'several at once',
      { routing_key: KEY, event_action: 'trigger', payload: { summary: 's' } },
      ['payload.source', 'payload.severity'],
    ],
  ])('%s', (_name, body, paths) => {
    expect(validationPaths(() => parsePagerDutyEvent(body, RECEIVED, () => 'g'))).toEqual(paths);
  });

  it('either returns an event or throws AppError VALIDATION for any JSON value', () => {
    const field = fc.constantFrom(
      'routing_key',
      'event_action',
      'dedup_key',
      'payload',
      'links',
      'client',
      '__proto__',
    );
    const anything = fc.oneof(
      fc.jsonValue(),
      fc.dictionary(field, fc.jsonValue()),
      fc.record({
        routing_key: fc.constant(KEY),
        event_action: fc.constantFrom('trigger', 'acknowledge', 'resolve'),
        payload: fc.dictionary(
          fc.constantFrom('summary', 'source', 'severity', 'timestamp', 'custom_details'),
          fc.jsonValue(),
        ),
      }),
    );
    fc.assert(
      fc.property(anything, (body) => {
        try {
          expect(parsePagerDutyEvent(body, RECEIVED, () => 'g').routingKey).toBe(KEY);
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).code).toBe('VALIDATION');
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('PagerDuty answer bodies', () => {
  it('match the documented shapes', () => {
    expect(pagerDutySuccessBody('checkout-latency')).toEqual({
      status: 'success',
      message: 'Event processed',
      dedup_key: 'checkout-latency',
    });
    expect(pagerDutyInvalidBody(['payload.severity: invalid'])).toEqual({
      status: 'invalid event',
      message: 'Event object is invalid',
      errors: ['payload.severity: invalid'],
    });
  });
});
