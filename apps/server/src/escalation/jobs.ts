/** Escalation's job kinds: page an incident, and run one step of its escalation (escalation/engine.ts). */
import { z } from 'zod';
import type { JobDefinition } from '../engine/index.ts';
import type { Runtime } from '../kernel/index.ts';
import { pageOrEscalate, resumePausedEscalations, runEscalationStep } from './engine.ts';

const StepPayload = z.object({
  incidentId: z.number().int().positive(),
  policyId: z.string().min(1),
  step: z.number().int().min(0),
  round: z.number().int().min(0),
  reason: z.string().min(1),
});

const PagePayload = z.object({
  incidentId: z.number().int().positive(),
  team: z.string().nullable(),
  service: z.string().nullable(),
  step: z.string().min(1),
  audience: z.enum(['oncall', 'leadership']),
  /** When the page was asked for (ISO 8601): the page's time, whenever the job runs. */
  at: z.string().datetime(),
  /** An upgrade page that waited `paging.upgradeWindowSeconds`: sent unless a later upgrade overtook it. */
  afterWindow: z.boolean().optional(),
});

const ResumePayload = z.object({ windowId: z.string().min(1) });

declare module '../engine/jobs.ts' {
  interface JobPayloads {
    /**
     * A pause-escalations maintenance window was ended early or deleted: the escalations it held run their
     * next step now (escalation/engine.ts `resumePausedEscalations`). Enqueued by suppression's verbs.
     */
    'escalation.resume': z.infer<typeof ResumePayload>;
    /**
     * Page an incident (a new level, an upgrade, leadership): starts or restarts the team's escalation policy,
     * or pages its on-call list or the business line's leadership (escalation/engine.ts `pageOrEscalate`).
     * Enqueued by incident when a regrade calls for pages.
     */
    'escalation.page': z.infer<typeof PagePayload>;
    /**
     * Run one step of an incident's escalation (escalation/engine.ts). Runs only while the incident's
     * escalation row names this exact position; `reason` is the page that started it (`initial`, `upgrade-P1`).
     */
    'escalation.step': z.infer<typeof StepPayload>;
  }
}

export const escalationJobs: {
  'escalation.step': JobDefinition<Runtime, 'escalation.step'>;
  'escalation.page': JobDefinition<Runtime, 'escalation.page'>;
  'escalation.resume': JobDefinition<Runtime, 'escalation.resume'>;
} = {
  'escalation.resume': {
    payload: ResumePayload,
    async run(rt, { windowId }) {
      return { kind: 'done', incidentIds: await resumePausedEscalations(rt, windowId) };
    },
  },
  'escalation.step': { payload: StepPayload, run: (rt, payload) => runEscalationStep(rt, payload) },
  'escalation.page': {
    payload: PagePayload,
    async run(rt, { at, ...page }) {
      await rt.db.transaction((tx) => pageOrEscalate(tx, rt.config(), { ...page, now: new Date(at) }));
      return { kind: 'done', incidentIds: [page.incidentId] };
    },
  },
};
