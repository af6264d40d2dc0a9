import { describe, expect, it } from 'vitest';
import { blockedAddressReason, parseIPv4, parseIPv6 } from './address-ranges.ts';

describe('parseIPv4', () => {
  it('parses canonical dotted quads and refuses every other form', () => {
    expect(parseIPv4('127.0.0.1')).toBe(0x7f000001);
    expect(parseIPv4('255.255.255.255')).toBe(0xffffffff);
    for (const bad of ['0177.0.0.1', '127.1', '256.0.0.1', '1.2.3', '1.2.3.4.5', '0x7f.0.0.1', '', '1..2.3']) {
      expect(parseIPv4(bad), bad).toBeNull();
    }
  });
});

describe('parseIPv6', () => {
  it('parses compressed, full, bracketed and dotted-tail forms', () => {
    expect(parseIPv6('::1')).toBe(1n);
    expect(parseIPv6('[::1]')).toBe(1n);
    expect(parseIPv6('0:0:0:0:0:0:0:1')).toBe(1n);
    expect(parseIPv6('::ffff:127.0.0.1')).toBe(parseIPv6('::ffff:7f00:1'));
    expect(parseIPv6('2001:db8::')).toBe(0x20010db8n << 96n);
  });

  it('refuses malformed text and zone ids', () => {
    for (const bad of ['1::2::3', 'fe80::1%eth0', '12345::', '1:2:3:4:5:6:7:8:9', '1.2.3.4::', ':::', 'g::1', '1:2:3:4:5:6:7::8:9']) {
      expect(parseIPv6(bad), bad).toBeNull();
    }
  });
});

describe('blockedAddressReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.9.8.7', 'private (10/8)'],
    ['172.31.255.255', 'private (172.16/12)'],
    ['192.168.1.1', 'private (192.168/16)'],
    ['169.254.169.254', 'cloud metadata'],
    ['169.254.1.1', 'link-local'],
    ['100.127.255.255', 'carrier-grade NAT (100.64/10)'],
    ['0.1.2.3', 'this-network (0.0.0.0/8)'],
    ['255.255.255.255', 'broadcast'],
    ['239.1.1.1', 'multicast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['::ffff:127.0.0.1', 'IPv4-mapped IPv6'],
    ['::ffff:8.8.8.8', 'IPv4-mapped IPv6'],
    ['::127.0.0.1', 'IPv4-compatible IPv6'],
    ['fe80::1', 'link-local (fe80::/10)'],
    ['febf::1', 'link-local (fe80::/10)'],
    ['fec0::1', 'site-local (fec0::/10)'],
    ['fc00::1', 'unique-local (fc00::/7)'],
    ['fdff::1', 'unique-local (fc00::/7)'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['2001:0:4136:e378::1', 'Teredo'],
  ])('%s is refused as %s', (address, reason) => {
    expect(blockedAddressReason(address)).toBe(reason);
  });

  it('checks the IPv4 address inside NAT64 and 6to4', () => {
    expect(blockedAddressReason('64:ff9b::7f00:1')).toBe('NAT64 of 127.0.0.1 (loopback)');
    expect(blockedAddressReason('64:ff9b::10.0.0.1')).toBe('NAT64 of 10.0.0.1 (private (10/8))');
    expect(blockedAddressReason('2002:c0a8:0101::1')).toBe('6to4 of 192.168.1.1 (private (192.168/16))');
    expect(blockedAddressReason('2002:a9fe:a9fe::')).toBe('6to4 of 169.254.169.254 (cloud metadata)');
    expect(blockedAddressReason('64:ff9b::8.8.8.8')).toBeNull();
    expect(blockedAddressReason('2002:0808:0808::1')).toBeNull();
  });

  it('lets public unicast addresses through', () => {
    for (const ok of ['8.8.8.8', '93.184.216.34', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '2a00:1450:4001::200e']) {
      expect(blockedAddressReason(ok), ok).toBeNull();
    }
  });

  it('refuses text that is not an IP address and IPv6 outside global unicast', () => {
    expect(blockedAddressReason('example.com')).toBe('not an IP address');
    expect(blockedAddressReason('4000::1')).toBe('not global unicast');
  });
});
