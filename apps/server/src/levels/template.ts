/**
 * The fault-level definition template (seed 000, "Defining and entering fault levels"; DESIGN §4 table):
 * default KPI-drop rules generated for every module from its volume class, written for the **core** standard.
 * Grading shifts them by the module's tier (sub-core +1 level, non-core +2), so the generator ignores tier.
 *
 * Seed 000, for core features:
 * - high volume (>1,000 TPS peak, >1M/day): "a drop of 30% or more in the successful transaction rate per
 *   minute is defined as P1" → ≥ 30 % over 1 min, measure `success-rate-per-minute`;
 * - medium (100–1,000 TPS, 100k–1M/day): "a drop of 45% or more in total successful transactions over a
 *   10-minute period is defined as P1" → ≥ 45 % over 10 min;
 * - low (10–100 TPS, 10k–100k/day): "… over a 15- or 30-minute period is defined as P1" → we pick **15 min**,
 *   the stricter of the two (a fault is graded sooner; a team that wants 30 writes its own rule);
 * - very low (<10k/day): "a drop of 45% or more … over a 60-minute period can be defined as P2" → ≥ 45 %
 *   over 60 min is P2, the template's most severe level for this class.
 *
 * Lower bands, seed 000: "After the highest fault level, P1, is determined, you can sequentially lower the
 * scope of impact to define the P2 to P4 standards. For example, impact scopes of 20% to 30% or 30% to 45% can
 * be mapped to the remaining levels. For failures in the main path of high-volume services, you might consider
 * starting at P3 and not setting a P4 level." We step down the thresholds 45 → 30 → 20 → 10 %, one level each:
 * the 30–45 % and 20–30 % bands are the seed's; the 10–20 % band is ours (the same step continued), used as
 * P4 for medium and low volume and as P3, with no P4, for high volume as the seed suggests.
 *
 * | volume   | window | measure                 | P1    | P2    | P3    | P4    |
 * |----------|--------|-------------------------|-------|-------|-------|-------|
 * | high     | 1 min  | success-rate-per-minute | ≥ 30% | ≥ 20% | ≥ 10% | —     |
 * | medium   | 10 min | total-successful        | ≥ 45% | ≥ 30% | ≥ 20% | ≥ 10% |
 * | low      | 15 min | total-successful        | ≥ 45% | ≥ 30% | ≥ 20% | ≥ 10% |
 * | very-low | 60 min | total-successful        | —     | ≥ 45% | ≥ 30% | ≥ 20% |
 *
 * A drop matches every band at or below it; most-severe-wins makes a 35 % drop on a medium module P2.
 */
import type { LevelRuleConfig, SequenceConfig } from './config.ts';
import type { Tier, VolumeClass } from '../catalog/index.ts';

/** The sequence the template grades: P, technical priority (seed 001, "Fault Sequence"). */
export const TEMPLATE_SEQUENCE = 'P';

/** Id prefix of generated rules; configured rule ids must not use it. */
export const TEMPLATE_ID_PREFIX = 'template.';

/** One row of the template: a volume class's window, measure and (threshold %, core level) bands. */
export interface TemplateRow {
  readonly windowMinutes: number;
  readonly measure: 'success-rate-per-minute' | 'total-successful';
  /** Most severe first: a drop of at least `percent` % grades `level` on a core module. */
  readonly bands: ReadonlyArray<{ readonly percent: number; readonly level: number }>;
}

/** The template table (see the module comment for the seed sentences behind each number). */
export const TEMPLATE_TABLE: Readonly<Record<VolumeClass, TemplateRow>> = {
  high: {
    windowMinutes: 1,
    measure: 'success-rate-per-minute',
    bands: [
      { percent: 30, level: 1 },
      { percent: 20, level: 2 },
      { percent: 10, level: 3 },
    ],
  },
  medium: {
    windowMinutes: 10,
    measure: 'total-successful',
    bands: [
      { percent: 45, level: 1 },
      { percent: 30, level: 2 },
      { percent: 20, level: 3 },
      { percent: 10, level: 4 },
    ],
  },
  low: {
    windowMinutes: 15,
    measure: 'total-successful',
    bands: [
      { percent: 45, level: 1 },
      { percent: 30, level: 2 },
      { percent: 20, level: 3 },
      { percent: 10, level: 4 },
    ],
  },
  'very-low': {
    windowMinutes: 60,
    measure: 'total-successful',
    bands: [
      { percent: 45, level: 2 },
      { percent: 30, level: 3 },
      { percent: 20, level: 4 },
    ],
  },
};

/** The id of a generated rule, e.g. `template.checkout.p1`. */
export function templateRuleId(moduleId: string, level: number): string {
  return `${TEMPLATE_ID_PREFIX}${moduleId}.${TEMPLATE_SEQUENCE.toLowerCase()}${level}`;
}

/**
 * The template's KPI-drop rules for one module, scoped to it (`scope.module`), kind `business`, at the
 * **core** standard (the caller marks them for the tier shift; see `compileRules`).
 *
 * @param module the module's id and volume class (tier is accepted but not used: the shift is grading's job)
 * @param sequences the configured sequences; without a `P` sequence there are no template rules, and bands
 *   past P's last level are left out
 * @returns one rule per band, most severe first
 */
export function templateRules(
  module: { readonly id: string; readonly tier: Tier; readonly volume: VolumeClass },
  sequences: ReadonlyArray<SequenceConfig>,
): LevelRuleConfig[] {
  const seq = sequences.find((s) => s.id === TEMPLATE_SEQUENCE);
  if (!seq) return [];
  const row = TEMPLATE_TABLE[module.volume];
  const window = `${row.windowMinutes} min`;
  const what =
    row.measure === 'success-rate-per-minute' ? 'successful transactions per minute' : 'total successful transactions';
  return row.bands
    .filter((b) => b.level <= seq.levels)
    .map((b) => ({
      id: templateRuleId(module.id, b.level),
      sequence: seq.id,
      level: b.level,
      kind: 'business' as const,
      scope: { module: module.id },
      description:
        `fault-level template, ${module.volume}-volume core standard: ` +
        `${what} drop ≥ ${b.percent}% over ${window} → ${seq.id}${b.level}`,
      kpiDrop: { percent: b.percent, windowMinutes: row.windowMinutes, measure: row.measure },
    }));
}
