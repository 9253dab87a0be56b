/**
 * Fault drills (issue 17 point 10; seed 000's "regular fault drills and scenario rehearsals"): an incident
 * marked as a drill, declared from a scenario by hand or on a schedule. It pages only its participants, marks
 * every message "[DRILL]", and stays off the public status page and out of the fault metrics. Times are ISO
 * 8601 instants in UTC; durations in milliseconds.
 */
import { z } from 'zod';

const text = (max: number) => z.string().trim().max(max);

/** One alert the scenario injects: shown on the drill's timeline, never sent through intake. */
export const DrillAlert = z.strictObject({
  summary: text(500).min(1, 'an injected alert needs a summary'),
  labels: z
    .record(z.string().min(1).max(100), z.string().max(500))
    .refine((l) => Object.keys(l).length <= 30, { message: 'at most 30 labels' })
    .default({}),
});
export type DrillAlert = z.infer<typeof DrillAlert>;

/** A drill's scenario: what is declared, at which level, who takes part, and what is injected. */
export const DrillScenario = z.strictObject({
  title: text(200).min(1, 'a title is required'),
  service: z.string().min(1).max(200).nullable().optional().describe('a catalog service id; owns the drill'),
  sequence: z
    .string()
    .regex(/^[A-Z]$/, 'a sequence id such as P')
    .default('P'),
  level: z.number().int().min(1).max(9).describe('the level in `sequence` the drill is declared at'),
  description: text(5000).default(''),
  participants: z
    .array(z.email().max(320))
    .min(1, 'a drill needs at least one participant')
    .max(100)
    .describe('the only people the drill pages (emails)'),
  alerts: z.array(DrillAlert).max(50).default([]).describe('alerts the scenario injects (on the timeline only)'),
  kpiDrop: text(1000).optional().describe('the KPI drop the scenario plays, e.g. "successful orders/min −40 %"'),
});
export type DrillScenario = z.input<typeof DrillScenario>;

/** One stage of the 1-5-10 clock in a drill's report. */
export const DrillStageReport = z.object({
  stage: z.enum(['detect', 'locate', 'recover']),
  targetMs: z.number().nullable(),
  /** From the clock's anchor (impact start) to the stage's end; null while it runs. */
  tookMs: z.number().nullable(),
  state: z.enum(['met', 'breached', 'running', 'not-applicable']),
});

/** `GET /api/v1/drills/{id}/report`: how the drill went. */
export const DrillReport = z.object({
  incidentId: z.number().int(),
  title: z.string(),
  status: z.string(),
  level: z.string().nullable(),
  scheduleId: z.string().nullable(),
  declaredAt: z.string(),
  declaredBy: z.string(),
  participants: z.array(z.string()),
  stages: z.array(DrillStageReport),
  checkIns: z.array(
    z.object({
      person: z.string(),
      state: z.enum(['pending', 'joined', 'declined']),
      /** From the first invitation to the answer; null while pending. */
      afterMs: z.number().nullable(),
    }),
  ),
  roles: z.array(
    z.object({
      role: z.string(),
      required: z.boolean(),
      holder: z.string().nullable(),
      /** From the drill's start to when its first holder took it; null when never filled. */
      filledAfterMs: z.number().nullable(),
    }),
  ),
  /** Required roles never filled. */
  rolesMissing: z.array(z.string()),
});
export type DrillReport = z.infer<typeof DrillReport>;

/** `GET /api/v1/drills`: drills, newest first. */
export const DrillSummary = z.object({
  incidentId: z.number().int(),
  title: z.string(),
  status: z.string(),
  scheduleId: z.string().nullable(),
  declaredAt: z.string(),
  participants: z.array(z.string()),
});
export type DrillSummary = z.infer<typeof DrillSummary>;
export const DrillList = z.object({ drills: z.array(DrillSummary) });
export type DrillList = z.infer<typeof DrillList>;
