import { describe, expect, it } from 'vitest';
import { addressRefusal, allowEntryProblem, allowsName, parseAllowList } from './policy.ts';

const none = parseAllowList([]);

describe('addressRefusal without an allow list', () => {
  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['127.8.9.10', 'a loopback address'],
    ['::1', 'a loopback address'],
    ['[::1]', 'a loopback address'],
    ['10.0.0.5', 'a private address'],
    ['172.16.0.1', 'a private address'],
    ['172.31.255.255', 'a private address'],
    ['192.168.1.1', 'a private address'],
    ['169.254.169.254', 'the cloud metadata address'],
    ['169.254.1.1', 'a link-local address'],
    ['fe80::1', 'a link-local address'],
    ['fd00:ec2::254', 'the cloud metadata address'],
    ['fd12:3456::1', 'a unique-local address'],
    ['fc00::1', 'a unique-local address'],
    ['100.100.100.200', 'the cloud metadata address'],
    ['100.64.0.1', 'a carrier-grade NAT address'],
    ['0.0.0.0', 'the unspecified address'],
    ['::', 'the unspecified address'],
    ['224.0.0.1', 'a multicast address'],
    ['ff02::1', 'a multicast address'],
    ['255.255.255.255', 'the broadcast address'],
    ['192.0.0.192', 'the cloud metadata address'],
    ['198.51.100.7', 'a reserved address'],
    ['::ffff:127.0.0.1', 'a loopback address'],
    ['::ffff:10.1.2.3', 'a private address'],
    ['::ffff:169.254.169.254', 'the cloud metadata address'],
    ['64:ff9b::a9fe:a9fe', 'the cloud metadata address'],
    ['64:ff9b::7f00:1', 'a loopback address'],
    ['2002:7f00:1::1', 'a special-purpose address (6to4)'],
    ['localhost', 'not an IP address'],
    ['0x7f.1', 'not an IP address'],
  ])('refuses %s as %s', (ip, what) => {
    expect(addressRefusal(none, ip)).toBe(what);
  });

  it.each([
    '1.1.1.1',
    '8.8.8.8',
    '93.184.216.34',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700:4700::1111',
    '2001:4860::8888',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
  ])('allows the public address %s', (ip) => {
    expect(addressRefusal(none, ip)).toBeNull();
  });
});

describe('the allow list', () => {
  const list = parseAllowList([
    '127.0.0.1',
    '10.20.0.0/16',
    'fd00::/8',
    'hooks.internal',
    '*.corp.example',
    'Prometheus.Local.',
  ]);
  it('allows listed addresses and ranges, and nothing next to them', () => {
    expect(addressRefusal(list, '127.0.0.1')).toBeNull();
    expect(addressRefusal(list, '127.0.0.2')).toBe('a loopback address');
    expect(addressRefusal(list, '10.20.3.4')).toBeNull();
    expect(addressRefusal(list, '10.21.0.1')).toBe('a private address');
    expect(addressRefusal(list, 'fd12::1')).toBeNull();
    expect(addressRefusal(list, '::ffff:127.0.0.1')).toBeNull();
    expect(addressRefusal(list, '::1')).toBe('a loopback address');
  });
  it('allows listed names, wildcards below a domain, case and trailing dots aside', () => {
    expect(allowsName(list, 'hooks.internal')).toBe(true);
    expect(allowsName(list, 'HOOKS.internal.')).toBe(true);
    expect(allowsName(list, 'prometheus.local')).toBe(true);
    expect(allowsName(list, 'a.corp.example')).toBe(true);
    expect(allowsName(list, 'a.b.corp.example')).toBe(true);
    expect(allowsName(list, 'corp.example')).toBe(false);
    expect(allowsName(list, 'evilcorp.example')).toBe(false);
    expect(allowsName(list, 'hooks.internal.evil')).toBe(false);
    expect(allowsName(list, '127.0.0.1')).toBe(false);
  });
  it('says what is wrong with an entry', () => {
    for (const ok of [
      'localhost',
      '10.0.0.0/8',
      '::1',
      '[::1]',
      'fd00::/8',
      '*.corp.example',
      '192.168.1.10',
      'my_host',
    ])
      expect(allowEntryProblem(ok), ok).toBeNull();
    expect(allowEntryProblem('10.0.0.0/33')).toMatch(/CIDR/);
    expect(allowEntryProblem('10.0.0/8')).toMatch(/CIDR/);
    expect(allowEntryProblem('300.1.1.1')).toMatch(/IPv4/);
    expect(allowEntryProblem('127.1')).toMatch(/IPv4/);
    expect(allowEntryProblem('http://x.example')).toMatch(/not a URL/);
    expect(allowEntryProblem('a b')).toMatch(/host name/);
    expect(allowEntryProblem('*')).toMatch(/host name/);
  });
});
