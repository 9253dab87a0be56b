/**
 * Per-country routing and failover for SMS and voice (DESIGN §7: "SMS and voice through providers with
 * failover"). A routing table maps number prefixes to an ordered list of phone channels; the longest matching
 * prefix wins, and a number no route matches uses `default`. Sending tries each channel in order and moves on
 * when one fails for a reason another channel may not share.
 */
import { z } from 'zod';
import { PermanentSendError, type Message, type Provider } from '../provider.ts';
import { assertE164 } from './e164.ts';
import { InvalidNumberError, TransientSendError, classifySendError } from './errors.ts';

/** A channel id: a configured phone provider instance, e.g. `aliyun-sms` or `twilio-sms-eu`. */
const ChannelRef = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'expected a channel id (lowercase letters, digits, ".", "_", "-")');

/** A number prefix: `+` then 1 to 15 digits, e.g. `+86`, `+1`, `+44`, `+1415`. */
const Prefix = z.string().regex(/^\+\d{1,15}$/, 'expected a number prefix such as +86 or +1415');

/**
 * zod schema of a routing table: `routes` (prefixes → channels, tried in the listed order) and `default`
 * (channels for numbers no route matches). A prefix may appear in one route only, and a route lists a channel
 * once.
 */
export const PhoneRoutingTable = z
  .object({
    routes: z
      .array(
        z
          .object({
            prefixes: z.array(Prefix).min(1),
            providers: z.array(ChannelRef).min(1),
          })
          .strict(),
      )
      .default([]),
    default: z.array(ChannelRef).default([]),
  })
  .strict()
  .superRefine((table, ctx) => {
    const seen = new Map<string, number>();
    table.routes.forEach((route, i) => {
      route.prefixes.forEach((prefix, j) => {
        const first = seen.get(prefix);
        if (first !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['routes', i, 'prefixes', j],
            message: `prefix ${prefix} is already routed by routes.${first}`,
          });
        } else seen.set(prefix, i);
      });
      route.providers.forEach((p, j) => {
        if (route.providers.indexOf(p) !== j) {
          ctx.addIssue({ code: 'custom', path: ['routes', i, 'providers', j], message: `${p} is listed twice` });
        }
      });
    });
    table.default.forEach((p, j) => {
      if (table.default.indexOf(p) !== j) {
        ctx.addIssue({ code: 'custom', path: ['default', j], message: `${p} is listed twice` });
      }
    });
  });
export type PhoneRoutingTable = z.infer<typeof PhoneRoutingTable>;

/** Routing for both phone media: SMS and voice calls usually go through different channels. */
export const PhoneRouting = z
  .object({
    sms: PhoneRoutingTable.optional(),
    voice: PhoneRoutingTable.optional(),
  })
  .strict();
export type PhoneRouting = z.infer<typeof PhoneRouting>;

/**
 * The ordered channel ids for `number` (E.164): the providers of the route with the longest prefix of the
 * number, or `table.default` when no prefix matches. Equal prefixes cannot occur (the schema refuses them).
 * Throws `InvalidNumberError` for a number that is not E.164.
 */
export function routeNumber(number: string, table: PhoneRoutingTable): string[] {
  assertE164(number);
  let best: { length: number; providers: string[] } | null = null;
  for (const route of table.routes) {
    for (const prefix of route.prefixes) {
      if (number.startsWith(prefix) && (!best || prefix.length > best.length)) {
        best = { length: prefix.length, providers: route.providers };
      }
    }
  }
  return [...(best ? best.providers : table.default)];
}

/** One failed try of one channel. */
export interface FailoverAttempt {
  providerId: string;
  /** The error's message. */
  error: string;
  kind: 'provider' | 'transient';
}

export interface FailoverResult {
  /** The channel that accepted the message. */
  providerId: string;
  providerMessageId: string | null;
  /** The channels that failed before it, in order. */
  attempts: FailoverAttempt[];
}

/** Every channel failed and at least one failure was transient: retry the whole send later. */
export class PhoneFailoverError extends TransientSendError {
  override name = 'PhoneFailoverError';
  readonly attempts: FailoverAttempt[];
  constructor(message: string, attempts: FailoverAttempt[], options?: ErrorOptions) {
    super(message, options);
    this.attempts = attempts;
  }
}

/** Every channel failed permanently (or none is routed): retrying will not help until the config changes. */
export class PhoneFailoverPermanentError extends PermanentSendError {
  override name = 'PhoneFailoverPermanentError';
  readonly attempts: FailoverAttempt[];
  constructor(message: string, attempts: FailoverAttempt[], options?: ErrorOptions) {
    super(message, options);
    this.attempts = attempts;
  }
}

/**
 * Sends `message` to `number` through `providers` in order (usually `routeNumber`'s list resolved to
 * instances). A channel that fails transiently or permanently for its own reasons (credentials, template,
 * country permission; see errors.ts) hands over to the next. A failure about the number itself
 * (`InvalidNumberError`) stops at once and is rethrown: another provider would refuse it too.
 *
 * Resolves with the channel that accepted it, its message id and the failed attempts before it. When all fail
 * it throws `PhoneFailoverError` (transient: retry later) if any attempt was transient, otherwise
 * `PhoneFailoverPermanentError`; both carry `attempts` and the last error as `cause`. Throws
 * `InvalidNumberError` before any attempt when `number` is not E.164, and `PhoneFailoverPermanentError`
 * when `providers` is empty.
 */
export async function sendWithFailover(
  number: string,
  message: Message,
  providers: ReadonlyArray<{ id: string; provider: Pick<Provider, 'send'> }>,
): Promise<FailoverResult> {
  assertE164(number);
  if (providers.length === 0) {
    throw new PhoneFailoverPermanentError(`no phone channel is routed for ${number}`, []);
  }
  const attempts: FailoverAttempt[] = [];
  let last: unknown;
  for (const { id, provider } of providers) {
    try {
      const result = await provider.send(number, message);
      return { providerId: id, providerMessageId: result.providerMessageId, attempts };
    } catch (e) {
      const kind = classifySendError(e);
      if (kind === 'number') throw e as InvalidNumberError;
      attempts.push({ providerId: id, error: e instanceof Error ? e.message : String(e), kind });
      last = e;
    }
  }
  const summary = attempts.map((a) => `${a.providerId}: ${a.error}`).join('; ');
  const text = `all ${attempts.length} phone channel(s) failed for ${number}: ${summary}`;
  if (attempts.some((a) => a.kind === 'transient')) throw new PhoneFailoverError(text, attempts, { cause: last });
  throw new PhoneFailoverPermanentError(text, attempts, { cause: last });
}
