import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.ts';
import { labelSetKey } from '../dedup-key.ts';
import { parseGeneric } from './generic.ts';

const RECEIVED = new Date('2026-11-21T15:00:00.000Z');

/** Calls `fn`, expecting an AppError VALIDATION; returns its fields. */
function validationFields(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION');
    return (error as AppError).fields ?? [];
  }
  throw new Error('expected a VALIDATION error');
}
const validationPaths = (fn: () => unknown) => validationFields(fn).map((f) => f.path);

describe('parseGeneric', () => {
  it('reads one alert object with defaults: firing, received now, key from labels and title', () => {
    expect(parseGeneric({ title: 'Nightly backup failed', labels: { job: 'backup' } }, RECEIVED)).toEqual([
      {
        action: 'trigger',
        dedupKey: labelSetKey({ job: 'backup', title: 'Nightly backup failed' }),
        summary: 'Nightly backup failed',
        severity: null,
        labels: { job: 'backup' },
        annotations: {},
        startsAt: '2026-11-21T15:00:00.000Z',
        endsAt: null,
        source: 'generic',
      },
    ]);
  });

  it('reads a batch, keeping given dedup keys, statuses, times and severities', () => {
    const signals = parseGeneric(
      {
        alerts: [
          {
            dedupKey: 'backup-nightly',
            status: 'resolved',
            title: 'Nightly backup failed',
            severity: 'P1',
            annotations: { runbook: 'https://runbooks.example/backup' },
            startsAt: '2026-11-21T02:00:00+01:00',
            endsAt: '2026-11-21T03:30:00.123456Z',
          },
          { title: 'Disk 91% full', severity: 'Warning', labels: { host: 'db-1' } },
        ],
      },
      RECEIVED,
    );
    expect(signals).toEqual([
      {
        action: 'resolve',
        dedupKey: 'backup-nightly',
        summary: 'Nightly backup failed',
        severity: 'critical',
        labels: { severity: 'critical' },
        annotations: { runbook: 'https://runbooks.example/backup' },
        startsAt: '2026-11-21T01:00:00.000Z',
        endsAt: '2026-11-21T03:30:00.123Z',
        source: 'generic',
      },
      expect.objectContaining({
        action: 'trigger',
        dedupKey: labelSetKey({ host: 'db-1', title: 'Disk 91% full' }),
        severity: 'warning',
        labels: { host: 'db-1', severity: 'warning' },
      }),
    ]);
  });

  it('makes the severity field a matchable label, unless a severity label says otherwise (issue 16 point 6)', () => {
    const [plain, labelled, none] = parseGeneric(
      {
        alerts: [
          { title: 'Queue stuck', severity: 'CRITICAL', labels: { queue: 'orders' } },
          { title: 'Queue stuck', severity: 'critical', labels: { queue: 'orders', severity: 'page' } },
          { title: 'Queue stuck', labels: { queue: 'orders' } },
        ],
      },
      RECEIVED,
    );
    expect(plain!.labels).toEqual({ queue: 'orders', severity: 'critical' });
    expect(labelled!.labels).toEqual({ queue: 'orders', severity: 'page' });
    expect(none!.labels).toEqual({ queue: 'orders' });
    // The key is the given labels' and title: the added label changes no existing alert's identity.
    expect(plain!.dedupKey).toBe(none!.dedupKey);
  });

  it('gives the same key whatever the label order, and a different one for another title', () => {
    const key = (labels: Record<string, string>, title: string) =>
      parseGeneric({ title, labels }, RECEIVED)[0]?.dedupKey;
    expect(key({ a: '1', b: '2' }, 'T')).toBe(key({ b: '2', a: '1' }, 'T'));
    expect(key({ a: '1' }, 'T')).not.toBe(key({ a: '1' }, 'U'));
  });

  it('accepts 1000 alerts', () => {
    expect(
      parseGeneric({ alerts: Array.from({ length: 1000 }, (_, i) => ({ title: `t${i}` })) }, RECEIVED),
    ).toHaveLength(1000);
  });
});

describe('parseGeneric rejections name the field', () => {
  it('names each unknown field', () => {
    expect(validationFields(() => parseGeneric({ title: 't', colour: 'red', tittle: 'x' }, RECEIVED))).toEqual([
      { path: 'colour', message: 'unknown field' },
      { path: 'tittle', message: 'unknown field' },
    ]);
    expect(
      validationPaths(() => parseGeneric({ alerts: [{ title: 't' }, { title: 't', host: 'h' }], extra: 1 }, RECEIVED)),
    ).toEqual(['alerts.1.host', 'extra']);
  });

  it.each<[string, unknown, string[]]>([
    ['body not an object', 'alert', ['body']],
    ['title missing', {}, ['title']],
    ['title empty', { title: '' }, ['title']],
    ['title over 1024', { title: 't'.repeat(1025) }, ['title']],
    ['status unknown', { title: 't', status: 'ok' }, ['status']],
    ['dedupKey over 255', { title: 't', dedupKey: 'd'.repeat(256) }, ['dedupKey']],
    ['dedupKey empty', { title: 't', dedupKey: '' }, ['dedupKey']],
    ['severity a number', { title: 't', severity: 1 }, ['severity']],
    ['label name invalid', { title: 't', labels: { 'foo-bar': 'x' } }, ['labels.foo-bar']],
    ['label value a number', { title: 't', labels: { code: 500 } }, ['labels.code']],
    ['annotation value a number', { title: 't', annotations: { n: 1 } }, ['annotations.n']],
    ['startsAt invalid', { title: 't', startsAt: '2026-11-21' }, ['startsAt']],
    ['alerts not an array', { alerts: { title: 't' } }, ['alerts']],
    ['alerts empty', { alerts: [] }, ['alerts']],
    ['more than 1000 alerts', { alerts: Array.from({ length: 1001 }, () => ({ title: 't' })) }, ['alerts']],
    [
      'endsAt invalid in the second alert',
      { alerts: [{ title: 't' }, { title: 't', endsAt: 'soon' }] },
      ['alerts.1.endsAt'],
    ],
  ])('%s', (_name, body, paths) => {
    expect(validationPaths(() => parseGeneric(body, RECEIVED))).toEqual(paths);
  });

  it('either returns signals or throws AppError VALIDATION for any JSON value', () => {
    const field = fc.constantFrom(
      'dedupKey',
      'status',
      'title',
      'severity',
      'labels',
      'annotations',
      'startsAt',
      'endsAt',
      '__proto__',
    );
    const anything = fc.oneof(
      fc.jsonValue(),
      fc.dictionary(field, fc.jsonValue()),
      fc.record({ alerts: fc.array(fc.dictionary(field, fc.jsonValue()), { maxLength: 5 }) }),
    );
    fc.assert(
      fc.property(anything, (body) => {
        try {
          expect(parseGeneric(body, RECEIVED).length).toBeGreaterThan(0);
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).code).toBe('VALIDATION');
        }
      }),
      { numRuns: 500 },
    );
  });
});
