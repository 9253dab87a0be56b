/** Response's routes: the incident page and the actions taken from it. */
import { withFormBodies, type RouteRegistrar } from '../http/index.ts';
import { incidentPageRoutes } from './routes/incident.ts';
import { incidentResolveRoutes } from './routes/resolve.ts';
import { gradingRoutes } from './routes/grading.ts';
import { noiseRoutes } from './routes/noise.ts';
import { roomRoutes } from './routes/room.ts';
import { incidentBulkRoutes } from './routes/bulk.ts';
import { checkInLinkRoutes } from './routes/check-in-link.ts';
import { registerSlackCheckIn } from './slack-check-in.ts';
import { drillRoutes } from './routes/drills.ts';

export const routes: RouteRegistrar = (app, { rt, requireAuth }) => {
  incidentPageRoutes(app, rt, requireAuth);
  incidentResolveRoutes(app, rt, requireAuth);
  gradingRoutes(app, rt, requireAuth);
  noiseRoutes(app, rt, requireAuth);
  roomRoutes(app, rt, requireAuth);
  incidentBulkRoutes(app, rt, requireAuth);
  drillRoutes(app, rt, requireAuth);
  // Its page's buttons POST HTML forms (form-encoded), which the JSON-only API would refuse.
  withFormBodies(app, (scope) => checkInLinkRoutes(scope, rt));
  // The war room card's Check in / Decline buttons arrive at notify's Slack interactivity route.
  registerSlackCheckIn(rt);
};
