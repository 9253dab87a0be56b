/** KPI's job kinds: evaluate one watch and schedule its next evaluation (kpi/evaluate.ts). */
import { z } from 'zod';
import type { JobDefinition } from '../engine/index.ts';
import type { Runtime } from '../kernel/index.ts';
import { evaluateKpiWatch } from './evaluate.ts';

const EvaluatePayload = z.object({ watchId: z.string().min(1) });

declare module '../engine/jobs.ts' {
  interface JobPayloads {
    /** Evaluate one KPI watch and schedule its next evaluation (kpi/evaluate.ts). */
    'kpi.evaluate': z.infer<typeof EvaluatePayload>;
  }
}

export const kpiJobs: { 'kpi.evaluate': JobDefinition<Runtime, 'kpi.evaluate'> } = {
  'kpi.evaluate': { payload: EvaluatePayload, run: (rt, { watchId }) => evaluateKpiWatch(rt, watchId) },
};
