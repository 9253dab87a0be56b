/**
 * Notify's routes: people's contact methods and notification rules; and acting from messages — signed
 * ack/resolve links, SMS short links, Slack buttons, Twilio and Alibaba Cloud SMS replies and voice
 * keypresses (none of those takes a session: each checks its own signature).
 */
import { withFormBodies, type RouteRegistrar } from '../http/index.ts';
import { contactMethodRoutes } from './routes/contact-methods.ts';
import { ackLinkRoutes } from './routes/ack-link.ts';
import { shortLinkRoutes } from './routes/short-link.ts';
import { slackRoutes } from './routes/slack.ts';
import { twilioRoutes } from './routes/twilio.ts';
import { aliyunRoutes } from './routes/aliyun.ts';

export const routes: RouteRegistrar = (app, { rt, requireAuth }) => {
  contactMethodRoutes(app, rt, requireAuth);
  // The confirmation pages' buttons POST an (empty) HTML form: a browser sends it as form-encoded, which the
  // JSON-only API would refuse with 415 before the route runs.
  withFormBodies(app, (scope) => {
    ackLinkRoutes(scope, rt);
    shortLinkRoutes(scope, rt);
  });
  slackRoutes(app, rt);
  twilioRoutes(app, rt);
  aliyunRoutes(app, rt);
};
