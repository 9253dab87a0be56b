/** Response's job kind: watch one incident's room (response/watch.ts). */
import { z } from 'zod';
import type { JobDefinition } from '../engine/index.ts';
import type { Runtime } from '../kernel/index.ts';
import { watchIncident } from './watch.ts';
import { WarRoomPayload, runWarRoom } from './war-room-job.ts';
import { runScheduledDrill } from './drills.ts';
import { mailDrillReport } from './drill-report-mail.ts';

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
     * The war room's Slack calls (response/war-room-job.ts): open the channel, post a status update, archive
     * on close. Enqueued by the watcher, by a status update and by close or cancel.
     */
    'response.war-room': WarRoomPayload;
    /**
     * Declare configured fault drill `drillId` due at `dueAt` (once across nodes) and start the timer of its
     * next occurrence (response/drills.ts). Enqueued at boot, after a config reload and by itself.
     */
    'response.drill': z.infer<typeof DrillPayload>;
    /**
     * Mail a drill's report to its participants, once, when it has ended (response/drill-report-mail.ts).
     * Enqueued by resolving or cancelling a drill incident.
     */
    'response.drill-report': z.infer<typeof WatchPayload>;
  }
}

export const responseJobs: {
  'response.watch': JobDefinition<Runtime, 'response.watch'>;
  'response.war-room': JobDefinition<Runtime, 'response.war-room'>;
  'response.drill': JobDefinition<Runtime, 'response.drill'>;
  'response.drill-report': JobDefinition<Runtime, 'response.drill-report'>;
} = {
  'response.watch': { payload: WatchPayload, run: (rt, { incidentId }, job) => watchIncident(rt, incidentId, job.id) },
  'response.war-room': { payload: WarRoomPayload, run: (rt, p, job) => runWarRoom(rt, p, job.attempts) },
  'response.drill': { payload: DrillPayload, run: (rt, payload) => runScheduledDrill(rt, payload) },
  'response.drill-report': { payload: WatchPayload, run: (rt, { incidentId }) => mailDrillReport(rt, incidentId) },
};
