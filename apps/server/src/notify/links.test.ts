import { describe, expect, it } from 'vitest';
import { mediumOf, randomCode, SHORT_CODE_LENGTH, signedActionLinks } from './links.ts';
import { verifyLink } from '../auth/signed-link.ts';
import { renderSms } from './phone/sms-text.ts';
import { samplePage } from '../../../../test/support/vendor-stub.ts';

describe('randomCode', () => {
  it('is base62 of the set length, and does not repeat', () => {
    const codes = Array.from({ length: 2000 }, () => randomCode());
    for (const c of codes) expect(c).toMatch(new RegExp(`^[0-9A-Za-z]{${SHORT_CODE_LENGTH}}$`));
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('uses every base62 character', () => {
    const seen = new Set(Array.from({ length: 400 }, () => randomCode()).join(''));
    expect(seen.size).toBe(62);
  });
});

describe('signedActionLinks', () => {
  const rt = { publicUrl: 'https://faultline.example.com', linkSecret: 'secret' };
  const now = new Date('2026-11-21T12:00:00Z');

  it('signs an ack and a resolve token for the recipient, valid 7 days, each only for its action', () => {
    const { ackUrl, resolveUrl } = signedActionLinks(rt, {
      incidentId: 42,
      recipient: 'ana@example.com',
      now,
      via: 'email link',
    });
    const ack = verifyLink(ackUrl.split('/ack/')[1]!, 'secret', now);
    const resolve = verifyLink(resolveUrl.split('/resolve/')[1]!, 'secret', now);
    expect(ack).toMatchObject({ action: 'ack', incidentId: 42, recipient: 'ana@example.com', via: 'email link' });
    expect(resolve).toMatchObject({ action: 'resolve', incidentId: 42 });
    expect(ack!.exp - now.getTime() / 1000).toBe(7 * 24 * 3600);
    expect(
      verifyLink(ackUrl.split('/ack/')[1]!, 'secret', new Date(now.getTime() + 7 * 24 * 3600_000 + 1000)),
    ).toBeNull();
    expect(verifyLink(ackUrl.split('/ack/')[1]!, 'other secret', now)).toBeNull();
  });
});

describe('a short link in an SMS', () => {
  it('fits one 160-character SMS with the title, where a signed link would not', () => {
    const short = 'https://faultline.example.com/s/Ab3dE6gH9k';
    const text = renderSms(samplePage({ ackUrl: short }), { maxSegments: 1, replies: false });
    expect(text).toContain(short);
    expect(text.length).toBeLessThanOrEqual(160);
    const signed = signedActionLinks(
      { publicUrl: 'https://faultline.example.com', linkSecret: 's' },
      { incidentId: 42, recipient: '+14155550123', now: new Date('2026-11-21T12:00:00Z') },
    ).ackUrl;
    expect(renderSms(samplePage({ ackUrl: signed }), { maxSegments: 1, replies: false })).not.toContain(signed);
  });
});

describe('mediumOf', () => {
  it('names providers and contact method kinds as the timeline says them', () => {
    expect(
      ['email', 'smtp', 'slack', 'slack-webhook', 'twilio-sms', 'sms', 'twilio-voice', 'voice'].map(mediumOf),
    ).toEqual(['email', 'email', 'Slack', 'Slack', 'SMS', 'SMS', 'phone call', 'phone call']);
    expect(mediumOf('toString')).toBe('toString');
  });
});
