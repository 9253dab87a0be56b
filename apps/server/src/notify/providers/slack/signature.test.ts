import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signSlackRequest, verifySlackSignature } from './signature.ts';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TS = '1531420618';
const NOW = new Date(Number(TS) * 1000 + 60_000);
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';

describe('verifySlackSignature', () => {
  it('computes v0=HMAC-SHA256(secret, "v0:<ts>:<body>") as an independent HMAC does', () => {
    const expected = `v0=${createHmac('sha256', SECRET).update(`v0:${TS}:${BODY}`).digest('hex')}`;
    expect(signSlackRequest(SECRET, TS, BODY)).toBe(expected);
    expect(verifySlackSignature(SECRET, TS, BODY, expected, NOW)).toBe(true);
  });
  it('refuses a wrong signing secret', () => {
    expect(verifySlackSignature('another-signing-secret', TS, BODY, signSlackRequest(SECRET, TS, BODY), NOW)).toBe(
      false,
    );
  });
  it('refuses a tampered body', () => {
    expect(verifySlackSignature(SECRET, TS, `${BODY}&x=1`, signSlackRequest(SECRET, TS, BODY), NOW)).toBe(false);
  });
  it('refuses a timestamp more than five minutes away', () => {
    const sig = signSlackRequest(SECRET, TS, BODY);
    expect(verifySlackSignature(SECRET, TS, BODY, sig, new Date(Number(TS) * 1000 + 300_000))).toBe(true);
    expect(verifySlackSignature(SECRET, TS, BODY, sig, new Date(Number(TS) * 1000 + 301_000))).toBe(false);
    expect(verifySlackSignature(SECRET, TS, BODY, sig, new Date(Number(TS) * 1000 - 301_000))).toBe(false);
  });
  it('refuses malformed input without throwing', () => {
    const sig = signSlackRequest(SECRET, TS, BODY);
    expect(verifySlackSignature(SECRET, TS, BODY, sig.replace('v0=', 'v1='), NOW)).toBe(false);
    expect(verifySlackSignature(SECRET, TS, BODY, 'v0=zz', NOW)).toBe(false);
    expect(verifySlackSignature(SECRET, 'NaN', BODY, sig, NOW)).toBe(false);
    expect(verifySlackSignature(SECRET, '', '', '', NOW)).toBe(false);
  });
  it('round-trips sign → verify (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.string(),
        fc.integer({ min: 1_000_000_000, max: 4_000_000_000 }),
        fc.integer({ min: -300, max: 300 }),
        (secret, body, ts, skew) =>
          verifySlackSignature(
            secret,
            String(ts),
            body,
            signSlackRequest(secret, String(ts), body),
            new Date((ts + skew) * 1000),
          ),
      ),
    );
  });
});
