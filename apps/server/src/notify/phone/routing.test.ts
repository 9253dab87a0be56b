import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PermanentSendError, type Provider } from '../provider.ts';
import { InvalidNumberError, TransientSendError, classifySendError } from './errors.ts';
import { isE164 } from './e164.ts';
import {
  PhoneFailoverError,
  PhoneFailoverPermanentError,
  PhoneRoutingTable,
  routeNumber,
  sendWithFailover,
} from './routing.ts';
import { samplePage } from '../../../../../test/support/vendor-stub.ts';

const table = PhoneRoutingTable.parse({
  routes: [
    { prefixes: ['+86'], providers: ['aliyun-sms', 'twilio-sms'] },
    { prefixes: ['+852', '+853'], providers: ['twilio-sms'] },
    { prefixes: ['+1'], providers: ['twilio-sms', 'http-sms'] },
    { prefixes: ['+1415'], providers: ['http-sms'] },
  ],
  default: ['twilio-sms', 'http-sms'],
});

describe('routeNumber', () => {
  it('routes by the longest matching prefix', () => {
    expect(routeNumber('+8613800138000', table)).toEqual(['aliyun-sms', 'twilio-sms']);
    expect(routeNumber('+85291234567', table)).toEqual(['twilio-sms']);
    expect(routeNumber('+12125550100', table)).toEqual(['twilio-sms', 'http-sms']);
    expect(routeNumber('+14155550100', table)).toEqual(['http-sms']);
  });

  it('uses the default for a number no route matches', () => {
    expect(routeNumber('+447700900123', table)).toEqual(['twilio-sms', 'http-sms']);
    expect(routeNumber('+85012345678', table)).toEqual(['twilio-sms', 'http-sms']);
  });

  it('returns a copy the caller may change', () => {
    routeNumber('+8613800138000', table).push('x');
    expect(routeNumber('+8613800138000', table)).toEqual(['aliyun-sms', 'twilio-sms']);
  });

  it('refuses a number that is not E.164', () => {
    for (const bad of ['13800138000', '+0123456789', '+86 138 0013 8000', '', '+1234']) {
      expect(() => routeNumber(bad, table)).toThrow(InvalidNumberError);
    }
  });
});

describe('routing table schema', () => {
  it('defaults to no routes and no default', () => {
    expect(PhoneRoutingTable.parse({})).toEqual({ routes: [], default: [] });
  });

  it('refuses a prefix routed twice, a channel listed twice, bad prefixes and unknown keys', () => {
    const r = PhoneRoutingTable.safeParse({
      routes: [
        { prefixes: ['+86'], providers: ['a', 'a'] },
        { prefixes: ['86', '+86'], providers: ['b'] },
      ],
      default: ['c', 'c'],
      extra: 1,
    });
    expect(r.success).toBe(false);
    const issues = r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues.some((i) => i.startsWith('routes.1.prefixes.0'))).toBe(true);
    expect(issues.some((i) => i.includes('unrecognized') || i.includes('extra'))).toBe(true);
    const refined = PhoneRoutingTable.safeParse({
      routes: [
        { prefixes: ['+86'], providers: ['a', 'a'] },
        { prefixes: ['+86'], providers: ['b'] },
      ],
      default: ['c', 'c'],
    });
    expect(refined.error!.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'default.1',
      'routes.0.providers.1',
      'routes.1.prefixes.0',
    ]);
  });
});

type Script = 'ok' | 'transient' | 'provider' | 'number';
function scripted(id: string, outcome: Script, calls: string[]): { id: string; provider: Pick<Provider, 'send'> } {
  return {
    id,
    provider: {
      async send(recipient) {
        calls.push(`${id}:${recipient}`);
        if (outcome === 'ok') return { providerMessageId: `${id}-msg` };
        if (outcome === 'transient') throw new TransientSendError(`${id} timed out`);
        if (outcome === 'provider') throw new PermanentSendError(`${id} bad credentials`);
        throw new InvalidNumberError(`${id}: invalid number`);
      },
    },
  };
}

describe('sendWithFailover', () => {
  const number = '+8613800138000';

  it('sends through the first channel that accepts, recording the failures before it', async () => {
    const calls: string[] = [];
    const result = await sendWithFailover(number, samplePage(), [
      scripted('aliyun-sms', 'transient', calls),
      scripted('twilio-sms', 'provider', calls),
      scripted('http-sms', 'ok', calls),
    ]);
    expect(calls).toEqual([`aliyun-sms:${number}`, `twilio-sms:${number}`, `http-sms:${number}`]);
    expect(result).toEqual({
      providerId: 'http-sms',
      providerMessageId: 'http-sms-msg',
      attempts: [
        { providerId: 'aliyun-sms', error: 'aliyun-sms timed out', kind: 'transient' },
        { providerId: 'twilio-sms', error: 'twilio-sms bad credentials', kind: 'provider' },
      ],
    });
  });

  it('does not try later channels once one accepts', async () => {
    const calls: string[] = [];
    const result = await sendWithFailover(number, samplePage(), [
      scripted('a', 'ok', calls),
      scripted('b', 'ok', calls),
    ]);
    expect(result.providerId).toBe('a');
    expect(calls).toEqual([`a:${number}`]);
  });

  it('stops at an error about the number itself', async () => {
    const calls: string[] = [];
    const err = await sendWithFailover(number, samplePage(), [
      scripted('a', 'transient', calls),
      scripted('b', 'number', calls),
      scripted('c', 'ok', calls),
    ]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidNumberError);
    expect(err).toBeInstanceOf(PermanentSendError);
    expect(calls).toEqual([`a:${number}`, `b:${number}`]);
  });

  it('refuses a malformed number before trying any channel', async () => {
    const calls: string[] = [];
    await expect(sendWithFailover('13800138000', samplePage(), [scripted('a', 'ok', calls)])).rejects.toThrow(
      InvalidNumberError,
    );
    expect(calls).toEqual([]);
  });

  it('fails transiently when all fail and any failure was transient', async () => {
    const calls: string[] = [];
    const err = (await sendWithFailover(number, samplePage(), [
      scripted('a', 'provider', calls),
      scripted('b', 'transient', calls),
      scripted('c', 'provider', calls),
    ]).catch((e: unknown) => e)) as PhoneFailoverError;
    expect(err).toBeInstanceOf(PhoneFailoverError);
    expect(err).toBeInstanceOf(TransientSendError);
    expect(err).not.toBeInstanceOf(PermanentSendError);
    expect(classifySendError(err)).toBe('transient');
    expect(err.attempts.map((a) => a.providerId)).toEqual(['a', 'b', 'c']);
    expect(err.message).toContain('a: a bad credentials; b: b timed out; c: c bad credentials');
    expect((err.cause as Error).message).toBe('c bad credentials');
  });

  it('fails permanently when every channel failed permanently', async () => {
    const err = (await sendWithFailover(number, samplePage(), [
      scripted('a', 'provider', []),
      scripted('b', 'provider', []),
    ]).catch((e: unknown) => e)) as PhoneFailoverPermanentError;
    expect(err).toBeInstanceOf(PhoneFailoverPermanentError);
    expect(err).toBeInstanceOf(PermanentSendError);
    expect(classifySendError(err)).toBe('provider');
    expect(err.attempts).toHaveLength(2);
  });

  it('fails permanently when no channel is routed', async () => {
    await expect(sendWithFailover(number, samplePage(), [])).rejects.toThrow(PhoneFailoverPermanentError);
  });

  it('treats an unknown error (a bug, a thrown string) as transient', async () => {
    const err = await sendWithFailover(number, samplePage(), [
      { id: 'x', provider: { send: () => Promise.reject(new Error('socket hang up')) } },
    ]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PhoneFailoverError);
  });
});

describe('properties', () => {
  const channel = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
  const tableArb = fc
    .record({
      routes: fc.array(
        fc.record({
          prefixes: fc.uniqueArray(fc.stringMatching(/^\+[1-9]\d{0,3}$/), { minLength: 1, maxLength: 3 }),
          providers: fc.uniqueArray(channel, { minLength: 1, maxLength: 3 }),
        }),
        { maxLength: 6 },
      ),
      default: fc.uniqueArray(channel, { maxLength: 3 }),
    })
    .map((t) => {
      // Keep each prefix in one route only, as the schema requires.
      const seen = new Set<string>();
      const routes = t.routes
        .map((r) => ({ ...r, prefixes: r.prefixes.filter((p) => !seen.has(p) && (seen.add(p), true)) }))
        .filter((r) => r.prefixes.length > 0);
      return PhoneRoutingTable.parse({ routes, default: t.default });
    });
  const numberArb = fc.stringMatching(/^\+[1-9]\d{6,14}$/);

  it('routing always returns the providers of one route of the table, or the default', () => {
    fc.assert(
      fc.property(tableArb, numberArb, (t, number) => {
        expect(isE164(number)).toBe(true);
        const got = routeNumber(number, t);
        const candidates = [t.default, ...t.routes.map((r) => r.providers)];
        expect(candidates.some((c) => JSON.stringify(c) === JSON.stringify(got))).toBe(true);
        const matching = t.routes.flatMap((r) => r.prefixes.filter((p) => number.startsWith(p)).map((p) => ({ p, r })));
        if (matching.length === 0) expect(got).toEqual(t.default);
        else {
          const longest = Math.max(...matching.map((m) => m.p.length));
          expect(matching.filter((m) => m.p.length === longest).map((m) => m.r.providers)).toContainEqual(got);
        }
      }),
      { numRuns: 500 },
    );
  });
});
