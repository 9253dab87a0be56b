/** The status page's job kind: the automatic public "resolved" update (statuspage/auto-resolve.ts). */
import { z } from 'zod';
import type { JobDefinition } from '../engine/index.ts';
import type { Runtime } from '../kernel/index.ts';
import { autoResolvePublicIncident } from './auto-resolve.ts';

const AutoResolvePayload = z.object({ incidentId: z.number().int().positive() });

declare module '../engine/jobs.ts' {
  interface JobPayloads {
    /**
     * An incident was resolved or cancelled: publish a final "resolved" update to its public incident, if it has
     * one not yet resolved (statuspage/auto-resolve.ts). Enqueued by incident in the same transaction.
     */
    'statuspage.auto-resolve': z.infer<typeof AutoResolvePayload>;
  }
}

export const statusPageJobs: { 'statuspage.auto-resolve': JobDefinition<Runtime, 'statuspage.auto-resolve'> } = {
  'statuspage.auto-resolve': {
    payload: AutoResolvePayload,
    run: (rt, { incidentId }) => autoResolvePublicIncident(rt, incidentId),
  },
};
