/** Recovery's job kind: run one step's automation (recovery/execute.ts). */
import { z } from 'zod';
import type { JobDefinition } from '../engine/index.ts';
import type { Runtime } from '../kernel/index.ts';
import { executeRecoveryStep } from './execute.ts';

const ExecutePayload = z.object({ stepRunId: z.number().int().positive() });

declare module '../engine/jobs.ts' {
  interface JobPayloads {
    /** Call one queued recovery step's automation and record its answer (recovery/execute.ts). */
    'recovery.execute': z.infer<typeof ExecutePayload>;
  }
}

export const recoveryJobs: { 'recovery.execute': JobDefinition<Runtime, 'recovery.execute'> } = {
  'recovery.execute': { payload: ExecutePayload, run: (rt, { stepRunId }) => executeRecoveryStep(rt, stepRunId) },
};
