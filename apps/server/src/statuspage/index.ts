/**
 * The public status page's pure core: component status from published updates, status over time, and
 * daily uptime bars in the page's zone. The only public face of `statuspage/`.
 */
export * from './status.ts';
export * from './component-status.ts';
export * from './segments.ts';
export * from './uptime.ts';
export * from './config.ts';
