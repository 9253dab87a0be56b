import { describe, expect, it } from 'vitest';
import { clientKey } from './sign-in-limit.ts';

describe('clientKey', () => {
  it('an IPv4 client is its address, also when written as IPv4-mapped IPv6', () => {
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('IPv6 clients are grouped by their /64, however the address is written', () => {
    const key = clientKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd');
    expect(key).toBe('2001:db8:1:2::/64');
    expect(clientKey('2001:0db8:0001:0002:0000:0000:0000:0001')).toBe(key);
    expect(clientKey('2001:db8:1:2::1')).toBe(key);
    expect(clientKey('2001:db8:1:3::1')).not.toBe(key);
    expect(clientKey('::1')).toBe('::/64');
  });

  it('an unparsable address is used as it is', () => {
    expect(clientKey('unknown')).toBe('unknown');
  });
});
