/** Convergence's part of the config file (DESIGN §5): the labels that, with the service, make the group key. */
import { z } from 'zod';

/** Convergence's top-level config keys. */
export const convergenceConfig = {
  convergence: z
    .strictObject({
      groupBy: z.array(z.string()).default(['alertname']).describe('labels that, with the service, make the group key'),
    })
    .default({ groupBy: ['alertname'] }),
};
export type ConvergenceConfigPart = z.output<z.ZodObject<typeof convergenceConfig>>;

declare module '../kernel/config.ts' {
  interface FaultlineConfig extends ConvergenceConfigPart {}
}
