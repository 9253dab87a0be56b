/**
 * Channel providers (DESIGN §7 "Channels"): one sender per configured `channels[]` entry, built from its
 * provider factory when a config is activated (start and reload), keyed by channel id.
 */
import type { ChannelConfig } from './config.ts';
import { providerFactories } from './factories.ts';
import type { Provider, ProviderDeps } from './provider.ts';

/**
 * Builds a provider per channel. The config is parsed again with the factory's schema (the config schema
 * already checked it, so this only applies defaults); a channel whose settings do not parse, or whose
 * factory throws, maps to null and its pages fail with "not configured" instead of stopping the server.
 * @returns channel id → provider (first declaration of an id wins)
 */
export function buildChannelProviders(
  channels: readonly ChannelConfig[],
  deps: ProviderDeps,
  onError: (channelId: string, error: unknown) => void = () => {},
): Record<string, Provider | null> {
  const out: Record<string, Provider | null> = {};
  for (const ch of channels) {
    if (Object.hasOwn(out, ch.id)) continue;
    const factory = providerFactories[ch.type];
    try {
      out[ch.id] = factory.create(factory.configSchema.parse(ch.config), deps);
    } catch (e) {
      onError(ch.id, e);
      out[ch.id] = null;
    }
  }
  return out;
}
