/**
 * Which addresses outbound calls may reach (docs/security.md, "Secrets and outbound calls"): public unicast
 * addresses only, unless the config's `outbound.allow` names the host or its address. Everything else — loopback,
 * private (RFC 1918), link-local (with the cloud metadata address 169.254.169.254), unique-local, carrier-grade
 * NAT (with Alibaba Cloud's metadata address 100.100.100.200), unspecified, multicast, broadcast and the other
 * special-purpose ranges — is refused. Ranges come from ipaddr.js (its IANA special-purpose registry tables);
 * an IPv4-mapped IPv6 address is judged as its IPv4 address, a NAT64 address (64:ff9b::/96) by the IPv4 address
 * inside it.
 *
 * Pure functions: the client (client.ts) asks them about every address it is about to connect to.
 */
import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** A parsed `outbound.allow` list. */
export interface AllowList {
  /** Lower-cased host names; `*.example.com` allows every name below example.com. */
  names: readonly string[];
  /** Addresses and CIDR ranges. */
  ranges: ReadonlyArray<[Address, number]>;
}

/** Cloud instance metadata services, named in refusals because they are the classic target. */
const METADATA = new Set(['169.254.169.254', 'fd00:ec2::254', '100.100.100.200', '192.0.0.192']);

/** How a refusal names each ipaddr.js range. */
const RANGE_WORDS: Record<string, string> = {
  loopback: 'a loopback address',
  private: 'a private address',
  linkLocal: 'a link-local address',
  uniqueLocal: 'a unique-local address',
  carrierGradeNat: 'a carrier-grade NAT address',
  unspecified: 'the unspecified address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  reserved: 'a reserved address',
  deprecatedSiteLocal: 'a site-local address',
};

const HOST_NAME = /^(\*\.)?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?$/i;

const stripBrackets = (host: string) => (host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host);

/** An IP address in its usual text forms only (four-part decimal IPv4, or IPv6), else null. */
function parseIp(text: string): Address | null {
  const t = stripBrackets(text);
  if (ipaddr.IPv4.isValidFourPartDecimal(t)) return ipaddr.IPv4.parse(t);
  if (ipaddr.IPv6.isValid(t)) return ipaddr.IPv6.parse(t);
  return null;
}

/**
 * Why an `outbound.allow` entry is unusable, or null when it is a host name (`hooks.internal`, `*.corp.example`),
 * an IP address (`10.0.0.5`, `::1`) or a CIDR range (`10.0.0.0/8`, `fd00::/8`).
 */
export function allowEntryProblem(entry: string): string | null {
  const e = entry.trim();
  if (e.includes('://')) return 'a host name, not a URL: write the host alone (hooks.example.com)';
  if (e.includes('/')) {
    const [ip, bits] = e.split('/');
    const addr = parseIp(ip ?? '');
    const max = addr?.kind() === 'ipv4' ? 32 : 128;
    return addr && /^\d{1,3}$/.test(bits ?? '') && Number(bits) <= max
      ? null
      : 'not a CIDR range such as 10.0.0.0/8 or fd00::/8';
  }
  if (parseIp(e)) return null;
  if (/^[\d.]+$/.test(e)) return 'not an IPv4 address (use four decimal parts, e.g. 10.0.0.5)';
  return HOST_NAME.test(e) ? null : 'not a host name, an IP address or a CIDR range';
}

/** Parses `outbound.allow` (entries already checked by `allowEntryProblem`; unusable ones are skipped). */
export function parseAllowList(entries: readonly string[]): AllowList {
  const names: string[] = [];
  const ranges: Array<[Address, number]> = [];
  for (const raw of entries) {
    const e = raw.trim();
    if (allowEntryProblem(e) !== null) continue;
    if (e.includes('/')) {
      const [ip, bits] = e.split('/');
      ranges.push([parseIp(ip!)!, Number(bits)]);
      continue;
    }
    const addr = parseIp(e);
    if (addr) ranges.push([addr, addr.kind() === 'ipv4' ? 32 : 128]);
    else names.push(e.toLowerCase().replace(/\.$/, ''));
  }
  return { names, ranges };
}

/** True when `host` (a URL's host name) is allowed by name: listed, or under a listed `*.` wildcard. */
export function allowsName(list: AllowList, host: string): boolean {
  const h = stripBrackets(host).toLowerCase().replace(/\.$/, '');
  return list.names.some((n) => (n.startsWith('*.') ? h.endsWith(n.slice(1)) && h.length > n.length - 1 : h === n));
}

/** The address judged: IPv4-mapped IPv6 as IPv4, NAT64 as the IPv4 address inside it. */
function effective(addr: Address): Address {
  if (addr.kind() === 'ipv6') {
    const v6 = addr as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) return v6.toIPv4Address();
    if (v6.range() === 'rfc6052') {
      const b = v6.toByteArray();
      return new ipaddr.IPv4(b.slice(12, 16));
    }
  }
  return addr;
}

function inRanges(list: AllowList, addr: Address): boolean {
  return list.ranges.some(([net, bits]) => net.kind() === addr.kind() && addr.match(net, bits));
}

/**
 * Null when outbound calls may connect to `ip`; otherwise what it is, for the refusal message
 * (`a loopback address`, `the cloud metadata address`). An address the allow list covers is allowed whatever
 * its range.
 * @param ip an IPv4 or IPv6 address (brackets allowed); anything else is refused as `not an IP address`
 */
export function addressRefusal(list: AllowList, ip: string): string | null {
  const parsed = parseIp(ip);
  if (!parsed) return 'not an IP address';
  const addr = effective(parsed);
  if (inRanges(list, parsed) || inRanges(list, addr)) return null;
  if (METADATA.has(addr.toString())) return 'the cloud metadata address';
  const range = addr.range();
  if (range === 'unicast') return null;
  return RANGE_WORDS[range] ?? `a special-purpose address (${range})`;
}
