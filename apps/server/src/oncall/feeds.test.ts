import { describe, expect, it } from 'vitest';
import { signLink } from '../auth/signed-link.ts';
import { feedUrl, signFeedToken, verifyFeedToken } from './feeds.ts';

const SECRET = 'a'.repeat(64);

describe('feed tokens', () => {
  it('open only the feed they name, under the secret that signed them', () => {
    const token = signFeedToken({ kind: 'schedule', id: 'primary' }, SECRET);
    expect(verifyFeedToken(token, SECRET, { kind: 'schedule', id: 'primary' })).toBe(true);
    expect(verifyFeedToken(token, SECRET, { kind: 'schedule', id: 'other' })).toBe(false);
    expect(verifyFeedToken(token, SECRET, { kind: 'user', id: 'primary' })).toBe(false);
    expect(verifyFeedToken(token, 'b'.repeat(64), { kind: 'schedule', id: 'primary' })).toBe(false);
    expect(verifyFeedToken(`${token}.x`, SECRET, { kind: 'schedule', id: 'primary' })).toBe(false);
    expect(verifyFeedToken('garbage', SECRET, { kind: 'schedule', id: 'primary' })).toBe(false);
  });

  it('an acknowledge link signed with the same secret is not a feed token', () => {
    const ack = signLink({ action: 'ack', incidentId: 1, recipient: 'primary', exp: 4_000_000_000 }, SECRET);
    expect(verifyFeedToken(ack, SECRET, { kind: 'schedule', id: 'primary' })).toBe(false);
  });

  it('builds the subscription URL', () => {
    expect(feedUrl('https://fl.example.com', { kind: 'user', id: '7' }, SECRET)).toMatch(
      /^https:\/\/fl\.example\.com\/api\/v1\/users\/7\/ical\?token=[\w-]+\.[\w-]+$/,
    );
  });
});
