/** Recovery's job kind: run one step's automation (recovery/execute.ts). */
import { z } from 'zod';
import type { JobDefinition } from '../engine/index.ts';
import type { Runtime } from '../kernel/index.ts';
import { executeRecoveryStep } from './execute.ts';
import { nudgeRecovery } from './nudge.ts';

const ExecutePayload = z.object({ stepRunId: z.number().int().positive() });
const NudgePayload = z.object({ incidentId: z.number().int().positive() });

declare module '../engine/jobs.ts' {
  interface JobPayloads {
    /** Call one queued recovery step's automation and record its answer (recovery/execute.ts). */
    'recovery.execute': z.infer<typeof ExecutePayload>;
    /**
     * Look at the incident's recover target: wait for the nudge, or tell the room once that it nears and no
     * recovery step has run, with "consider rollback" where a suspect change ranks high (recovery/nudge.ts).
     * Queued when an incident is paged.
     */
    'recovery.nudge': z.infer<typeof NudgePayload>;
  }
}

export const recoveryJobs: {
  'recovery.execute': JobDefinition<Runtime, 'recovery.execute'>;
  'recovery.nudge': JobDefinition<Runtime, 'recovery.nudge'>;
} = {
  'recovery.execute': { payload: ExecutePayload, run: (rt, { stepRunId }) => executeRecoveryStep(rt, stepRunId) },
  'recovery.nudge': {
    payload: NudgePayload,
    run: (rt, { incidentId }, job) => nudgeRecovery(rt, incidentId, job.id),
  },
};
