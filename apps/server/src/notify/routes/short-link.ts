/**
 * Short links of SMS pages: `GET /s/{code}` shows the same confirmation page as a signed link, and its
 * button `POST /s/{code}` acts (notify/links.ts mints the codes). An unknown or expired code is a 404 page:
 * a code is a bearer secret with no signature to check, so "not found" is all there is to say.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Runtime } from '../../kernel/index.ts';
import { findShortLink } from '../links.ts';
import { sendActPage, sendConfirmPage, sendLinkError, type LinkTarget } from './ack-link.ts';

/** Registers `GET|POST /s/{code}`. */
export function shortLinkRoutes(app: FastifyInstance, rt: Runtime): void {
  const target = async (code: string): Promise<LinkTarget | null> => {
    const link = await findShortLink(rt.db, code, rt.clock.now());
    return link ? { ...link, via: 'SMS link' } : null;
  };
  const invalid = (reply: FastifyReply) =>
    sendLinkError(
      reply,
      404,
      'Link not valid',
      'This link is unknown or has expired (links work for 7 days). Nothing was changed; open the incident in Faultline instead.',
    );
  app.get<{ Params: { code: string } }>('/s/:code', { schema: { hide: true } }, async (req, reply) => {
    const t = await target(req.params.code);
    return t ? sendConfirmPage(rt, reply, t) : invalid(reply);
  });
  app.post<{ Params: { code: string } }>('/s/:code', { schema: { hide: true } }, async (req, reply) => {
    const t = await target(req.params.code);
    return t ? sendActPage(rt, reply, t) : invalid(reply);
  });
}
