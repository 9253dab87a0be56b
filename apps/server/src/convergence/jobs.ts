/** Convergence's job kinds: the release check of held pages (release.ts). */
import { z } from 'zod';
import type { JobDefinition } from '../engine/index.ts';
import type { Runtime } from '../kernel/index.ts';
import { releaseHeldPages } from './release.ts';

const ReleasePayload = z.object({
  incidentId: z.number().int().positive().optional().describe('absent: every incident holding pages'),
});

declare module '../engine/jobs.ts' {
  interface JobPayloads {
    /** Re-check held pages: send them once when the mute ended, drop them when nothing fires (release.ts). */
    'convergence.release': z.infer<typeof ReleasePayload>;
  }
}

export const convergenceJobs: { 'convergence.release': JobDefinition<Runtime, 'convergence.release'> } = {
  'convergence.release': {
    payload: ReleasePayload,
    run: async (rt, { incidentId }) => {
      await releaseHeldPages(rt, incidentId);
      return { kind: 'done' };
    },
  },
};
