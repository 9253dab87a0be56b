import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from './sign.ts';

const SECRET = 'whsec-0123456789abcdef';
const NOW = new Date('2026-11-21T12:00:00Z');
const TS = String(NOW.getTime() / 1000);
const BODY = '{"version":1,"event":"notice"}';

describe('verifyWebhookSignature', () => {
  it('accepts the signature Faultline computed', () => {
    expect(verifyWebhookSignature(SECRET, TS, BODY, signWebhook(SECRET, TS, BODY), NOW)).toBe(true);
  });
  it('matches an independent HMAC of "<timestamp>.<body>"', async () => {
    const { createHmac } = await import('node:crypto');
    const expected = createHmac('sha256', SECRET).update(`${TS}.${BODY}`).digest('hex');
    expect(signWebhook(SECRET, TS, BODY)).toBe(`sha256=${expected}`);
  });
  it('refuses a wrong secret', () => {
    expect(verifyWebhookSignature('another-secret-value', TS, BODY, signWebhook(SECRET, TS, BODY), NOW)).toBe(false);
  });
  it('refuses a tampered body', () => {
    expect(
      verifyWebhookSignature(SECRET, TS, BODY.replace('notice', 'nOtice'), signWebhook(SECRET, TS, BODY), NOW),
    ).toBe(false);
  });
  it('refuses a signature moved to another timestamp', () => {
    const other = String(Number(TS) - 1);
    expect(verifyWebhookSignature(SECRET, other, BODY, signWebhook(SECRET, TS, BODY), NOW)).toBe(false);
  });
  it('refuses a stale or future timestamp outside the tolerance', () => {
    const old = String(Number(TS) - 301);
    expect(verifyWebhookSignature(SECRET, old, BODY, signWebhook(SECRET, old, BODY), NOW)).toBe(false);
    const edge = String(Number(TS) - 300);
    expect(verifyWebhookSignature(SECRET, edge, BODY, signWebhook(SECRET, edge, BODY), NOW)).toBe(true);
    const future = String(Number(TS) + 301);
    expect(verifyWebhookSignature(SECRET, future, BODY, signWebhook(SECRET, future, BODY), NOW)).toBe(false);
    expect(verifyWebhookSignature(SECRET, old, BODY, signWebhook(SECRET, old, BODY), NOW, 600)).toBe(true);
  });
  it('refuses malformed headers without throwing', () => {
    const sig = signWebhook(SECRET, TS, BODY);
    expect(verifyWebhookSignature(SECRET, TS, BODY, sig.slice(7), NOW)).toBe(false);
    expect(verifyWebhookSignature(SECRET, TS, BODY, `${sig}00`, NOW)).toBe(false);
    expect(verifyWebhookSignature(SECRET, TS, BODY, 'sha1=abc', NOW)).toBe(false);
    expect(verifyWebhookSignature(SECRET, 'yesterday', BODY, sig, NOW)).toBe(false);
    expect(verifyWebhookSignature(SECRET, '', BODY, '', NOW)).toBe(false);
  });
  it('round-trips sign → verify for any secret, body and in-window time (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.oneof(
          fc.string(),
          fc.uint8Array().map((b) => Buffer.from(b).toString('latin1')),
        ),
        fc.integer({ min: 1_000_000_000, max: 4_000_000_000 }),
        fc.integer({ min: -300, max: 300 }),
        (secret, body, ts, skew) => {
          const t = String(ts);
          const sig = signWebhook(secret, t, body);
          return verifyWebhookSignature(secret, t, body, sig, new Date((ts + skew) * 1000));
        },
      ),
    );
  });
  it('never verifies a body that differs from the signed one (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string(), fc.string(), (secret, a, b) => {
        fc.pre(a !== b);
        return !verifyWebhookSignature(secret, TS, b, signWebhook(secret, TS, a), NOW);
      }),
    );
  });
});
