/**
 * Acknowledge or resolve from a link in a message: `GET /ack/{token}` and `GET /resolve/{token}` show a
 * confirmation page (mail scanners and chat unfurlers follow links, so a GET never changes anything); its
 * button POSTs to the same URL, which acts as the link's recipient. The short links of SMS (`/s/{code}`,
 * short-link.ts) show the same pages.
 *
 * Whether a link may act is decided when it is used, GET and POST alike (notify/inbound/identify.ts
 * `linkActor`): the person it was made for must still be enabled, still own the address it went to, and
 * still be allowed to respond to the incident's team. A link is single-purpose: one action on one incident
 * for one person; it acts at most once, since an incident it acknowledged or resolved never goes back to a
 * state where the same action does something again.
 *
 * Answers are HTML for a person in a browser: 200 for the page and for an action done or already done
 * ("already acknowledged by Ana"), 401 for a tampered, expired or wrong-action link, 403 for a link whose
 * person may no longer act, 404 for an incident that is gone, 412 when the incident's state does not allow
 * the action.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Runtime } from '../../kernel/index.ts';
import { escapeHtml, htmlPage } from '../../http/index.ts';
import { verifyLink, type LinkClaims, type RespondLinkAction as LinkAction } from '../../auth/index.ts';
import { getIncident, describeOutcome, respondToIncident, incidentTeam } from '../../incident/index.ts';
import { linkActor } from '../inbound/identify.ts';
import { AppError } from '../../lib/index.ts';

const esc = escapeHtml;

/** What a link does, whoever minted it (a signed token or a short link). */
export interface LinkTarget {
  action: LinkAction;
  incidentId: number;
  recipient: string;
  /** The person the page was for, or null (a channel, an address of nobody, a link from before it was kept). */
  userId: number | null;
  /** Medium for the timeline, e.g. `email link`, `SMS link`. */
  via: string;
}

const VERB: Record<LinkAction, { cap: string; past: string }> = {
  ack: { cap: 'Acknowledge', past: 'Acknowledged' },
  resolve: { cap: 'Resolve', past: 'Resolved' },
};

/** Whether an incident in `status` can still take `action` (else the page says it is already done). */
const actionable = (action: LinkAction, status: string) =>
  action === 'ack' ? status === 'triggered' : ['triggered', 'acknowledged', 'mitigated'].includes(status);

/** Sends an error page: `status` and a sentence. */
export function sendLinkError(reply: FastifyReply, status: number, title: string, message: string) {
  return reply
    .code(status)
    .type('text/html')
    .header('cache-control', 'no-store')
    .send(htmlPage(title, `<h1>${esc(title)}</h1><p>${esc(message)}</p>`));
}

/** Maps a thrown error to its page (404 for a missing incident, 500 logged for anything unexpected). */
function sendFailure(rt: Runtime, reply: FastifyReply, e: unknown) {
  if (e instanceof AppError && e.code === 'NOT_FOUND')
    return sendLinkError(reply, 404, 'Incident not found', e.message);
  rt.log.error({ err: e }, 'acting from a link failed');
  return sendLinkError(reply, 500, 'Something went wrong', 'Nothing was changed. Try again, or open Faultline.');
}

/** The 403 page of a link whose person may not act (any more, or at all: a viewer told as leadership). */
const sendNotAllowed = (reply: FastifyReply, why: string) =>
  sendLinkError(
    reply,
    403,
    'This link cannot act',
    `${why}, so this link cannot act. Nothing was changed; open the incident in Faultline instead.`,
  );

/** The confirmation page of a link: the incident and a button that POSTs back to the same URL. */
export async function sendConfirmPage(rt: Runtime, reply: FastifyReply, t: LinkTarget) {
  try {
    const incident = await getIncident(rt, t.incidentId);
    const actor = await linkActor(rt.db, t, incident.team);
    if (!actor.ok) return sendNotAllowed(reply, actor.why);
    const holder = actor.by;
    const levels = Object.values(incident.levels).join(' ') || 'ungraded';
    const verb = VERB[t.action];
    return reply
      .type('text/html')
      .header('cache-control', 'no-store')
      .send(
        htmlPage(
          `${verb.cap} #${incident.id}`,
          `<h1>#${incident.id} ${esc(incident.title)}</h1><p>${esc(levels)} · ${esc(incident.status)} · ${esc(incident.service ?? 'unrouted')}</p>` +
            (actionable(t.action, incident.status)
              ? `<form method="post"><button type="submit">${verb.cap} as ${esc(holder.name)}</button></form>`
              : `<p>This incident is already ${esc(incident.status)}.</p>`) +
            `<p><a href="/incidents/${incident.id}">Open in Faultline</a></p>`,
        ),
      );
  } catch (e) {
    return sendFailure(rt, reply, e);
  }
}

/** Acts as the link's recipient and sends the result page (idempotent: a second POST says it is done). */
export async function sendActPage(rt: Runtime, reply: FastifyReply, t: LinkTarget) {
  try {
    const actor = await linkActor(rt.db, t, await incidentTeam(rt.db, t.incidentId));
    if (!actor.ok) return sendNotAllowed(reply, actor.why);
    const outcome = await respondToIncident(rt, {
      incidentId: t.incidentId,
      action: t.action,
      by: actor.by,
      via: t.via,
    });
    const title = outcome.kind === 'refused' ? `Not ${VERB[t.action].past.toLowerCase()}` : VERB[t.action].past;
    return reply
      .code(outcome.kind === 'refused' ? 412 : 200)
      .type('text/html')
      .header('cache-control', 'no-store')
      .send(
        htmlPage(
          title,
          `<h1>${esc(title)}</h1><p>${esc(describeOutcome(outcome))}</p><p><a href="/incidents/${outcome.incident.id}">Open in Faultline</a></p>`,
        ),
      );
  } catch (e) {
    return sendFailure(rt, reply, e);
  }
}

/** Registers `GET|POST /ack/{token}` and `GET|POST /resolve/{token}`. */
export function ackLinkRoutes(app: FastifyInstance, rt: Runtime): void {
  const target = (action: LinkAction, token: string): LinkTarget | null => {
    const claims: LinkClaims | null = verifyLink(token, rt.linkSecret, rt.clock.now());
    // A token is good for the action it was signed for only: an ack token pasted under /resolve/ does nothing.
    if (!claims || claims.action !== action) return null;
    return {
      action,
      incidentId: claims.incidentId,
      recipient: claims.recipient,
      userId: claims.uid ?? null,
      via: claims.via ?? 'email link',
    };
  };
  const invalid = (reply: FastifyReply) =>
    sendLinkError(
      reply,
      401,
      'Link not valid',
      'This link is invalid or has expired (links work for 7 days). Nothing was changed; open the incident in Faultline instead.',
    );
  for (const action of ['ack', 'resolve'] as const) {
    app.get<{ Params: { token: string } }>(`/${action}/:token`, { schema: { hide: true } }, async (req, reply) => {
      const t = target(action, req.params.token);
      return t ? sendConfirmPage(rt, reply, t) : invalid(reply);
    });
    app.post<{ Params: { token: string } }>(`/${action}/:token`, { schema: { hide: true } }, async (req, reply) => {
      const t = target(action, req.params.token);
      return t ? sendActPage(rt, reply, t) : invalid(reply);
    });
  }
}
