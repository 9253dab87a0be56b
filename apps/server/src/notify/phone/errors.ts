/**
 * How a phone send failed, in three kinds, because failover (routing.ts) treats them differently:
 *
 * - **number**: the recipient's number is wrong (not E.164, not a mobile, opted out). Another provider would
 *   fail the same way, so failover stops and the failure is permanent. `InvalidNumberError`.
 * - **provider**: this provider cannot send it and retrying will not help (bad credentials, unapproved
 *   template, no permission for the destination country). The next provider may succeed.
 *   Any other `PermanentSendError`.
 * - **transient**: a timeout, a 5xx, throttling. Retrying later, or another provider now, may succeed.
 *   Any other error; providers throw `TransientSendError` so the message says so.
 */
import { OutboundError } from '../../lib/index.ts';
import { PermanentSendError, TransientSendError } from '../provider.ts';

/** The recipient's phone number itself is the problem; no provider will get through. */
export class InvalidNumberError extends PermanentSendError {
  override name = 'InvalidNumberError';
}

export { TransientSendError };

export type SendErrorKind = 'number' | 'provider' | 'transient';

/** Classifies an error thrown by a provider's `send()` into the three kinds above. */
export function classifySendError(e: unknown): SendErrorKind {
  if (e instanceof InvalidNumberError) return 'number';
  if (e instanceof PermanentSendError) return 'provider';
  return 'transient';
}

/**
 * Wraps an error thrown by the outbound client (connection refused, DNS, the timeout) as transient, with the
 * provider id in the message; an address the outbound guard refuses is a provider failure (`PermanentSendError`:
 * failover moves on, and only a config change helps).
 */
export function networkError(providerId: string, e: unknown): TransientSendError | PermanentSendError {
  if (e instanceof OutboundError && e.kind === 'refused') return new PermanentSendError(`${providerId}: ${e.message}`);
  const err = e as { name?: string; message?: string; cause?: { code?: string }; kind?: string; code?: string | null };
  const what =
    err?.name === 'TimeoutError' || err?.name === 'AbortError' || err?.kind === 'timeout'
      ? 'timed out'
      : `failed: ${err?.code ?? err?.cause?.code ?? err?.message ?? String(e)}`;
  return new TransientSendError(`${providerId}: request ${what}`, { cause: e });
}
