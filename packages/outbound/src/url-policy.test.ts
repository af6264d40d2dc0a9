import { describe, expect, it } from 'vitest';
import { OutboundError, type OutboundErrorCode } from './errors.ts';
import { checkOutboundUrl, systemResolver, validateOutboundUrl, type ResolvedAddress, type Resolver } from './url-policy.ts';

const PUBLIC_V4 = '93.184.216.34';

/** A fake DNS: names an attacker controls, resolving wherever the attacker likes. */
const records: Record<string, ResolvedAddress[]> = {
  'ok.example.com': [{ address: PUBLIC_V4, family: 4 }],
  'v6ok.example.com': [{ address: '2606:4700:4700::1111', family: 6 }],
  'internal.attacker.example': [{ address: '10.0.0.5', family: 4 }],
  'meta.attacker.example': [{ address: '169.254.169.254', family: 4 }],
  'loop6.attacker.example': [{ address: '::1', family: 6 }],
  'mapped.attacker.example': [{ address: '::ffff:127.0.0.1', family: 6 }],
  'mixed.attacker.example': [
    { address: PUBLIC_V4, family: 4 },
    { address: '192.168.1.1', family: 4 },
  ],
  'ula.attacker.example': [{ address: 'fd00::1', family: 6 }],
  'nat64.attacker.example': [{ address: '64:ff9b::a00:1', family: 6 }],
  'cgnat.attacker.example': [{ address: '100.64.0.1', family: 4 }],
  'empty.attacker.example': [],
};
const fakeResolver: Resolver = (hostname) => {
  const found = records[hostname];
  return found ? Promise.resolve(found) : Promise.reject(Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }));
};

const HOSTILE: Array<[string, OutboundErrorCode]> = [
  ['http://example.com/', 'OUTBOUND_SCHEME'],
  ['ftp://example.com/file', 'OUTBOUND_SCHEME'],
  ['file:///etc/passwd', 'OUTBOUND_SCHEME'],
  ['gopher://127.0.0.1:6379/_INFO', 'OUTBOUND_SCHEME'],
  ['javascript:alert(1)', 'OUTBOUND_SCHEME'],
  ['not a url', 'OUTBOUND_INVALID_URL'],
  ['https://user:pass@ok.example.com/', 'OUTBOUND_CREDENTIALS'],
  ['https://token@ok.example.com/', 'OUTBOUND_CREDENTIALS'],
  ['https://127.0.0.1/', 'OUTBOUND_BLOCKED_ADDRESS'],
  ['https://2130706433/', 'OUTBOUND_BLOCKED_ADDRESS'],
  ['https://0177.0.0.1/', 'OUTBOUND_BLOCKED_ADDRESS'],
  ['https://0x7f.1/', 'OUTBOUND_BLOCKED_ADDRESS'],
  ['https://127.1/', 'OUTBOUND_BLOCKED_ADDRESS'],
  ['https://017700000001/', 'OUTBOUND_BLOCKED_ADDRESS'],
  ['https://%31%32%37.0.0.1/', 'OUTBOUND_BLOCKED_ADDRESS'],
  ['https://127\u30020\u30020\u30021/', 'OUTBOUND_BLOCKED_ADDRESS'],
  ['https://0/', 'OUTBOUND_BLOCKED_ADDRESS'],
  ['https://0.0.0.0/', 'OUTBOUND_BLOCKED_ADDRESS'],
  ['https://255.255.255.255/', 'OUTBOUND_BLOCKED_ADDRESS'],
  ['https://224.0.0.1/', 'OUTBOUND_BLOCKED_ADDRESS'],
  ['https://10.1.2.3/', 'OUTBOUND_BLOCKED_ADDRESS'],
  ['https://172.16.0.1/', 'OUTBOUND_BLOCKED_ADDRESS'],
  ['https://192.168.0.1:8443/', 'OUTBOUND_BLOCKED_ADDRESS'],
  ['https://100.64.0.1/', 'OUTBOUND_BLOCKED_ADDRESS'],
  ['https://169.254.169.254/latest/meta-data/', 'OUTBOUND_BLOCKED_ADDRESS'],
  ['https://[::1]/', 'OUTBOUND_BLOCKED_ADDRESS'],
  ['https://[::]/', 'OUTBOUND_BLOCKED_ADDRESS'],
  ['https://[::ffff:127.0.0.1]/', 'OUTBOUND_BLOCKED_ADDRESS'],
  ['https://[::ffff:7f00:1]/', 'OUTBOUND_BLOCKED_ADDRESS'],
  ['https://[0:0:0:0:0:ffff:a9fe:a9fe]/', 'OUTBOUND_BLOCKED_ADDRESS'],
  ['https://[::127.0.0.1]/', 'OUTBOUND_BLOCKED_ADDRESS'],
  ['https://[fe80::1]/', 'OUTBOUND_BLOCKED_ADDRESS'],
  ['https://[fec0::1]/', 'OUTBOUND_BLOCKED_ADDRESS'],
  ['https://[fc00::1]/', 'OUTBOUND_BLOCKED_ADDRESS'],
  ['https://[fd12:3456::1]/', 'OUTBOUND_BLOCKED_ADDRESS'],
  ['https://[ff02::1]/', 'OUTBOUND_BLOCKED_ADDRESS'],
  ['https://[64:ff9b::7f00:1]/', 'OUTBOUND_BLOCKED_ADDRESS'],
  ['https://[2002:7f00:1::1]/', 'OUTBOUND_BLOCKED_ADDRESS'],
  ['https://[2002:c0a8:101::1]/', 'OUTBOUND_BLOCKED_ADDRESS'],
  ['https://[fe80::1%25eth0]/', 'OUTBOUND_INVALID_URL'],
  ['https://localhost/', 'OUTBOUND_BLOCKED_HOST'],
  ['https://localhost./', 'OUTBOUND_BLOCKED_HOST'],
  ['https://admin.localhost/', 'OUTBOUND_BLOCKED_HOST'],
  ['https://intranet/', 'OUTBOUND_BLOCKED_HOST'],
  ['https://internal.attacker.example/', 'OUTBOUND_BLOCKED_ADDRESS'],
  ['https://meta.attacker.example/latest/meta-data/', 'OUTBOUND_BLOCKED_ADDRESS'],
  ['https://loop6.attacker.example/', 'OUTBOUND_BLOCKED_ADDRESS'],
  ['https://mapped.attacker.example/', 'OUTBOUND_BLOCKED_ADDRESS'],
  ['https://mixed.attacker.example/', 'OUTBOUND_BLOCKED_ADDRESS'],
  ['https://ula.attacker.example/', 'OUTBOUND_BLOCKED_ADDRESS'],
  ['https://nat64.attacker.example/', 'OUTBOUND_BLOCKED_ADDRESS'],
  ['https://cgnat.attacker.example/', 'OUTBOUND_BLOCKED_ADDRESS'],
  ['https://empty.attacker.example/', 'OUTBOUND_DNS'],
  ['https://nxdomain.attacker.example/', 'OUTBOUND_DNS'],
];

async function refusal(url: string): Promise<OutboundError> {
  try {
    await validateOutboundUrl(url, { resolve: fakeResolver });
  } catch (err) {
    if (err instanceof OutboundError) return err;
    throw err;
  }
  throw new Error(`${url} was accepted`);
}

describe('validateOutboundUrl: hostile URLs', () => {
  it('has a table of more than 25 hostile URLs', () => {
    expect(HOSTILE.length).toBeGreaterThan(25);
  });

  it.each(HOSTILE)('refuses %s with %s', async (url, code) => {
    const err = await refusal(url);
    expect(err.code).toBe(code);
    expect(err.isPolicyRefusal).toBe(code !== 'OUTBOUND_DNS');
  });

  it('refuses a name that really resolves to loopback through the system resolver', async () => {
    // The OS resolver answers "localhost" from the hosts file: real DNS, attacker-chosen name.
    const viaSystem: Resolver = () => systemResolver('localhost');
    await expect(validateOutboundUrl('https://hooks.customer.example/x', { resolve: viaSystem })).rejects.toMatchObject({
      code: 'OUTBOUND_BLOCKED_ADDRESS',
    });
    const direct = await systemResolver('localhost');
    expect(direct.length).toBeGreaterThan(0);
  });
});

describe('validateOutboundUrl: what is allowed', () => {
  it('resolves a public name once and pins its first address', async () => {
    let calls = 0;
    const counting: Resolver = async (name) => {
      calls++;
      return fakeResolver(name);
    };
    const target = await validateOutboundUrl('https://ok.example.com/hook?a=1', { resolve: counting });
    expect(target).toMatchObject({ hostname: 'ok.example.com', address: PUBLIC_V4, family: 4 });
    expect(target.url.pathname).toBe('/hook');
    expect(calls).toBe(1);
  });

  it('accepts public IP literals and IPv6 names without DNS for literals', async () => {
    const noDns: Resolver = () => Promise.reject(new Error('DNS must not be asked for a literal'));
    await expect(validateOutboundUrl(`https://${PUBLIC_V4}/`, { resolve: noDns })).resolves.toMatchObject({ address: PUBLIC_V4 });
    await expect(validateOutboundUrl('https://[2606:4700::1111]/', { resolve: noDns })).resolves.toMatchObject({
      address: '2606:4700::1111',
      family: 6,
    });
    await expect(validateOutboundUrl('https://v6ok.example.com/', { resolve: fakeResolver })).resolves.toMatchObject({ family: 6 });
  });

  it('allows plain http only for listed host:port, and loopback only when separately allowed', async () => {
    const loopback: Resolver = () => Promise.resolve([{ address: '127.0.0.1', family: 4 }]);
    expect(() => checkOutboundUrl('http://127.0.0.1:4100/services/x')).toThrow(OutboundError);
    expect(() => checkOutboundUrl('http://127.0.0.1:4101/', { allowHttpHosts: ['127.0.0.1:4100'] })).toThrow(/plain http/);
    await expect(validateOutboundUrl('http://127.0.0.1:4100/', { allowHttpHosts: ['127.0.0.1:4100'] })).rejects.toMatchObject({
      code: 'OUTBOUND_BLOCKED_ADDRESS',
    });
    const sandbox = { allowHttpHosts: ['127.0.0.1:4100'], allowPrivateHosts: ['127.0.0.1:4100'] };
    await expect(validateOutboundUrl('http://127.0.0.1:4100/services/T/B/x', sandbox)).resolves.toMatchObject({ address: '127.0.0.1' });
    await expect(validateOutboundUrl('https://127.0.0.1:4101/', sandbox)).rejects.toMatchObject({ code: 'OUTBOUND_BLOCKED_ADDRESS' });
    const named = { allowHttpHosts: ['sandbox'], allowPrivateHosts: ['sandbox'], resolve: loopback };
    await expect(validateOutboundUrl('http://sandbox:4100/', named)).resolves.toMatchObject({ hostname: 'sandbox', address: '127.0.0.1' });
  });
});
