import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppError } from '../lib/errors.ts';
import {
  compileSilence,
  nextSilenceChange,
  silencedUntil,
  silenceState,
  silencesMuting,
  similarSilenceMatchers,
  type SilenceDraft,
} from './silence.ts';

const now = new Date('2026-11-21T12:00:00Z');
const t = (hhmm: string): Date => new Date(`2026-11-21T${hhmm}:00Z`);

const draft = (over: Partial<SilenceDraft> = {}): SilenceDraft => ({
  matchers: ['alertname="DiskFull"', 'instance=~"db-.*"'],
  startsAt: t('12:00'),
  endsAt: t('14:00'),
  createdBy: 'ana@example.com',
  comment: 'replacing the disk',
  ...over,
});

function fields(fn: () => unknown): Array<{ path: string; message: string }> {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('VALIDATION');
    return (err as AppError).fields ?? [];
  }
  throw new Error('expected a validation error');
}

describe('compileSilence', () => {
  it('compiles text and Alertmanager API matchers alike, with annotations', () => {
    const s = compileSilence(
      's1',
      draft({
        matchers: [
          '{alertname="DiskFull", severity!="info"}',
          { name: 'instance', value: 'db-.*', isRegex: true },
          { name: 'env', value: 'staging', isRegex: false, isEqual: false },
          { name: 'team', value: 'qa|test', isRegex: true, isEqual: false },
        ],
        annotations: { ticket: 'OPS-42' },
      }),
      now,
    );
    expect(s.matchers.map((m) => `${m.name}${m.op}${m.value}`)).toEqual([
      'alertname=DiskFull',
      'severity!=info',
      'instance=~db-.*',
      'env!=staging',
      'team!~qa|test',
    ]);
    expect(s.annotations).toEqual({ ticket: 'OPS-42' });
  });

  it.each<[string, Partial<SilenceDraft>, string, RegExp]>([
    ['no matcher', { matchers: [] }, 'matchers', /at least one matcher/],
    ['an empty brace list', { matchers: ['{}'] }, 'matchers', /at least one matcher/],
    ['only empty-matching matchers', { matchers: ['team=""', 'env=~".*"'] }, 'matchers', /mute every alert/],
    ['an invalid regex', { matchers: ['ok="1"', 'job=~"(?=x)"'] }, 'matchers.1', /lookarounds/],
    [
      'a structured matcher without a name',
      { matchers: [{ name: '', value: 'x', isRegex: false }] },
      'matchers.0',
      /name is empty/,
    ],
    ['an end before the start', { endsAt: t('11:00') }, 'endsAt', /after startsAt/],
    ['an end equal to the start', { endsAt: t('12:00') }, 'endsAt', /after startsAt/],
    ['an end in the past', { startsAt: t('09:00'), endsAt: t('11:59') }, 'endsAt', /already be expired/],
    ['an invalid start', { startsAt: new Date('nope') }, 'startsAt', /valid instant/],
    ['no author', { createdBy: '  ' }, 'createdBy', /required/],
    ['no comment', { comment: '' }, 'comment', /required/],
  ])('refuses %s, naming the field', (_what, over, path, message) => {
    expect(fields(() => compileSilence('s', draft(over), now))).toContainEqual({
      path,
      message: expect.stringMatching(message),
    });
  });

  it('accepts a negative matcher alone, as Alertmanager does ({team!="x"} does not "match the empty string")', () => {
    expect(() => compileSilence('s', draft({ matchers: ['team!="x"'] }), now)).not.toThrow();
  });

  it('reports every problem at once', () => {
    expect(
      fields(() => compileSilence('s', draft({ matchers: [], comment: '', createdBy: '' }), now)).map((f) => f.path),
    ).toEqual(['matchers', 'createdBy', 'comment']);
  });
});

describe('silenceState', () => {
  const s = { startsAt: t('12:00'), endsAt: t('14:00') };
  it.each([
    ['11:59', 'pending'],
    ['12:00', 'active'],
    ['13:59', 'active'],
    ['14:00', 'expired'], // half-open: the end-of-silence timer finds it expired
    ['15:00', 'expired'],
  ])('at %s → %s', (hhmm, state) => {
    expect(silenceState(s, t(hhmm))).toBe(state);
  });
});

describe('which silences mute an alert', () => {
  const a = compileSilence('a', draft({ matchers: ['alertname="DiskFull"'], endsAt: t('13:00') }), now);
  const b = compileSilence(
    'b',
    draft({ matchers: ['instance=~"db-.*"'], startsAt: t('12:30'), endsAt: t('15:00') }),
    now,
  );
  const c = compileSilence('c', draft({ matchers: ['team="web"'], endsAt: t('16:00') }), now);
  const pending = compileSilence(
    'd',
    draft({ matchers: ['alertname="DiskFull"'], startsAt: t('15:30'), endsAt: t('17:00') }),
    now,
  );
  const all = [pending, c, b, a];
  const disk = { alertname: 'DiskFull', instance: 'db-1' };

  it('names the active silences whose matchers all accept the labels, ordered by id', () => {
    expect(silencesMuting(disk, all, t('12:00'))).toEqual([{ kind: 'silence', id: 'a', until: t('13:00') }]);
    expect(silencesMuting(disk, all, t('12:45')).map((r) => r.kind === 'silence' && r.id)).toEqual(['a', 'b']);
    expect(silencesMuting(disk, all, t('15:00'))).toEqual([]);
    expect(silencesMuting({ alertname: 'Other' }, all, t('12:45'))).toEqual([]);
  });

  it('silencedUntil follows back-to-back silences, and stops at a gap', () => {
    expect(silencedUntil(disk, all, t('12:00'))).toEqual(t('15:00')); // a until 13:00, b from 12:30 until 15:00
    expect(silencedUntil(disk, all, t('13:30'))).toEqual(t('15:00'));
    expect(silencedUntil(disk, all, t('15:10'))).toBeNull(); // d starts at 15:30: not silenced now
    expect(silencedUntil({ alertname: 'Other' }, all, t('12:00'))).toBeNull();
  });

  it('nextSilenceChange is the earliest start or end of a matching silence', () => {
    expect(nextSilenceChange(disk, all, t('12:00'))).toEqual(t('12:30')); // b starts
    expect(nextSilenceChange(disk, all, t('12:30'))).toEqual(t('13:00')); // a ends
    expect(nextSilenceChange(disk, all, t('13:00'))).toEqual(t('15:00')); // b ends
    expect(nextSilenceChange(disk, all, t('15:00'))).toEqual(t('15:30')); // d starts
    expect(nextSilenceChange(disk, all, t('17:00'))).toBeNull();
  });

  it('silencedUntil is when silencesMuting first comes back empty (property)', () => {
    const minute = 60_000;
    const sil = fc.record({
      start: fc.integer({ min: 0, max: 300 }),
      len: fc.integer({ min: 1, max: 120 }),
      hit: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(sil, { maxLength: 6 }), fc.integer({ min: 0, max: 300 }), (specs, at) => {
        const base = t('00:00').getTime();
        const list = specs.map((x, i) =>
          compileSilence(
            `s${i}`,
            draft({
              matchers: [x.hit ? 'alertname="DiskFull"' : 'alertname="Other"'],
              startsAt: new Date(base + x.start * minute),
              endsAt: new Date(base + (x.start + x.len) * minute),
            }),
            new Date(base),
          ),
        );
        const from = new Date(base + at * minute);
        const until = silencedUntil(disk, list, from);
        let m = at;
        while (silencesMuting(disk, list, new Date(base + m * minute)).length > 0) m++;
        expect(until?.getTime() ?? null).toBe(m === at ? null : base + m * minute);
      }),
    );
  });
});

describe('similarSilenceMatchers ("silence similar" from an alert)', () => {
  it('gives one equality matcher per non-empty label, sorted, that the alert then matches', () => {
    const labels = { severity: 'critical', alertname: 'Disk "full"', empty: '', 'service.name': 'db' };
    const list = similarSilenceMatchers(labels);
    expect(list).toEqual(['alertname="Disk \\"full\\""', '"service.name"="db"', 'severity="critical"']);
    const s = compileSilence('s', draft({ matchers: list }), now);
    expect(silencesMuting(labels, [s], now)).toHaveLength(1);
    expect(similarSilenceMatchers(labels, ['alertname'])).toEqual(['alertname="Disk \\"full\\""']);
  });
});
