/**
 * The public status page (issue 17 point 9): its pure core (component status from published updates, status
 * over time, daily uptime bars in a zone), its tables, the verb the response room posts public updates
 * through, the public routes and the config. The only public face of `statuspage/`.
 */
export * from './status.ts';
export * from './component-status.ts';
export * from './segments.ts';
export * from './uptime.ts';
export * from './config.ts';
export * from './view.ts';
export { atomFeed, xmlEscape } from './feed.ts';
export { lintStatusPage } from './lint.ts';
export { postPublicUpdate, type PublicPost } from './publish.ts';
export { readStatusPage, roomStatusPage } from './read.ts';
export { routes } from './routes.ts';
export { pageComponents, publicIncidents, publicUpdates, subscribers } from './tables.ts';
export { RESEND_MS, unsubscribeToken, verifyUnsubscribeToken } from './subscriptions.ts';
export { statusPageJobs } from './jobs.ts';
export { componentsBackToOperational } from './auto-resolve.ts';
