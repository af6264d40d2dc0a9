/**
 * Which IP addresses a user-supplied URL may reach. Everything that is not a globally routable
 * unicast address is refused, including every IPv6 form that smuggles an IPv4 address
 * (mapped, compatible, translated, NAT64, 6to4, Teredo): a public-looking AAAA record must not
 * become a path to 127.0.0.1 or to the cloud metadata service at 169.254.169.254.
 */

interface Range {
  readonly base: bigint;
  readonly bits: number;
  readonly reason: string;
}

/** Parses canonical dotted-quad IPv4 ("127.0.0.1"); returns null for anything else. */
export function parseIPv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    // Strict on purpose: octal ("0177") and hex forms are normalized by the WHATWG URL parser
    // before we get here, so a non-canonical form reaching this point is malformed input.
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

/** Parses IPv6 text (with or without brackets, optional trailing dotted IPv4) into a 128-bit value. */
export function parseIPv6(text: string): bigint | null {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  // Zone ids ("fe80::1%eth0") name a local interface: never a valid remote target.
  if (bare.length === 0 || bare.includes('%')) return null;
  const halves = bare.split('::');
  if (halves.length > 2) return null;
  const parseSide = (side: string, mayEndInIPv4: boolean): number[] | null => {
    if (side === '') return [];
    const groups = side.split(':');
    const out: number[] = [];
    for (let i = 0; i < groups.length; i++) {
      const group = groups[i] ?? '';
      if (mayEndInIPv4 && i === groups.length - 1 && group.includes('.')) {
        const v4 = parseIPv4(group);
        if (v4 === null) return null;
        out.push(v4 >>> 16, v4 & 0xffff);
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null;
      out.push(parseInt(group, 16));
    }
    return out;
  };
  const head = parseSide(halves[0] ?? '', halves.length === 1);
  const tail = halves.length === 2 ? parseSide(halves[1] ?? '', true) : [];
  if (head === null || tail === null) return null;
  let groups: number[];
  if (halves.length === 2) {
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return null;
    groups = [...head, ...(new Array<number>(missing).fill(0)), ...tail];
  } else {
    if (head.length !== 8) return null;
    groups = head;
  }
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

function v4Range(cidr: string, reason: string): Range {
  const [address = '', bits = '32'] = cidr.split('/');
  const value = parseIPv4(address);
  if (value === null) throw new Error(`bad IPv4 range ${cidr}`);
  return { base: BigInt(value), bits: Number(bits), reason };
}

function v6Range(cidr: string, reason: string): Range {
  const [address = '', bits = '128'] = cidr.split('/');
  const value = parseIPv6(address);
  if (value === null) throw new Error(`bad IPv6 range ${cidr}`);
  return { base: value, bits: Number(bits), reason };
}

function inRange(value: bigint, range: Range, width: number): boolean {
  const shift = BigInt(width - range.bits);
  return value >> shift === range.base >> shift;
}

// Most specific first so the reason names the narrowest match (broadcast before reserved).
const IPV4_BLOCKED: readonly Range[] = [
  v4Range('255.255.255.255/32', 'broadcast'),
  v4Range('169.254.169.254/32', 'cloud metadata'),
  v4Range('0.0.0.0/8', 'this-network (0.0.0.0/8)'),
  v4Range('10.0.0.0/8', 'private (10/8)'),
  v4Range('100.64.0.0/10', 'carrier-grade NAT (100.64/10)'),
  v4Range('127.0.0.0/8', 'loopback'),
  v4Range('169.254.0.0/16', 'link-local'),
  v4Range('172.16.0.0/12', 'private (172.16/12)'),
  v4Range('192.0.0.0/24', 'IETF protocol assignments'),
  v4Range('192.0.2.0/24', 'documentation'),
  v4Range('192.88.99.0/24', '6to4 relay anycast'),
  v4Range('192.168.0.0/16', 'private (192.168/16)'),
  v4Range('198.18.0.0/15', 'benchmarking'),
  v4Range('198.51.100.0/24', 'documentation'),
  v4Range('203.0.113.0/24', 'documentation'),
  v4Range('224.0.0.0/4', 'multicast'),
  v4Range('240.0.0.0/4', 'reserved'),
];

const IPV6_BLOCKED: readonly Range[] = [
  v6Range('::/128', 'unspecified'),
  v6Range('::1/128', 'loopback'),
  v6Range('::ffff:0:0/96', 'IPv4-mapped IPv6'),
  v6Range('::ffff:0:0:0/96', 'IPv4-translated IPv6'),
  v6Range('::/96', 'IPv4-compatible IPv6'),
  v6Range('64:ff9b:1::/48', 'local-use NAT64'),
  v6Range('100::/64', 'discard-only'),
  v6Range('2001::/32', 'Teredo'),
  v6Range('2001:10::/28', 'ORCHID'),
  v6Range('2001:20::/28', 'ORCHIDv2'),
  v6Range('2001:db8::/32', 'documentation'),
  v6Range('fc00::/7', 'unique-local (fc00::/7)'),
  v6Range('fe80::/10', 'link-local (fe80::/10)'),
  v6Range('fec0::/10', 'site-local (fec0::/10)'),
  v6Range('ff00::/8', 'multicast'),
];

const NAT64 = v6Range('64:ff9b::/96', 'NAT64');
const SIX_TO_FOUR = v6Range('2002::/16', '6to4');
const GLOBAL_UNICAST = v6Range('2000::/3', 'global unicast');

function formatIPv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

function ipv4Reason(value: number): string | null {
  const big = BigInt(value);
  return IPV4_BLOCKED.find((range) => inRange(big, range, 32))?.reason ?? null;
}

function ipv6Reason(value: bigint): string | null {
  if (inRange(value, NAT64, 128)) {
    // NAT64 reaches the embedded IPv4 address: it is as safe as that address.
    const embedded = Number(value & 0xffffffffn);
    const reason = ipv4Reason(embedded);
    return reason === null ? null : `NAT64 of ${formatIPv4(embedded)} (${reason})`;
  }
  const listed = IPV6_BLOCKED.find((range) => inRange(value, range, 128));
  if (listed) return listed.reason;
  if (inRange(value, SIX_TO_FOUR, 128)) {
    const embedded = Number((value >> 80n) & 0xffffffffn);
    const reason = ipv4Reason(embedded);
    return reason === null ? null : `6to4 of ${formatIPv4(embedded)} (${reason})`;
  }
  if (!inRange(value, GLOBAL_UNICAST, 128)) return 'not global unicast';
  return null;
}

/**
 * Why an IP address must not be reached from a user-supplied URL, or null when it is a public
 * unicast address. Text that is not an IP address is refused as 'not an IP address'.
 */
export function blockedAddressReason(address: string): string | null {
  const v4 = parseIPv4(address);
  if (v4 !== null) return ipv4Reason(v4);
  const v6 = parseIPv6(address);
  if (v6 !== null) return ipv6Reason(v6);
  return 'not an IP address';
}
