/**
 * One factory for the webhook-style chat providers (robots and incoming webhooks that post to the URL in
 * their config and ignore the send address): DingTalk, Feishu / Lark, WeCom, Mattermost, Microsoft Teams,
 * Slack incoming webhooks and the signed generic webhook. A provider names its id, label, config schema and
 * secret fields, and says how one message is posted (its own payload formatting and error reading stay in
 * its folder); the factory builds the `ProviderFactory` and the `Provider` the same way for all of them.
 */
import type { z } from 'zod';
import type { Message, ProviderDeps, ProviderFactory, ProviderId, SendResult } from '../../provider.ts';

/** What a webhook-style provider declares. */
export interface WebhookProviderSpec<Config> {
  id: ProviderId;
  /** Human name for the settings form, e.g. "DingTalk robot". */
  label: string;
  configSchema: z.ZodType<Config>;
  /** Config fields that are secrets: redacted in API output and logs. */
  secretFields: readonly string[];
  /**
   * Posts one message. `now` is the injected clock's time at the start of the send (for signatures and
   * for the retry time of a rate-limited answer).
   * @throws the provider's send errors (TransientSendError, VendorRejectedError, PermanentSendError)
   */
  post(config: Config, message: Message, io: { fetch: ProviderDeps['fetch']; now: Date }): Promise<SendResult>;
}

/** The `ProviderFactory` of a webhook-style provider (address `none`: the recipient address is ignored). */
export function webhookProvider<Config>(spec: WebhookProviderSpec<Config>): ProviderFactory<Config> {
  return {
    id: spec.id,
    label: spec.label,
    address: 'none',
    configSchema: spec.configSchema,
    secretFields: spec.secretFields,
    create(config: Config, deps: ProviderDeps) {
      return {
        id: spec.id,
        configSchema: spec.configSchema,
        send: (_recipient: string, message: Message) =>
          spec.post(config, message, { fetch: deps.fetch, now: deps.clock.now() }),
      };
    },
  };
}
