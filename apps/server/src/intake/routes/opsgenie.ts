/**
 * Opsgenie Alert API v2 compatibility (docs/intake.md): `POST /v2/alerts` and
 * `POST /v2/alerts/{identifier}/close|acknowledge|notes`, on the paths and with the bodies and answers of
 * Opsgenie (https://docs.opsgenie.com/docs/alert-api, https://docs.opsgenie.com/docs/response), so a tool
 * that pages Opsgenie pages Faultline by changing the host. The integration key is the `GenieKey` of the
 * `Authorization` header; it is checked before the body is read.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { rows } from '../../db/index.ts';
import type { Runtime } from '../../kernel/index.ts';
import { rawBody, STATUS, toAppError } from '../../http/index.ts';
import { AppError } from '../../lib/index.ts';
import type { IntakeBatcher } from '../batcher.ts';
import type { IntegrationConfig } from '../config.ts';
import { commitEvent, integrationFor } from '../accept.ts';
import {
  opsgenieAcceptedBody,
  opsgenieErrorBody,
  opsgenieIdentifier,
  parseOpsgenieAction,
  parseOpsgenieCreate,
  type OpsgenieAction,
} from '../sources/opsgenie.ts';

/** Request body limit of the Opsgenie door, bytes: well above Opsgenie's own field limits added up. */
const OPSGENIE_BODY_LIMIT = 512 * 1024;

/** What the Opsgenie door keeps on a request between its hooks and its handler. */
interface OpsgenieRequest {
  startedAt: number;
  requestId: string;
  integration?: IntegrationConfig;
}
const STATE = Symbol('opsgenie');
const stateOf = (req: FastifyRequest): OpsgenieRequest =>
  ((req as FastifyRequest & { [STATE]?: OpsgenieRequest })[STATE] ??= {
    startedAt: performance.now(),
    requestId: randomUUID(),
  });

/** A payload our parser refused: Opsgenie answers it 422, unlike a body that is not JSON (400). */
class Unprocessable extends Error {
  readonly refused: AppError;
  constructor(refused: AppError) {
    super(refused.message);
    this.refused = refused;
  }
}

/** The alert an action names does not exist (Opsgenie: "Alert does not exist"; answered 404 here). */
class AlertMissing extends Error {}

/** `GenieKey <key>` from the Authorization header (Opsgenie's scheme, case-insensitive), else undefined. */
export function genieKey(header: string | undefined): string | undefined {
  const m = /^GenieKey\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}

const parsing = <T>(parse: () => T): T => {
  try {
    return parse();
  } catch (e) {
    if (e instanceof AppError && e.code === 'VALIDATION') throw new Unprocessable(e);
    throw e;
  }
};

const ACTIONS: Array<{ action: OpsgenieAction; summary: string }> = [
  { action: 'close', summary: 'Opsgenie Close Alert compatible: resolves the alert' },
  { action: 'acknowledge', summary: 'Opsgenie Acknowledge Alert compatible: acknowledges its incident' },
  { action: 'notes', summary: 'Opsgenie Add Note compatible: the note goes on its incident timeline' },
];

/** Registers the Opsgenie door on `app`, in its own scope (its error bodies are Opsgenie's). */
export function opsgenieRoutes(app: FastifyInstance, rt: Runtime, batcher: IntakeBatcher): void {
  app.register(async (og) => {
    const took = (req: FastifyRequest) => Math.round(performance.now() - stateOf(req).startedAt) / 1000;

    og.addHook('onRequest', async (req, reply) => {
      const state = stateOf(req);
      reply.header('x-request-id', state.requestId);
      // Authenticate first: an unknown key learns nothing about the body's rules.
      state.integration = integrationFor(rt, genieKey(req.headers.authorization), 'opsgenie', 'Authorization');
    });

    og.setErrorHandler((err, req, reply) => {
      const { requestId } = stateOf(req);
      if (err instanceof Unprocessable) {
        const errors: Record<string, string> = {};
        for (const f of err.refused.fields ?? []) errors[f.path] ??= f.message;
        return reply
          .code(422)
          .send(
            opsgenieErrorBody(
              'Request body is not processable. Please check the errors.',
              took(req),
              requestId,
              errors,
            ),
          );
      }
      if (err instanceof AlertMissing)
        return reply.code(404).send(opsgenieErrorBody(err.message, took(req), requestId));
      const e = toAppError(err);
      if (e.code === 'INTERNAL') req.log.error({ err }, 'unhandled error');
      // Opsgenie: 401 "apiKey is invalid or integration is disabled"; a missing key is the same to a sender.
      const status = e.code === 'UNAUTHORIZED' || e.code === 'NOT_FOUND' ? 401 : STATUS[e.code];
      const message = status === 401 ? 'Could not authenticate' : e.message;
      return reply.code(status).send(opsgenieErrorBody(message, took(req), requestId));
    });

    const r = og.withTypeProvider<ZodTypeProvider>();
    const accept = async (req: FastifyRequest, signal: ReturnType<typeof parseOpsgenieCreate>, receivedAt: Date) => {
      const state = stateOf(req);
      await commitEvent(rt, batcher, state.integration!, rawBody(req), [signal], receivedAt);
      return opsgenieAcceptedBody(took(req), state.requestId);
    };

    r.post(
      '/v2/alerts',
      {
        bodyLimit: OPSGENIE_BODY_LIMIT,
        config: { keepsUnstorableText: true },
        schema: {
          tags: ['intake'],
          // The credential is an integration key (`Authorization: GenieKey <key>`), checked by the door itself.
          security: [],
          summary: 'Opsgenie Create Alert compatible (GenieKey = integration key)',
          description: 'Opsgenie Alert API v2 create; `alias` is the dedup key. See docs/intake.md.',
        },
      },
      async (req, reply) => {
        const receivedAt = rt.clock.now();
        const signal = parsing(() => parseOpsgenieCreate(req.body, receivedAt, () => randomUUID()));
        return reply.code(202).send(await accept(req, signal, receivedAt));
      },
    );

    for (const { action, summary } of ACTIONS) {
      r.post(
        `/v2/alerts/:identifier/${action}`,
        {
          bodyLimit: OPSGENIE_BODY_LIMIT,
          config: { keepsUnstorableText: true },
          schema: {
            tags: ['intake'],
            security: [],
            summary,
            description: "identifierType: alias (the create's alias), id or tiny (the Faultline alert id); default id.",
            params: z.object({ identifier: z.string() }),
            querystring: z.object({ identifierType: z.string().optional() }),
          },
        },
        async (req, reply) => {
          const receivedAt = rt.clock.now();
          const integration = stateOf(req).integration!;
          const id = parsing(() => opsgenieIdentifier(req.params.identifier, req.query.identifierType));
          const dedupKey = id.type === 'alias' ? id.alias : await aliasOf(rt, integration, id.alertId);
          const signal = parsing(() => parseOpsgenieAction(action, dedupKey, req.body, receivedAt));
          return reply.code(202).send(await accept(req, signal, receivedAt));
        },
      );
    }
  });
}

/**
 * The alias (source dedup key) of the integration's alert with Faultline id `alertId`.
 * @throws AlertMissing when the integration has no such alert
 */
async function aliasOf(rt: Runtime, integration: IntegrationConfig, alertId: number): Promise<string> {
  const found = await rows<{ dedup_key: string }>(
    rt.db,
    sql`select dedup_key from alerts where id = ${alertId} and integration = ${integration.key}`,
  );
  const key = found[0]?.dedup_key;
  if (key === undefined) throw new AlertMissing('Alert does not exist');
  return key.slice(integration.key.length + 1);
}
