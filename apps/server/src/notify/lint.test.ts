import { describe, expect, it } from 'vitest';
import { FaultlineConfig } from '../config/schema.ts';
import { lintPhoneRouting } from './lint.ts';
import { phoneChannelsFor } from './route-contact.ts';
import { activateConfig } from '../config/active.ts';

const NOW = new Date('2026-11-21T12:00:00Z');
const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
const twilio = { accountSid: ACCOUNT, authToken: 't', from: '+14155550100' };
const base = {
  version: 1,
  channels: [
    { id: 'tw-sms', type: 'twilio-sms', config: twilio },
    { id: 'tw-sms-2', type: 'twilio-sms', config: twilio },
    { id: 'tw-voice', type: 'twilio-voice', config: twilio },
    { id: 'chat', type: 'slack-webhook', config: { url: 'https://hooks.slack.com/services/T0/B0/x' } },
  ],
};

describe('phone routing', () => {
  it('refuses unknown channels and channels of the other medium, by path', () => {
    const config = FaultlineConfig.parse({
      ...base,
      phoneRouting: {
        sms: { routes: [{ prefixes: ['+86'], providers: ['tw-sms', 'tw-voice'] }], default: ['nope'] },
        voice: { default: ['tw-voice', 'chat'] },
      },
    });
    expect(lintPhoneRouting(config).map((p) => p.path)).toEqual([
      'phoneRouting.sms.routes.0.providers.1',
      'phoneRouting.sms.default.0',
      'phoneRouting.voice.default.1',
    ]);
  });

  it('routes by the longest prefix; without a table, every channel of the medium in config order', () => {
    const routed = activateConfig(
      FaultlineConfig.parse({
        ...base,
        phoneRouting: { sms: { routes: [{ prefixes: ['+86'], providers: ['tw-sms-2'] }], default: ['tw-sms'] } },
      }),
      'test',
      NOW,
    );
    expect(phoneChannelsFor(routed, 'sms', '+8613800000000')).toEqual(['tw-sms-2']);
    expect(phoneChannelsFor(routed, 'sms', '+14155550123')).toEqual(['tw-sms']);
    expect(phoneChannelsFor(routed, 'voice', '+14155550123')).toEqual(['tw-voice']);
    const plain = activateConfig(FaultlineConfig.parse(base), 'test', NOW);
    expect(phoneChannelsFor(plain, 'sms', '+14155550123')).toEqual(['tw-sms', 'tw-sms-2']);
    expect(lintPhoneRouting(FaultlineConfig.parse(base))).toEqual([]);
  });
});
