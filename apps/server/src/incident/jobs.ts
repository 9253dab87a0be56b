/** Incident's job kinds: re-grade an incident when its duration rules may match (DESIGN §4 duration). */
import { z } from 'zod';
import type { JobDefinition } from '../engine/index.ts';
import type { Runtime } from '../kernel/index.ts';
import { regradeIncident } from './grading.ts';

const DurationPayload = z.object({ incidentId: z.number().int().positive() });

declare module '../engine/jobs.ts' {
  interface JobPayloads {
    /** Re-grade an incident whose duration rules may now match (incident/grading.ts). */
    'grade.duration': z.infer<typeof DurationPayload>;
  }
}

export const incidentJobs: { 'grade.duration': JobDefinition<Runtime, 'grade.duration'> } = {
  'grade.duration': {
    payload: DurationPayload,
    async run(rt, { incidentId }) {
      await rt.db.transaction((tx) =>
        regradeIncident(tx, rt.config(), incidentId, rt.clock.now(), { actor: 'duration' }),
      );
      return { kind: 'done', incidentIds: [incidentId] };
    },
  },
};
