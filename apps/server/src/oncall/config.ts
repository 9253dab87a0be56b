/** On-call's part of the config file: the schedules (oncall/schema.ts, docs/schedules.md). */
import { z } from 'zod';
import { Schedule } from './schema.ts';

/** On-call's top-level config keys. */
export const oncallConfig = { schedules: z.array(Schedule).default([]) };
export type OncallConfigPart = z.output<z.ZodObject<typeof oncallConfig>>;

declare module '../kernel/config.ts' {
  interface FaultlineConfig extends OncallConfigPart {}
}
