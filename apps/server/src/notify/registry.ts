/**
 * Provider registry: channel id → provider. `email` (SMTP) is always a key (null when no mail server is
 * configured); every configured `channels[]` entry adds its id (notify/channels.ts builds them at config
 * activation). A notification's `channel` column names its key. Tests inject recording providers here,
 * for `email` or for a channel id, instead of branching on the environment.
 */
import type { Provider } from './provider.ts';

/** `email`, or the id of a configured channel. */
export type ChannelId = string;

export type ProviderRegistry = { email: Provider | null } & { [channel: ChannelId]: Provider | null };

declare module '../kernel/runtime.ts' {
  interface Runtime {
    /** The providers by channel id (rebuilt at every config activation; tests inject recording ones). */
    providers: ProviderRegistry;
  }
}
