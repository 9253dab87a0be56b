/**
 * Retention's config part (docs/operations.md#retention): how many days each kind of ever-growing record is kept.
 */
import { z } from 'zod';

const days = (fallback: number, what: string) =>
  z.number().int().min(1).max(3650).default(fallback).describe(`days ${what} are kept (default ${fallback})`);

/** The retention of each kind of record, in days. */
export const RetentionConfig = z.strictObject({
  eventsDays: days(30, 'raw inbound payloads, once applied,'),
  jobsDays: days(7, 'finished jobs'),
  kpiSamplesDays: days(35, "KPI samples (never less than a watch's baseline reads)"),
  deliveriesDays: days(400, 'settled notification delivery records'),
});
export type RetentionConfig = z.output<typeof RetentionConfig>;

/** Retention's top-level config key. */
export const retentionConfig = {
  retention: RetentionConfig.default({ eventsDays: 30, jobsDays: 7, kpiSamplesDays: 35, deliveriesDays: 400 }),
};
export type RetentionConfigPart = z.output<z.ZodObject<typeof retentionConfig>>;

declare module '../kernel/config.ts' {
  interface FaultlineConfig extends RetentionConfigPart {}
}
