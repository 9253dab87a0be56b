/**
 * Convergence's part of the config file (DESIGN §5): the labels that, with the service, make the group key;
 * how far topology looks upstream; how long after resolving an incident a flapping alert reopens it.
 */
import { z } from 'zod';

const DEFAULTS = {
  groupBy: ['alertname'],
  topologyDepth: 1,
  reopenWithinMinutes: 0,
  frequencyGate: { firings: 1, windowMinutes: 10 },
};

/** Convergence's top-level config keys. */
export const convergenceConfig = {
  convergence: z
    .strictObject({
      groupBy: z.array(z.string()).default(['alertname']).describe('labels that, with the service, make the group key'),
      topologyDepth: z
        .number()
        .int()
        .min(0)
        .max(10)
        .default(DEFAULTS.topologyDepth)
        .describe(
          'hops up the catalog dependsOn an alert looks for an open incident to join instead of opening one; 0: off',
        ),
      reopenWithinMinutes: z
        .number()
        .int()
        .min(0)
        .max(7 * 24 * 60)
        .default(DEFAULTS.reopenWithinMinutes)
        .describe('an alert firing again this long after its incident resolved reopens it (flapping); 0: off'),
      frequencyGate: z
        .strictObject({
          firings: z
            .number()
            .int()
            .min(1)
            .max(1000)
            .default(1)
            .describe('a new incident is opened (graded, paged) only once its group fired this often; 1: no gate'),
          windowMinutes: z
            .number()
            .int()
            .min(1)
            .max(24 * 60)
            .default(10)
            .describe('within this many minutes'),
        })
        .default(DEFAULTS.frequencyGate)
        .describe('below the gate an incident stays a risk: recorded, visible, paging nobody'),
    })
    .default(DEFAULTS),
};
export type ConvergenceConfigPart = z.output<z.ZodObject<typeof convergenceConfig>>;

declare module '../kernel/config.ts' {
  interface FaultlineConfig extends ConvergenceConfigPart {}
}
