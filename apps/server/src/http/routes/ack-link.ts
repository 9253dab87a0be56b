/**
 * Acknowledge from an email: `GET /ack/{token}` shows a confirmation page (mail scanners follow links, so a
 * GET never changes anything); its button POSTs to the same URL, which acknowledges as the recipient.
 */
import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../../runtime.ts';
import { verifyLink } from '../../auth/signed-link.ts';
import { acknowledgeIncident, getIncident } from '../../incident/incidents.ts';
import { AppError } from '../../lib/errors.ts';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
  `<title>${esc(title)} · Faultline</title><style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5}` +
  `button{font:inherit;background:#c92a2a;color:#fff;border:0;border-radius:6px;padding:.6rem 1.2rem;cursor:pointer}</style></head>` +
  `<body>${body}</body></html>`;

export function ackLinkRoutes(app: FastifyInstance, rt: Runtime): void {
  const claimsOf = (token: string) => {
    const claims = verifyLink(token, rt.linkSecret, rt.clock.now());
    if (!claims) throw new AppError('UNAUTHORIZED', 'this link is invalid or has expired');
    return claims;
  };
  const htmlError = (e: unknown) => (e instanceof AppError ? e.message : 'something went wrong');

  app.get<{ Params: { token: string } }>('/ack/:token', { schema: { hide: true } }, async (req, reply) => {
    try {
      const claims = claimsOf(req.params.token);
      const incident = await getIncident(rt, claims.incidentId);
      const levels = Object.values(incident.levels).join(' ') || 'ungraded';
      return reply
        .type('text/html')
        .send(
          page(
            `Acknowledge #${incident.id}`,
            `<h1>#${incident.id} ${esc(incident.title)}</h1><p>${esc(levels)} · ${esc(incident.status)} · ${esc(incident.service ?? 'unrouted')}</p>` +
              (incident.status === 'triggered'
                ? `<form method="post"><button type="submit">Acknowledge as ${esc(claims.recipient)}</button></form>`
                : `<p>This incident is already ${esc(incident.status)}.</p>`) +
              `<p><a href="/incidents/${incident.id}">Open in Faultline</a></p>`,
          ),
        );
    } catch (e) {
      return reply
        .code(e instanceof AppError && e.code === 'NOT_FOUND' ? 404 : 401)
        .type('text/html')
        .send(page('Link not valid', `<h1>Link not valid</h1><p>${esc(htmlError(e))}</p>`));
    }
  });

  app.post<{ Params: { token: string } }>('/ack/:token', { schema: { hide: true } }, async (req, reply) => {
    try {
      const claims = claimsOf(req.params.token);
      const incident = await acknowledgeIncident(rt, claims.incidentId, claims.recipient, 'email link');
      return reply
        .type('text/html')
        .send(
          page(
            'Acknowledged',
            `<h1>Acknowledged</h1><p>#${incident.id} ${esc(incident.title)} is ${esc(incident.status)}.</p><p><a href="/incidents/${incident.id}">Open in Faultline</a></p>`,
          ),
        );
    } catch (e) {
      return reply
        .code(e instanceof AppError && e.code === 'PRECONDITION_FAILED' ? 412 : 401)
        .type('text/html')
        .send(page('Not acknowledged', `<h1>Not acknowledged</h1><p>${esc(htmlError(e))}</p>`));
    }
  });
}
