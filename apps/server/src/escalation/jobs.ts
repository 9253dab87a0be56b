/** Escalation's job kinds: run one step of an incident's escalation (escalation/engine.ts). */
import { z } from 'zod';
import type { JobDefinition } from '../engine/jobs.ts';
import type { Runtime } from '../kernel/runtime.ts';
import { runEscalationStep } from './engine.ts';

const StepPayload = z.object({
  incidentId: z.number().int().positive(),
  policyId: z.string().min(1),
  step: z.number().int().min(0),
  round: z.number().int().min(0),
  reason: z.string().min(1),
});

declare module '../engine/jobs.ts' {
  interface JobPayloads {
    /**
     * Run one step of an incident's escalation (escalation/engine.ts). Runs only while the incident's
     * escalation row names this exact position; `reason` is the page that started it (`initial`, `upgrade-P1`).
     */
    'escalation.step': z.infer<typeof StepPayload>;
  }
}

export const escalationJobs: { 'escalation.step': JobDefinition<Runtime, 'escalation.step'> } = {
  'escalation.step': { payload: StepPayload, run: (rt, payload) => runEscalationStep(rt, payload) },
};
