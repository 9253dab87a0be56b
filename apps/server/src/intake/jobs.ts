/** Intake's job kinds: the heartbeat expiry check (heartbeats.ts), a periodic chain run once across nodes. */
import { z } from 'zod';
import type { JobDefinition, JobOutcome } from '../engine/index.ts';
import type { Runtime } from '../kernel/index.ts';
import { checkHeartbeats, HEARTBEAT_CHECK_MS, scheduleHeartbeatChecks } from './heartbeats.ts';

const HeartbeatsPayload = z.object({});

declare module '../engine/jobs.ts' {
  interface JobPayloads {
    /** Raise the alert of every heartbeat gone down, then run again in 30 s (intake/heartbeats.ts). */
    'intake.heartbeats': z.infer<typeof HeartbeatsPayload>;
  }
}

async function runHeartbeatChecks(rt: Runtime): Promise<JobOutcome> {
  if ((await checkHeartbeats(rt)) > 0) rt.wakeEngine();
  const now = rt.clock.now();
  // No heartbeat left: the chain ends; creating one starts it again.
  await scheduleHeartbeatChecks(rt, new Date(now.getTime() + HEARTBEAT_CHECK_MS), now);
  return { kind: 'done' };
}

export const intakeJobs: { 'intake.heartbeats': JobDefinition<Runtime, 'intake.heartbeats'> } = {
  'intake.heartbeats': { payload: HeartbeatsPayload, run: (rt) => runHeartbeatChecks(rt) },
};
