/** Recovery's job kind: run one step's automation (recovery/execute.ts). */
import { z } from 'zod';
import type { JobDefinition } from '../engine/index.ts';
import type { Runtime } from '../kernel/index.ts';
import { executeRecoveryStep } from './execute.ts';
import { nudgeRecovery } from './nudge.ts';

const ExecutePayload = z.object({ stepRunId: z.number().int().positive() });
const NudgePayload = z.object({ incidentId: z.number().int().positive(), dueAt: z.iso.datetime({ offset: true }) });

declare module '../engine/jobs.ts' {
  interface JobPayloads {
    /** Call one queued recovery step's automation and record its answer (recovery/execute.ts). */
    'recovery.execute': z.infer<typeof ExecutePayload>;
    /**
     * Tell the room the recover target nears and no recovery step has run, with "consider rollback" where a
     * suspect change ranks high (recovery/nudge.ts). Enqueued once per incident by the response watcher.
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
    run: (rt, { incidentId, dueAt }) => nudgeRecovery(rt, incidentId, new Date(dueAt)),
  },
};
