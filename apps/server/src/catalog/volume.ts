/**
 * Volume class from measured volume (DESIGN §2, from the fault-level template of seed 000):
 * high: peak > 1,000 TPS or > 1,000,000 a day; medium: 100–1,000 TPS or 100k–1M a day;
 * low: 10–100 TPS or 10k–100k a day; very-low: below that (< 10,000 a day).
 */
import type { VolumeClass } from './config.ts';

const ORDER: readonly VolumeClass[] = ['very-low', 'low', 'medium', 'high'];

function fromTps(tps: number): VolumeClass {
  if (tps > 1000) return 'high';
  if (tps >= 100) return 'medium';
  if (tps >= 10) return 'low';
  return 'very-low';
}

function fromDaily(daily: number): VolumeClass {
  if (daily > 1_000_000) return 'high';
  if (daily >= 100_000) return 'medium';
  if (daily >= 10_000) return 'low';
  return 'very-low';
}

/**
 * Derives the volume class; when both measures are given the higher class wins (the seed's "or").
 * @param peakTps peak transactions per second
 * @param dailyVolume average transactions per day
 * @returns undefined when neither is given
 */
export function deriveVolumeClass(peakTps?: number, dailyVolume?: number): VolumeClass | undefined {
  const classes = [
    peakTps === undefined ? undefined : fromTps(peakTps),
    dailyVolume === undefined ? undefined : fromDaily(dailyVolume),
  ].filter((c): c is VolumeClass => c !== undefined);
  if (classes.length === 0) return undefined;
  return classes.reduce((a, b) => (ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b));
}
