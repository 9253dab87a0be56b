/** The one outbound HTTP client and its address policy (docs/security.md, "Secrets and outbound calls"). */
export {
  createOutboundClient,
  OutboundError,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUT_MS,
  type OutboundClient,
  type OutboundErrorKind,
  type OutboundFetch,
  type OutboundInit,
  type OutboundOptions,
  type Resolve,
} from './client.ts';
export { addressRefusal, allowEntryProblem, allowsName, parseAllowList, type AllowList } from './policy.ts';
