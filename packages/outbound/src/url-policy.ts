import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';
import { blockedAddressReason } from './address-ranges.ts';
import { OutboundError } from './errors.ts';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has (A and AAAA). Injectable so tests can fake DNS. */
export type Resolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** What a user-supplied URL may reach. Everything not explicitly allowed here is refused. */
export interface OutboundPolicy {
  /**
   * `host:port` (or bare `host` for any port) that may be reached over plain http, e.g. the
   * sandbox `127.0.0.1:4100`. Every other URL must be https.
   */
  allowHttpHosts?: readonly string[];
  /**
   * `host:port` (or bare `host`) that may resolve to loopback/private addresses. A separate
   * opt-in from allowHttpHosts: allowing http for a host does not let it reach 127.0.0.1.
   */
  allowPrivateHosts?: readonly string[];
  /** Total time for DNS, connect, request and response body, in milliseconds. Default 10 000. */
  timeoutMs?: number;
  /** Largest response body read, in bytes; a larger one aborts. Default 1 MiB. */
  maxResponseBytes?: number;
  /** DNS resolver; default `dns.lookup(host, { all: true })`, called exactly once per request. */
  resolve?: Resolver;
  /** Extra trusted CA certificates (PEM) for https, for tests with a self-signed server. */
  ca?: string | readonly string[];
}

/** A URL that passed the policy, with the one address the connection will be pinned to. */
export interface VettedTarget {
  url: URL;
  /** Host name without IPv6 brackets, as used for SNI and certificate checks. */
  hostname: string;
  /** The vetted address every connection for this request goes to. */
  address: string;
  family: 4 | 6;
}

const MAX_URL_LENGTH = 4096;

/** The default resolver: the OS resolver (hosts file included), all A and AAAA records. */
export const systemResolver: Resolver = async (hostname) => {
  const found = await dns.lookup(hostname, { all: true, verbatim: true });
  return found.map((entry) => ({ address: entry.address, family: entry.family === 6 ? 6 : 4 }));
};

function hostKey(hostname: string, port: string): string {
  return `${hostname}:${port}`;
}

function matchesHostList(list: readonly string[] | undefined, url: URL): boolean {
  if (!list || list.length === 0) return false;
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  for (const entry of list) {
    let parsed: URL;
    try {
      // Normalized exactly like the target URL so "127.0.0.1:4100" and "[::1]:4100" compare as written.
      parsed = new URL(`http://${entry}`);
    } catch {
      continue;
    }
    const hostOnly = !/:\d+$/.test(entry);
    if (parsed.hostname !== url.hostname) continue;
    if (hostOnly || hostKey(parsed.hostname, parsed.port || '80') === hostKey(url.hostname, port)) return true;
  }
  return false;
}

function bareHostname(url: URL): string {
  const host = url.hostname;
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/**
 * Checks everything about a URL that needs no DNS: strict WHATWG parse, scheme, credentials and
 * host name. Returns the parsed URL; throws OutboundError. Use for form validation.
 */
export function checkOutboundUrl(input: string, policy: OutboundPolicy = {}): URL {
  if (input.length > MAX_URL_LENGTH) throw new OutboundError('OUTBOUND_INVALID_URL', 'URL is too long');
  let url: URL;
  try {
    url = new URL(input);
  } catch (cause) {
    throw new OutboundError('OUTBOUND_INVALID_URL', 'URL cannot be parsed', { cause });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new OutboundError('OUTBOUND_SCHEME', `scheme ${url.protocol} is not allowed; use https`);
  }
  if (url.protocol === 'http:' && !matchesHostList(policy.allowHttpHosts, url)) {
    throw new OutboundError('OUTBOUND_SCHEME', `plain http is not allowed for ${url.host}; use https`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new OutboundError('OUTBOUND_CREDENTIALS', 'URLs with a user name or password are not allowed');
  }
  const hostname = bareHostname(url);
  if (hostname === '') throw new OutboundError('OUTBOUND_INVALID_URL', 'URL has no host');
  if (matchesHostList(policy.allowPrivateHosts, url)) return url;

  if (isIP(hostname) !== 0) {
    const reason = blockedAddressReason(hostname);
    if (reason !== null) throw new OutboundError('OUTBOUND_BLOCKED_ADDRESS', `address ${hostname} is not allowed: ${reason}`);
    return url;
  }
  const name = hostname.replace(/\.$/, '');
  // RFC 6761: "localhost" names are loopback whatever DNS says; single-label names are resolved
  // through the machine's search domains, i.e. the internal network.
  if (name === 'localhost' || name.endsWith('.localhost')) {
    throw new OutboundError('OUTBOUND_BLOCKED_HOST', `host ${hostname} is not allowed: loopback name`);
  }
  if (!name.includes('.')) {
    throw new OutboundError('OUTBOUND_BLOCKED_HOST', `host ${hostname} is not allowed: single-label name`);
  }
  return url;
}

/**
 * Validates a user-supplied URL and resolves its host ONCE. Every resolved address must be
 * public (unless the host is in allowPrivateHosts); the first becomes the pinned address.
 */
export async function validateOutboundUrl(input: string, policy: OutboundPolicy = {}): Promise<VettedTarget> {
  const url = checkOutboundUrl(input, policy);
  const hostname = bareHostname(url);
  const allowPrivate = matchesHostList(policy.allowPrivateHosts, url);
  const literalFamily = isIP(hostname);
  if (literalFamily !== 0) {
    return { url, hostname, address: hostname, family: literalFamily === 6 ? 6 : 4 };
  }

  let addresses: readonly ResolvedAddress[];
  try {
    addresses = await (policy.resolve ?? systemResolver)(hostname);
  } catch (cause) {
    throw new OutboundError('OUTBOUND_DNS', `host ${hostname} could not be resolved`, { cause });
  }
  const first = addresses[0];
  if (!first) throw new OutboundError('OUTBOUND_DNS', `host ${hostname} has no addresses`);
  if (!allowPrivate) {
    // Any bad record refuses the whole name: with mixed records an attacker picks which one we use.
    for (const { address } of addresses) {
      const reason = blockedAddressReason(address);
      if (reason !== null) {
        throw new OutboundError('OUTBOUND_BLOCKED_ADDRESS', `host ${hostname} resolves to ${address}, which is not allowed: ${reason}`);
      }
    }
  }
  return { url, hostname, address: first.address, family: first.family };
}
