/**
 * Provider registry: channel id → provider. A typed record, so a channel without a provider does not
 * compile. Tests inject a recording provider here instead of branching on the environment.
 */
import type { Provider } from './provider.ts';

export type ChannelId = 'email';

export type ProviderRegistry = { [K in ChannelId]: Provider | null };
