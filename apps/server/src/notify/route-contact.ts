/**
 * Sending one message to one contact method (DESIGN §7 "Channels"), by its kind:
 *
 * - `email` → the SMTP provider (`rt.providers.email`);
 * - `sms` / `voice` → the phone channels the config's routing table (`phoneRouting.sms|voice`) names for the
 *   number's country (longest prefix), tried in order with failover (phone/routing.ts); without a table,
 *   every configured channel of that medium in config order;
 * - `chat` → the provider of the method's channel, addressed to the handle.
 *
 * Resolves with the channel that accepted the message; throws like a provider (`PermanentSendError` when
 * retrying cannot help, anything else is transient).
 */
import type { ChannelConfig } from './config.ts';
import type { LoadedConfig } from '../kernel/index.ts';
import type { ProviderRegistry } from './registry.ts';
import { PermanentSendError, type Message } from './provider.ts';
import { providerFactories } from './factories.ts';
import { routeNumber, sendWithFailover, type FailoverAttempt, type PhoneRoutingTable } from './phone/routing.ts';

export type ContactKind = 'email' | 'sms' | 'voice' | 'chat';

/** What routing needs of a contact method. */
export interface ContactAddress {
  kind: ContactKind;
  address: string;
  /** For `chat`: the configured channel id. */
  channelId: string | null;
}

export interface ContactSendResult {
  /** `smtp` for email, else the id of the channel that accepted it. */
  provider: string;
  providerMessageId: string | null;
  /** Phone channels that failed before the one that worked (failover), in order. */
  failedOver: FailoverAttempt[];
}

/** The phone medium of a channel type: `voice` for `*-voice` phone providers, `sms` for the other phone ones. */
export function phoneMedium(type: ChannelConfig['type']): 'sms' | 'voice' | null {
  if (providerFactories[type].address !== 'phone') return null;
  return type.endsWith('-voice') ? 'voice' : 'sms';
}

/**
 * The ordered phone channel ids for `number` and `medium`: the routing table's choice, or every configured
 * channel of the medium in config order when the config has no table for it.
 * @throws InvalidNumberError when `number` is not E.164
 */
export function phoneChannelsFor(cfg: LoadedConfig, medium: 'sms' | 'voice', number: string): string[] {
  const table: PhoneRoutingTable | undefined = cfg.config.phoneRouting?.[medium];
  if (table) return routeNumber(number, table);
  return cfg.config.channels.filter((c) => phoneMedium(c.type) === medium).map((c) => c.id);
}

/** Whether `channelId` is a configured channel a chat handle can be reached through (not a phone channel). */
export function isChatChannel(cfg: LoadedConfig, channelId: string): boolean {
  const ch = cfg.escalation.channels.get(channelId);
  return Boolean(ch && phoneMedium(ch.type) === null);
}

/**
 * Sends `message` to the contact method `to` through the providers in `providers` (see module comment).
 * @throws PermanentSendError when no provider is configured for a phone or chat method, or every phone
 *   channel failed permanently; the provider's error otherwise
 */
export async function sendToContact(
  cfg: LoadedConfig,
  providers: ProviderRegistry,
  to: ContactAddress,
  message: Message,
): Promise<ContactSendResult> {
  const get = (id: string) => (Object.hasOwn(providers, id) ? providers[id] : null);
  switch (to.kind) {
    case 'email': {
      const provider = providers.email;
      // Not permanent: the mail server may be configured by a reload, as for every other email.
      if (!provider)
        throw new Error('no email provider is configured (set smtp.url in the config or FAULTLINE_SMTP_URL)');
      const r = await provider.send(to.address, message);
      return { provider: 'smtp', providerMessageId: r.providerMessageId, failedOver: [] };
    }
    case 'sms':
    case 'voice': {
      const ids = phoneChannelsFor(cfg, to.kind, to.address);
      const list = ids.flatMap((id) => {
        const provider = get(id);
        return provider ? [{ id, provider }] : [];
      });
      const r = await sendWithFailover(to.address, message, list);
      return { provider: r.providerId, providerMessageId: r.providerMessageId, failedOver: r.attempts };
    }
    case 'chat': {
      const provider = to.channelId ? get(to.channelId) : null;
      if (!provider) throw new PermanentSendError(`chat channel ${to.channelId ?? '(none)'} is not configured`);
      const r = await provider.send(to.address, message);
      return { provider: to.channelId!, providerMessageId: r.providerMessageId, failedOver: [] };
    }
  }
}
