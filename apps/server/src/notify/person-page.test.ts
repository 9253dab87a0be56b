import { describe, expect, it } from 'vitest';
import { channelOf, personKeyPrefix, prefixOfKey } from './person-page.ts';

describe('person notification keys', () => {
  it('every notification of one person for one page shares the prefix, whatever the step key holds', () => {
    const prefix = personKeyPrefix(42, 'initial:ppay.ments_1:s0:r2', 7);
    expect(prefix).toBe('42:initial:ppay.ments_1:s0:r2:u7:');
    for (const key of [`${prefix}email-3:0`, `${prefix}sms-19:1`, `${prefix}voice-20:after981`, `${prefix}email-3:f`])
      expect(prefixOfKey(key)).toBe(prefix);
    expect(prefixOfKey(`${personKeyPrefix(42, 'leadership-P1', 12)}chat-4:0`)).toBe('42:leadership-P1:u12:');
  });

  it('a bare-address or channel key has no person prefix', () => {
    expect(prefixOfKey('42:initial:ann@example.com:email')).toBeNull();
    expect(prefixOfKey('42:initial:ppayments:s1:r0:ops-chat:ops-chat')).toBeNull();
  });

  it('a chat method notifies through its channel id; other kinds name their kind', () => {
    expect(channelOf({ kind: 'chat', channelId: 'team-slack' })).toBe('team-slack');
    expect(channelOf({ kind: 'sms', channelId: null })).toBe('sms');
    expect(channelOf({ kind: 'email', channelId: null })).toBe('email');
  });
});
