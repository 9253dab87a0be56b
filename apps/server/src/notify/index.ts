/**
 * Notify (DESIGN §7): how people are reached — contact methods and rules, budgets and digests, providers, deliveries, acting from messages; the only writer of notifications.
 *
 * The folder's only public face: other folders import from here (docs/architecture.md).
 */
export { buildChannelProviders } from './channels.ts';
export { notifyConfig } from './config.ts';
export type { ChannelConfig } from './config.ts';
export { chatHandles, maskAddress, seedConfigContactMethods, seedProvenEmail } from './contact-methods.ts';
export { listDeliveries } from './deliveries.ts';
export { providerFactories } from './factories.ts';
export { notifyJobs } from './jobs.ts';
export { lintPhoneRouting } from './lint.ts';
export { notificationKey, sendPage } from './page.ts';
export type { PageRequest } from './page.ts';
export { findPeople, notificationPlanFor, pagePeople, prefixOfKey, unreachableNote } from './person-page.ts';
export type { Provider, ProviderDeps } from './provider.ts';
export { smtpProvider } from './providers/smtp/index.ts';
export type { ProviderRegistry } from './registry.ts';
export { routes } from './routes.ts';
export { contactMethods, notifications } from './tables.ts';
export { SETTLED_NOTIFICATIONS } from './retention.ts';
export { urgencyOf } from './urgency.ts';
export type { Urgency } from './urgency.ts';
export { pageAddress } from './page.ts';
export { onSlackCheckIn, type SlackCheckInHandler } from './inbound/slack-click.ts';
export { checkInButtons } from './providers/slack/render.ts';
export { phoneMedium } from './route-contact.ts';
export { DRILL_MARK, drillOf, drillParticipants, type KnownDrill } from './drill.ts';
export { signedCheckInUrl } from './links.ts';
