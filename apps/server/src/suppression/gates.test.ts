import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decideReopen, type RecentIncident } from './flapping.ts';
import { frequencyGate } from './frequency-gate.ts';
import { decideUpgradePage, upgradeStepLevels, upgradeSuperseded, type PendingUpgrade } from './upgrade-coalescing.ts';

const MIN = 60_000;
const t = (hhmmss: string): Date => new Date(`2026-11-21T${hhmmss}Z`);

describe('decideReopen (flapping)', () => {
  const resolved: RecentIncident = { id: 12, status: 'resolved', resolvedAt: t('12:00:00') };
  const cfg = { windowMs: 30 * MIN };

  it.each([
    ['12:10:00', 'reopen'],
    ['12:29:59', 'reopen'],
    ['12:30:00', 'open-new'], // the window is [resolvedAt, resolvedAt + window)
    ['13:00:00', 'open-new'],
  ])('fired again at %s → %s', (at, action) => {
    expect(decideReopen(resolved, cfg, t(at)).action).toBe(action);
  });

  it('explains itself and never reopens a closed incident or with the window off', () => {
    expect(decideReopen(resolved, cfg, t('12:10:00'))).toEqual({
      action: 'reopen',
      incidentId: 12,
      reason: 'fired again 10 min after incident #12 resolved (within 30 min): reopened',
    });
    expect(decideReopen({ ...resolved, status: 'closed' }, cfg, t('12:10:00')).action).toBe('open-new');
    expect(decideReopen(resolved, { windowMs: 0 }, t('12:10:00')).action).toBe('open-new');
    expect(decideReopen(null, cfg, t('12:10:00')).action).toBe('open-new');
  });
});

describe('frequencyGate', () => {
  const cfg = { threshold: 3, windowMs: 10 * MIN };

  it('opens at the Nth firing within M minutes and keeps a risk below', () => {
    const first = frequencyGate([], cfg, t('12:00:00'));
    expect(first).toMatchObject({ open: false, count: 1, reason: 'fired 1 of 3 times within 10 min: kept as a risk' });
    const second = frequencyGate(first.keep, cfg, t('12:04:00'));
    expect(second).toMatchObject({ open: false, count: 2 });
    const third = frequencyGate(second.keep, cfg, t('12:09:59'));
    expect(third).toMatchObject({
      open: true,
      count: 3,
      keep: [],
      reason: 'fired 3 times within 10 min (gate: 3): incident opened',
    });
  });

  it('forgets firings that left the window', () => {
    const d = frequencyGate([t('12:00:00'), t('12:04:00')], cfg, t('12:10:00')); // 12:00 is out: (12:00, 12:10]
    expect(d).toMatchObject({ open: false, count: 2, keep: [t('12:04:00'), t('12:10:00')] });
  });

  it('without a gate (threshold 1) always opens', () => {
    expect(frequencyGate([], { threshold: 1, windowMs: MIN }, t('12:00:00')).open).toBe(true);
  });

  it('opens exactly when a sliding window of M minutes holds N firings (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 2, max: 5 }),
        fc.integer({ min: 1, max: 30 }),
        (mins, n, m) => {
          const times = [...mins].sort((a, b) => a - b).map((x) => new Date(t('12:00:00').getTime() + x * MIN));
          let keep: readonly Date[] = [];
          let opened: number | null = null;
          times.forEach((at, i) => {
            if (opened !== null) return;
            const d = frequencyGate(keep, { threshold: n, windowMs: m * MIN }, at);
            keep = d.keep;
            if (d.open) opened = i;
          });
          const expected = times.findIndex(
            (at, i) => times.slice(0, i + 1).filter((x) => x.getTime() > at.getTime() - m * MIN).length >= n,
          );
          expect(opened).toBe(expected === -1 ? null : expected);
        },
      ),
    );
  });
});

describe('decideUpgradePage (coalescing automatic upgrades)', () => {
  const up = (at: string, level: number, sequence = 'P'): PendingUpgrade => ({
    at: t(at),
    sequence,
    level,
    label: `${sequence}${level}`,
  });
  const window = 30_000;

  it('a KPI drop graded P3, P2 then P1 within ten seconds pages once, at P1, as soon as P1 is reached', () => {
    const pending: PendingUpgrade[] = [];
    const decisions: string[] = [];
    for (const u of [up('12:00:00', 3), up('12:00:04', 2), up('12:00:09', 1)]) {
      pending.push(u);
      const d = decideUpgradePage(pending, window, u.at);
      decisions.push(
        d.action === 'page'
          ? `page ${d.step} (${d.coalesced})`
          : d.action === 'wait'
            ? `wait ${d.until.toISOString()}`
            : d.action,
      );
    }
    expect(decisions).toEqual([
      'wait 2026-11-21T12:00:30.000Z',
      'wait 2026-11-21T12:00:30.000Z',
      'page upgrade-P1 (3)',
    ]);
  });

  it('pages the highest level reached when the window closes', () => {
    const pending = [up('12:00:00', 4), up('12:00:10', 2), up('12:00:20', 3)];
    expect(decideUpgradePage(pending, window, t('12:00:29'))).toEqual({ action: 'wait', until: t('12:00:30') });
    expect(decideUpgradePage(pending, window, t('12:00:30'))).toMatchObject({
      action: 'page',
      step: 'upgrade-P2',
      coalesced: 3,
    });
  });

  it('keeps one level per sequence, in sequence order, and pages at once with no window', () => {
    const d = decideUpgradePage(
      [up('12:00:00', 3, 'P'), up('12:00:01', 2, 'B'), up('12:00:02', 2, 'P')],
      0,
      t('12:00:02'),
    );
    expect(d).toMatchObject({ action: 'page', step: 'upgrade-B2-P2' });
    expect(decideUpgradePage([], window, t('12:00:00'))).toEqual({ action: 'none' });
  });
});

describe('upgradeStepLevels and upgradeSuperseded (a delayed upgrade page)', () => {
  const at = t('12:00:00');

  it('reads the levels of upgrade and leadership steps, and nothing else', () => {
    expect(upgradeStepLevels('upgrade-P2-D3', at)).toEqual([
      { at, sequence: 'P', level: 2, label: 'P2' },
      { at, sequence: 'D', level: 3, label: 'D3' },
    ]);
    expect(upgradeStepLevels('leadership-P1', at)).toEqual([{ at, sequence: 'P', level: 1, label: 'P1' }]);
    for (const step of ['initial', 'reopened-1796000000000', 'upgrade-', 'upgrade-P', 'escalate'])
      expect(upgradeStepLevels(step, at)).toBeNull();
  });

  it('is overtaken only when the incident became more severe in a sequence the page names', () => {
    const p2 = upgradeStepLevels('upgrade-P2', at)!;
    expect(upgradeSuperseded(p2, { P: 1 })).toBe(true);
    expect(upgradeSuperseded(p2, { P: 2 })).toBe(false);
    expect(upgradeSuperseded(p2, { P: 2, D: 1 })).toBe(false);
    expect(upgradeSuperseded(p2, {})).toBe(false);
    // With a window, P3 → P2 → P1 within it: the P2 page waits, P1 pages at once, the P2 page is then overtaken.
    expect(decideUpgradePage(p2, 30_000, at)).toEqual({ action: 'wait', until: t('12:00:30') });
    expect(decideUpgradePage(upgradeStepLevels('upgrade-P1', at)!, 30_000, at)).toMatchObject({ action: 'page' });
  });
});
