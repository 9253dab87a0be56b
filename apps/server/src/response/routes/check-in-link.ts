/**
 * `GET|POST /check-in/{token}`: the check-in link of the room's invitation email (response/check-in-link.ts) and
 * of a chat page's Join / Decline buttons (notify/links.ts). GET shows who is asked and the buttons and changes
 * nothing (`?state=joined|declined`, a chat button's choice, shows that one button); POST `?state=…` checks the
 * link's person in as themself (still enabled, still allowed to respond: `checkIn` decides), via the medium the
 * link names ("email link", "Slack link").
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Runtime } from '../../kernel/index.ts';
import { ctxFor } from '../../kernel/index.ts';
import { escapeHtml as esc, htmlPage } from '../../http/index.ts';
import { personPrincipal, verifyLink } from '../../auth/index.ts';
import { getIncident } from '../../incident/index.ts';
import { AppError } from '../../lib/index.ts';
import { checkIn } from '../group-verbs.ts';

const page = (reply: FastifyReply, code: number, title: string, body: string) =>
  reply
    .code(code)
    .type('text/html')
    .header('cache-control', 'no-store')
    .send(htmlPage(title, `<h1>${esc(title)}</h1>${body}`));

/** Registers the check-in link's routes. */
export function checkInLinkRoutes(app: FastifyInstance, rt: Runtime): void {
  /** The link's person as a principal, or why not. */
  const who = async (token: string) => {
    const claims = verifyLink(token, rt.linkSecret, rt.clock.now());
    if (!claims || claims.action !== 'check-in' || claims.uid === undefined) return { error: 'invalid' as const };
    const principal = await personPrincipal(rt.db, claims.uid);
    // The link acts for the address it was sent to only while that is still the person's account email.
    if (!principal || principal.name.toLowerCase() !== claims.recipient.toLowerCase())
      return { error: 'person' as const };
    return { error: null, claims, principal };
  };
  const refused = (reply: FastifyReply, error: 'invalid' | 'person') =>
    error === 'invalid'
      ? page(reply, 401, 'Link not valid', '<p>This link is invalid or has expired. Nothing was changed.</p>')
      : page(reply, 403, 'Not allowed', '<p>This link no longer acts for its person. Nothing was changed.</p>');

  const join = `<form method="post" action="?state=joined"><button type="submit">Join</button></form><p></p>`;
  const decline = `<form method="post" action="?state=declined"><button type="submit">Decline</button></form>`;
  app.get<{ Params: { token: string }; Querystring: { state?: string } }>(
    '/check-in/:token',
    { schema: { hide: true } },
    async (req, reply) => {
      const w = await who(req.params.token);
      if (w.error !== null) return refused(reply, w.error);
      const incident = await getIncident(rt, w.claims.incidentId).catch(() => null);
      if (!incident) return page(reply, 404, 'Incident not found', '<p>This incident does not exist.</p>');
      return page(
        reply,
        200,
        `Check in to #${incident.id}`,
        `<p>#${incident.id} ${esc(incident.title)} · ${esc(incident.status)}</p>` +
          `<p>${esc(w.principal.name)}, will you join the response group?</p>` +
          (req.query.state === 'declined' ? decline : req.query.state === 'joined' ? join : join + decline),
      );
    },
  );

  app.post<{ Params: { token: string }; Querystring: { state?: string } }>(
    '/check-in/:token',
    { schema: { hide: true } },
    async (req, reply) => {
      const w = await who(req.params.token);
      if (w.error !== null) return refused(reply, w.error);
      const state = req.query.state === 'declined' ? 'declined' : 'joined';
      const id = w.claims.incidentId;
      try {
        await checkIn({ ctx: ctxFor(rt, w.principal), input: { id, state, via: w.claims.via ?? 'email link' } });
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        return page(reply, e.code === 'NOT_FOUND' ? 404 : 412, 'Not checked in', `<p>${esc(e.message)}</p>`);
      }
      rt.bus.publish({ type: 'incident.updated', incidentId: id });
      rt.wakeEngine();
      return page(
        reply,
        200,
        state === 'joined' ? 'Joined' : 'Declined',
        `<p>${state === 'joined' ? 'You joined' : 'You declined to join'} the response group of #${id}.</p>` +
          `<p><a href="/incidents/${id}">Open in Faultline</a></p>`,
      );
    },
  );
}
