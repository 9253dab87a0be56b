import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FaultlineConfig } from '../config/schema.ts';
import { buildCatalog } from '../catalog/catalog.ts';
import { compileRules } from '../levels/rules.ts';
import { factPercent, gradeKpi, kpiWindows, maxGapMs, sustainedDrop, type DropSample } from './sustained.ts';

const S = 1_000;
const MIN = 60_000;
const NOW = 10_000_000;

/** Samples every `interval` ms ending at NOW with the given drops (oldest first). */
function every(interval: number, drops: number[]): DropSample[] {
  return drops.map((drop, i) => ({ at: NOW - (drops.length - 1 - i) * interval, drop }));
}

describe('sustained drop over a window', () => {
  it('is the smallest drop of the samples of the window', () => {
    // 10 s interval, 1 min window: samples at now−60 s … now (7), the first one is outside `now − W`.
    const samples = every(10 * S, [50, 40, 35, 36, 38, 37, 35]);
    expect(sustainedDrop(samples, NOW, MIN, 10 * S)).toBe(35);
  });

  it('needs samples back to now − W + one interval (the slack)', () => {
    const interval = 10 * S;
    // Six samples: now−50 s … now. The first is at now − W + interval: covered.
    expect(sustainedDrop(every(interval, [40, 40, 40, 40, 40, 40]), NOW, MIN, interval)).toBe(40);
    // Five samples: now−40 s … now: not covered yet.
    expect(sustainedDrop(every(interval, [40, 40, 40, 40, 40]), NOW, MIN, interval)).toBeNull();
  });

  it('a gap longer than three intervals breaks the run: the window is covered again only after W', () => {
    const interval = 2 * S;
    const before = every(interval, Array(60).fill(50)).map((s) => ({ ...s, at: s.at - 60 * S }));
    const after = every(interval, Array(10).fill(50));
    // Gap between the runs: 60 s + 2 s > maxGap(2 s) = 7 s.
    expect(sustainedDrop([...before, ...after], NOW, MIN, interval)).toBeNull();
    // A gap of one missed evaluation (4 s) does not break it.
    const steady = every(interval, Array(40).fill(50)).filter((_, i) => i !== 20);
    expect(sustainedDrop(steady, NOW, MIN, interval)).toBe(50);
  });

  it('a stale last sample (older than the longest gap) covers nothing', () => {
    const samples = every(S, Array(100).fill(30)).map((s) => ({ ...s, at: s.at - maxGapMs(S) - 1 }));
    expect(sustainedDrop(samples, NOW, MIN, S)).toBeNull();
  });

  it('ignores samples after now', () => {
    const samples = [...every(10 * S, [40, 40, 40, 40, 40, 40, 40]), { at: NOW + 5 * S, drop: 0 }];
    expect(sustainedDrop(samples, NOW, MIN, 10 * S)).toBe(40);
  });

  it('one evaluation a minute: the sample of now stands for the whole minute', () => {
    expect(sustainedDrop(every(MIN, [45]), NOW, MIN, MIN)).toBe(45);
    expect(sustainedDrop(every(MIN, [45]), NOW, 2 * MIN, MIN)).toBeNull();
    expect(sustainedDrop(every(MIN, [20, 45]), NOW, 2 * MIN, MIN)).toBe(20);
  });

  it('no samples: null', () => expect(sustainedDrop([], NOW, MIN, S)).toBeNull());

  it('never exceeds any drop in the window, and a longer window never shows a larger drop (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -50, max: 100, noNaN: true }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 5 }),
        (drops, intervalS, w) => {
          const interval = intervalS * S;
          const samples = every(interval, drops);
          const d = sustainedDrop(samples, NOW, w * MIN, interval);
          if (d === null) return true;
          // A sample stands for the interval that ends at it, so the one at exactly now − W is outside the window.
          const inWindow = samples.filter((s) => s.at > NOW - w * MIN);
          if (!inWindow.every((s) => d <= s.drop)) return false;
          const longer = sustainedDrop(samples, NOW, (w + 1) * MIN, interval);
          return longer === null || longer <= d;
        },
      ),
    );
  });
});

describe('fact percent', () => {
  it('rounds down to 0.1 % and stays within 0–100', () => {
    expect(factPercent(29.99)).toBe(29.9);
    expect(factPercent(30)).toBe(30);
    expect(factPercent(35.96)).toBe(35.9);
    expect(factPercent(-4)).toBe(0);
    expect(factPercent(130)).toBe(100);
  });
});

describe('grading sustained drops with the template rules', () => {
  const config = FaultlineConfig.parse({
    version: 1,
    catalog: {
      businessLines: [
        {
          id: 'shop',
          modules: [
            { id: 'checkout', tier: 'core', volume: 'high', services: [{ id: 'checkout-api', team: 't' }] },
            { id: 'login', tier: 'sub-core', volume: 'high', services: [{ id: 'login-api', team: 't' }] },
            { id: 'history', tier: 'non-core', volume: 'medium', services: [{ id: 'history-api', team: 't' }] },
          ],
        },
      ],
    },
    levels: {
      rules: [
        // A business rule over a longer window for checkout.
        {
          id: 'checkout-long',
          sequence: 'P',
          level: 1,
          kind: 'business',
          scope: { module: 'checkout' },
          kpiDrop: { percent: 15, windowMinutes: 5 },
        },
      ],
    },
  });
  const catalog = buildCatalog(config);
  const rules = compileRules(config, catalog);
  const svc = (id: string) => catalog.service(id)!;

  it('the windows of the rules that apply to a service', () => {
    expect(kpiWindows(rules.forService(svc('checkout-api')))).toEqual([1, 5]);
    expect(kpiWindows(rules.forService(svc('login-api')))).toEqual([1]);
    expect(kpiWindows(rules.forService(svc('history-api')))).toEqual([10]);
  });

  it('core high volume: 35 % over 1 min is P1 (template: ≥ 30 % over 1 min)', () => {
    const g = gradeKpi(
      svc('checkout-api'),
      rules,
      new Map([
        [1, 35.96],
        [5, null],
      ]),
    );
    expect(g?.kpiDrop).toEqual({ percent: 35.9, windowMinutes: 1 });
    expect(g?.result.levels).toEqual({ P: 1 });
    expect(g?.result.explanation[0]?.ruleId).toBe('template.checkout.p1');
  });

  it('sub-core: the same drop is P2', () => {
    expect(gradeKpi(svc('login-api'), rules, new Map([[1, 35]]))?.result.levels).toEqual({ P: 2 });
  });

  it('the most severe window wins', () => {
    // 1 min: 12 % → P3; 5 min: 15 % → P1 by the business rule.
    const g = gradeKpi(
      svc('checkout-api'),
      rules,
      new Map([
        [1, 12],
        [5, 15],
      ]),
    );
    expect(g?.kpiDrop).toEqual({ percent: 15, windowMinutes: 5 });
    expect(g?.result.levels).toEqual({ P: 1 });
  });

  it('below every band, uncovered windows, or a rise grade nothing', () => {
    expect(
      gradeKpi(
        svc('checkout-api'),
        rules,
        new Map([
          [1, 5],
          [5, 5],
        ]),
      ),
    ).toBeNull();
    expect(
      gradeKpi(
        svc('checkout-api'),
        rules,
        new Map([
          [1, null],
          [5, null],
        ]),
      ),
    ).toBeNull();
    expect(gradeKpi(svc('checkout-api'), rules, new Map([[1, -40]]))).toBeNull();
  });

  it('non-core past the last level is not a level (the caller records a risk)', () => {
    // medium band 10 % → P4 on core, P6 on non-core: past P4.
    expect(gradeKpi(svc('history-api'), rules, new Map([[10, 12]]))).toBeNull();
    expect(gradeKpi(svc('history-api'), rules, new Map([[10, 50]]))?.result.levels).toEqual({ P: 3 });
  });
});
