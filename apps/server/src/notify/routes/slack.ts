/**
 * Slack interactivity: `POST /api/v1/slack/interactivity`, the Request URL of a Slack app's Interactivity
 * settings. Slack POSTs `application/x-www-form-urlencoded` with one field, `payload` (JSON), signed with the
 * app's Signing Secret (`X-Slack-Signature` v0, `X-Slack-Request-Timestamp`).
 *
 * 401 for a missing or wrong signature, or a timestamp more than 5 minutes away, checked against the
 * `signingSecret` of every configured `slack` channel, and for a request already received (the same timestamp
 * and signature within those 5 minutes: a replay, refused on every node through the database); then 200 with
 * an empty body at once (Slack shows an error unless it is answered within 3 seconds) and the click is handled
 * after the answer (notify/inbound/slack-click.ts), which updates the message through the payload's
 * `response_url` when that is on Slack.
 */
import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../../kernel/index.ts';
import { SlackConfig } from '../providers/slack/config.ts';
import { parseSlackInteraction, SLACK_TOLERANCE_S, verifySlackSignature } from '../providers/slack/index.ts';
import { firstUse } from '../../auth/index.ts';
import { handleSlackClick } from '../inbound/slack-click.ts';
import { AppError } from '../../lib/index.ts';
import { formText, withFormBodies } from '../../http/index.ts';

const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

/** The clicked message's blocks (`message.blocks` of the payload), or [] when the payload has none. */
function messageBlocks(raw: string): Array<Record<string, unknown>> {
  try {
    const payload = JSON.parse(new URLSearchParams(raw).get('payload') ?? '{}') as {
      message?: { blocks?: unknown };
    };
    const blocks = payload.message?.blocks;
    return Array.isArray(blocks)
      ? blocks.filter((b): b is Record<string, unknown> => !!b && typeof b === 'object')
      : [];
  } catch {
    return [];
  }
}

/** Registers `POST /api/v1/slack/interactivity`. */
export function slackRoutes(app: FastifyInstance, rt: Runtime): void {
  withFormBodies(app, (scope) => {
    scope.post(
      '/api/v1/slack/interactivity',
      {
        schema: {
          tags: ['channels'],
          security: [],
          summary: 'Slack button clicks (interactivity Request URL)',
          description:
            'Called by Slack, signed with the app’s Signing Secret. Acknowledges or resolves the incident (or checks ' +
            'in to / declines its response group, from the war room card) as the ' +
            'Slack user who clicked (matched by a verified chat contact method or by email) and updates the message ' +
            'through response_url. 401 for a bad signature, a timestamp older than 5 minutes, or a request already ' +
            'received (a replay).',
        },
      },
      async (req, reply) => {
        const raw = formText(req.body);
        const timestamp = header(req.headers['x-slack-request-timestamp']);
        const signature = header(req.headers['x-slack-signature']);
        const now = rt.clock.now();
        const channel = rt
          .config()
          .config.channels.filter((c) => c.type === 'slack')
          .map((c) => SlackConfig.safeParse(c.config))
          .flatMap((p) => (p.success ? [p.data] : []))
          .find((c) => c.signingSecret && verifySlackSignature(c.signingSecret, timestamp, raw, signature, now));
        if (!channel) {
          throw new AppError(
            'UNAUTHORIZED',
            'the Slack signature is missing, wrong or older than 5 minutes (or no slack channel has a signingSecret)',
          );
        }
        // The signature covers the timestamp, so the pair identifies the request; keep it as long as the
        // timestamp would pass the freshness check.
        const expiresAt = new Date((Number(timestamp) + SLACK_TOLERANCE_S) * 1000);
        if (!(await firstUse(rt.db, `slack:${timestamp}:${signature.trim().toLowerCase()}`, expiresAt, now))) {
          throw new AppError('UNAUTHORIZED', 'this Slack request was already received (a replay)');
        }
        const click = parseSlackInteraction(raw);
        // Other interactions (the "Open in Faultline" link button, shortcuts) need only the 200.
        if (click) setImmediate(() => void handleSlackClick(rt, channel, click, messageBlocks(raw)));
        return reply.code(200).send();
      },
    );
  });
}
