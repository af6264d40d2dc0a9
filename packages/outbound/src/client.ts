import { subscribe } from 'node:diagnostics_channel';
import { Pool, buildConnector } from 'undici';
import { OutboundError } from './errors.ts';
import { validateOutboundUrl, type OutboundPolicy, type VettedTarget } from './url-policy.ts';

export type OutboundMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

export interface OutboundRequestOptions {
  method?: OutboundMethod;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Overrides the policy's total timeout for this request (it can only be shorter). */
  timeoutMs?: number;
  /** Cancels the request early (e.g. service shutdown). */
  signal?: AbortSignal;
}

export interface OutboundResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
  /** The address the connection was pinned to (for attempt records). */
  address: string;
}

/** The one HTTP client for user-supplied URLs; see createOutboundClient. */
export interface OutboundClient {
  /** Sends one request to a vetted, pinned address. 3xx, timeouts, oversize bodies throw OutboundError. */
  request(url: string, options?: OutboundRequestOptions): Promise<OutboundResponse>;
  /** Validates and resolves a URL without sending anything (e.g. when a destination is saved). */
  validate(url: string): Promise<VettedTarget>;
  /** Closes kept-alive connections. */
  close(): Promise<void>;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
const USER_AGENT = 'IntentRadar/1 (+outbound)';
/** Kept-alive connection pools, one per (origin, vetted address): reuse never reaches an unvetted address. */
const MAX_POOLS = 256;
/**
 * Every Slack alert goes to the one origin hooks.slack.com: at 16 connections a process could
 * not send more than 16 at once (about 50/s at Slack's ~300 ms), whatever its concurrency.
 */
const CONNECTIONS_PER_POOL = 128;
/**
 * Request bodies undici has finished writing to a socket. A failure after that point may have
 * reached the server (a POST to a chat webhook may already be posted), one before it cannot: the
 * caller decides whether a retry risks a duplicate. undici's bodySent event carries its request,
 * whose `body` is the very Buffer passed in, so identity ties the event to our call.
 */
const writtenBodies = new WeakSet<object>();
subscribe('undici:request:bodySent', (message) => {
  const body = (message as { request?: { body?: unknown } }).request?.body;
  if (typeof body === 'object' && body !== null) writtenBodies.add(body);
});
const UNDICI_TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/**
 * Connects to the vetted address whatever the URL's host name is, keeping the name for SNI and
 * certificate checks and the Host header: DNS is never asked again, so rebinding cannot swap it.
 */
function pinnedConnector(target: VettedTarget, policy: OutboundPolicy, timeoutMs: number): buildConnector.connector {
  const base = buildConnector({
    timeout: timeoutMs,
    ...(policy.ca === undefined ? {} : { ca: typeof policy.ca === 'string' ? policy.ca : [...policy.ca] }),
  });
  const servername = target.address === target.hostname ? undefined : target.hostname;
  return (options, callback) => {
    base({ ...options, hostname: target.address, ...(servername === undefined ? {} : { servername }) }, callback);
  };
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function requestHeaders(given: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = { 'user-agent': USER_AGENT };
  for (const [name, value] of Object.entries(given ?? {})) {
    // Host comes from the vetted URL only; a caller-chosen Host would address another virtual host.
    if (name.toLowerCase() === 'host') continue;
    out[name.toLowerCase()] = value;
  }
  return out;
}

/** Races a promise against the deadline so slow DNS counts toward the total timeout. */
async function beforeDeadline<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) throw signal.reason;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

/**
 * Creates the SSRF-safe client every user-supplied URL goes through (webhooks, Slack, enricher,
 * "send test"): https only unless allowed, one DNS resolution, pinned connection, no redirects,
 * total timeout and response size cap.
 */
export function createOutboundClient(policy: OutboundPolicy = {}): OutboundClient {
  const policyTimeout = policy.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = policy.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;

  const pools = new Map<string, Pool>();
  // A pool is keyed by the vetted address as well as the origin: when DNS later answers another
  // (vetted) address, a new pool connects there; an old pool never serves a different address.
  const poolFor = (target: VettedTarget): Pool => {
    const key = `${target.url.origin}|${target.address}`;
    let pool = pools.get(key);
    if (!pool) {
      if (pools.size >= MAX_POOLS) {
        const [oldestKey, oldest] = pools.entries().next().value as [string, Pool];
        pools.delete(oldestKey);
        void oldest.close().catch(() => undefined);
      }
      pool = new Pool(target.url.origin, {
        connect: pinnedConnector(target, policy, policyTimeout),
        connections: CONNECTIONS_PER_POOL,
        headersTimeout: policyTimeout,
        bodyTimeout: policyTimeout,
        keepAliveTimeout: 4_000,
      });
      pools.set(key, pool);
    }
    return pool;
  };

  async function request(url: string, options: OutboundRequestOptions = {}): Promise<OutboundResponse> {
    const timeoutMs = Math.min(options.timeoutMs ?? policyTimeout, policyTimeout);
    const deadline = new AbortController();
    const timer = setTimeout(
      () => deadline.abort(new OutboundError('OUTBOUND_TIMEOUT', `no complete response within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const signal = options.signal ? AbortSignal.any([deadline.signal, options.signal]) : deadline.signal;
    // Always a Buffer of our own: undici keeps that object as the request body (see writtenBodies).
    const body = options.body === undefined ? null : Buffer.from(options.body);
    try {
      const target = await beforeDeadline(validateOutboundUrl(url, policy), signal);
      const response = await poolFor(target).request({
        path: `${target.url.pathname}${target.url.search}`,
        method: options.method ?? 'GET',
        headers: requestHeaders(options.headers),
        body,
        signal,
      });
      const headers = flattenHeaders(response.headers);
      if (response.statusCode >= 300 && response.statusCode < 400) {
        await response.body.dump();
        throw new OutboundError('OUTBOUND_REDIRECT', `server answered ${response.statusCode}; redirects are not followed`, {
          status: response.statusCode,
          ...(headers.location === undefined ? {} : { location: headers.location }),
        });
      }
      const declared = Number(headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        response.body.destroy();
        throw new OutboundError('OUTBOUND_TOO_LARGE', `response of ${declared} bytes exceeds ${maxBytes}`);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body) {
        const buffer = chunk as Buffer;
        size += buffer.length;
        if (size > maxBytes) {
          response.body.destroy();
          throw new OutboundError('OUTBOUND_TOO_LARGE', `response exceeds ${maxBytes} bytes`);
        }
        chunks.push(buffer);
      }
      return { status: response.statusCode, headers, body: Buffer.concat(chunks).toString('utf8'), address: target.address };
    } catch (err) {
      throw toOutboundError(err, signal, body !== null && writtenBodies.has(body));
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    request,
    validate: (url) => validateOutboundUrl(url, policy),
    async close() {
      const all = [...pools.values()];
      pools.clear();
      await Promise.all(all.map((p) => p.destroy().catch(() => undefined)));
    },
  };
}

function toOutboundError(err: unknown, signal: AbortSignal, requestSent: boolean): OutboundError {
  if (err instanceof OutboundError) return err.requestSent || !requestSent ? err : err.withRequestSent();
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    if (reason instanceof OutboundError) return requestSent ? reason.withRequestSent() : reason;
    return new OutboundError('OUTBOUND_CONNECT', 'request cancelled', { cause: reason, requestSent });
  }
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && UNDICI_TIMEOUT_CODES.has(code)) {
    return new OutboundError('OUTBOUND_TIMEOUT', 'the server did not answer in time', { cause: err, requestSent });
  }
  const detail = err instanceof Error ? err.message : String(err);
  return new OutboundError('OUTBOUND_CONNECT', `request failed: ${detail}`, { cause: err, requestSent });
}
