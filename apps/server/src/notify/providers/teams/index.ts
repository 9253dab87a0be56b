/**
 * Microsoft Teams through a Workflows (Power Automate) webhook (`teams`): POST the Adaptive Card message
 * envelope (render.ts) to the workflow's URL, per "Create and send messages"
 * (https://learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using) and
 * the "When a Teams webhook request is received" trigger. The trigger answers `202 Accepted` (legacy connectors answered `200`); the run id, when the answer carries
 * `x-ms-workflow-run-id`, becomes the provider message id. 4xx answers (bad card, workflow deleted or
 * turned off, signature in the URL invalid) are final; 429 and 5xx are retried.
 */
import { webhookProvider } from '../shared/webhook-factory.ts';
import {
  TransientSendError,
  VendorRejectedError,
  httpStatusError,
  isOk,
  postJson,
  type HttpReply,
} from '../shared/http.ts';
import { TeamsConfig } from './config.ts';
import { renderTeams } from './render.ts';

export { TeamsConfig };

const VENDOR = 'Teams workflow';

export const factory = webhookProvider<TeamsConfig>({
  id: 'teams',
  label: 'Microsoft Teams (Workflows webhook)',
  configSchema: TeamsConfig,
  secretFields: ['url'],
  async post(config, message, { fetch, now }) {
    const reply = await postJson(fetch, config.url, renderTeams(message), { vendor: VENDOR });
    if (!isOk(reply)) throw httpStatusError(reply, VENDOR, now, workflowError(reply));
    legacyConnectorFailure(reply);
    return { providerMessageId: reply.headers.get('x-ms-workflow-run-id') };
  },
});

/** `code: message` from a Power Automate error body `{error: {code, message}}`, when present. */
function workflowError(reply: HttpReply): string | undefined {
  const e = (reply.json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  if (!e || typeof e.code !== 'string') return undefined;
  return typeof e.message === 'string' ? `${e.code}: ${e.message}` : e.code;
}

/**
 * Office 365 connector URLs (retired, still found in old configs) answered HTTP 200 with a text body such as
 * `Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error 429 …`.
 */
function legacyConnectorFailure(reply: HttpReply): void {
  const m = /delivery failed with error: .*?HTTP error (\d{3})/i.exec(reply.text);
  if (!m) return;
  const status = Number(m[1]);
  const message = `${VENDOR}: the connector reported delivery failed with HTTP ${status}`;
  if (status === 429 || status >= 500) throw new TransientSendError(message, { code: status });
  throw new VendorRejectedError(message, status);
}
