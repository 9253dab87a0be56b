/** Response's job kind: watch one incident's room (response/watch.ts). */
import { z } from 'zod';
import type { JobDefinition } from '../engine/index.ts';
import type { Runtime } from '../kernel/index.ts';
import { watchIncident } from './watch.ts';
import { runScheduledDrill } from './drills.ts';

const WatchPayload = z.object({ incidentId: z.number().int().positive() });
const DrillPayload = z.object({ drillId: z.string().min(1), dueAt: z.string().datetime() });

declare module '../engine/jobs.ts' {
  interface JobPayloads {
    /**
     * Watch an incident's room: sync roles and group with its level, emit 1-5-10 breaches, role gaps, overdue
     * check-ins and updates once each, and schedule the next look (response/watch.ts). Enqueued when the
     * incident is paged and after every change in the room.
     */
    'response.watch': z.infer<typeof WatchPayload>;
    /**
     * Declare configured fault drill `drillId` due at `dueAt` (once across nodes) and start the timer of its
     * next occurrence (response/drills.ts). Enqueued at boot, after a config reload and by itself.
     */
    'response.drill': z.infer<typeof DrillPayload>;
  }
}

export const responseJobs: {
  'response.watch': JobDefinition<Runtime, 'response.watch'>;
  'response.drill': JobDefinition<Runtime, 'response.drill'>;
} = {
  'response.watch': { payload: WatchPayload, run: (rt, { incidentId }, job) => watchIncident(rt, incidentId, job.id) },
  'response.drill': { payload: DrillPayload, run: (rt, payload) => runScheduledDrill(rt, payload) },
};
