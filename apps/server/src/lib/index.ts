/**
 * Code with no Faultline concept: errors, the bus, the clock, time zones, redaction, the outbound HTTP client, the logger, stored overlays.
 *
 * The folder's only public face: other folders import from here (docs/architecture.md).
 */
export { Bus, parseBusNote } from './bus.ts';
export type { BusNote } from './bus.ts';
export { FakeClock, systemClock } from './clock.ts';
export type { Clock } from './clock.ts';
export { AppError, fieldsFromZod, validationError } from './errors.ts';
export { createLogger } from './logger.ts';
export {
  OutboundError,
  addressRefusal,
  allowEntryProblem,
  allowsName,
  createOutboundClient,
  parseAllowList,
} from './outbound/index.ts';
export type { AllowList, OutboundClient, OutboundFetch } from './outbound/index.ts';
export { createOverlay } from './overlay.ts';
export type { Overlay } from './overlay.ts';
export { redactJson, redactText, redactUrl, shortReason } from './redact.ts';
export {
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
  isValidTimeZone,
  isoWeekday,
  offsetAt,
  parseClock,
  parseLocalDateTime,
  toInstant,
  toLocal,
} from './time-zone.ts';
export { summariseError } from './error-summary.ts';
export { RepeatLimiter, isTransientError } from './error-summary.ts';
