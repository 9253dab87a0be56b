import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signLink } from '../auth/signed-link.ts';
import { feedUrl, signFeedToken, verifyFeedToken } from './feeds.ts';

const SECRET = 'a'.repeat(64);
const PRIMARY = { kind: 'schedule', id: 'primary' } as const;

describe('feed tokens', () => {
  it('open only the feed they name, under the secret that signed them, and say which link they are', () => {
    const token = signFeedToken({ ...PRIMARY, link: 42 }, SECRET);
    expect(verifyFeedToken(token, SECRET, PRIMARY)).toBe(42);
    expect(verifyFeedToken(token, SECRET, { kind: 'schedule', id: 'other' })).toBeNull();
    expect(verifyFeedToken(token, SECRET, { kind: 'user', id: 'primary' })).toBeNull();
    expect(verifyFeedToken(token, 'b'.repeat(64), PRIMARY)).toBeNull();
    expect(verifyFeedToken(`${token}.x`, SECRET, PRIMARY)).toBeNull();
    expect(verifyFeedToken('garbage', SECRET, PRIMARY)).toBeNull();
  });

  it('a token without a link id (made before links had one) opens nothing, though its signature is right', () => {
    const payload = Buffer.from(JSON.stringify(PRIMARY)).toString('base64url');
    const key = createHmac('sha256', SECRET).update('ical-feed').digest();
    const legacy = `${payload}.${createHmac('sha256', key).update(payload).digest('base64url')}`;
    expect(verifyFeedToken(legacy, SECRET, PRIMARY)).toBeNull();
  });

  it('an acknowledge link signed with the same secret is not a feed token', () => {
    const ack = signLink({ action: 'ack', incidentId: 1, recipient: 'primary', exp: 4_000_000_000 }, SECRET);
    expect(verifyFeedToken(ack, SECRET, PRIMARY)).toBeNull();
  });

  it('builds the subscription URL', () => {
    expect(feedUrl('https://fl.example.com', { kind: 'user', id: '7', link: 3 }, SECRET)).toMatch(
      /^https:\/\/fl\.example\.com\/api\/v1\/users\/7\/ical\?token=[\w-]+\.[\w-]+$/,
    );
  });
});
