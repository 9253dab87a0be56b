/** On-call's job kinds: send the hand-off notices due now (oncall/handoff-notices.ts). */
import { z } from 'zod';
import type { JobDefinition } from '../engine/index.ts';
import type { Runtime } from '../kernel/index.ts';
import { runHandoffNotices } from './handoff-notices.ts';

const HandoffsPayload = z.object({ leadMinutes: z.number().int().min(0) });

declare module '../engine/jobs.ts' {
  interface JobPayloads {
    /** Send the hand-off notices due now and schedule the next run a minute later (oncall/handoff-notices.ts). */
    'oncall.handoffs': z.infer<typeof HandoffsPayload>;
  }
}

export const oncallJobs: { 'oncall.handoffs': JobDefinition<Runtime, 'oncall.handoffs'> } = {
  'oncall.handoffs': { payload: HandoffsPayload, run: (rt, payload) => runHandoffNotices(rt, payload) },
};
