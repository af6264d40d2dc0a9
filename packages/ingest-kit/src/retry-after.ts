type HeaderValue = string | string[] | undefined;

function first(v: HeaderValue): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Longest pause a header may ask for. Platform rate-limit windows are minutes; a header claiming
 * years (or 400 digits, which is Infinity) paused every replica through the shared KV key until
 * someone deleted it. After an hour the next call asks again.
 */
export const MAX_PAUSE_MS = 60 * 60 * 1000;
const capped = (ms: number) => Math.min(ms, MAX_PAUSE_MS);

/** `Retry-After` as delta seconds or an HTTP date, in milliseconds from `now`; undefined when absent. */
export function retryAfterMs(value: HeaderValue, now = Date.now()): number | undefined {
  const v = first(value)?.trim();
  if (!v) return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return capped(Math.ceil(Number(v) * 1000));
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : capped(Math.max(0, at - now));
}

/**
 * How long until a platform's rate-limit window resets, from its headers: Reddit sends
 * `x-ratelimit-reset` in seconds from now, X sends `x-rate-limit-reset` as unix seconds.
 */
export function rateLimitResetMs(headers: Record<string, HeaderValue>, now = Date.now()): number | undefined {
  const reddit = first(headers['x-ratelimit-reset']);
  if (reddit !== undefined && /^\d+(\.\d+)?$/.test(reddit)) return capped(Math.ceil(Number(reddit) * 1000));
  const x = first(headers['x-rate-limit-reset']);
  if (x !== undefined && /^\d+$/.test(x)) return capped(Math.max(0, Number(x) * 1000 - now));
  return undefined;
}

/** Remaining calls in the platform's window, from `x-ratelimit-remaining` / `x-rate-limit-remaining`. */
export function rateLimitRemaining(headers: Record<string, HeaderValue>): number | undefined {
  const v = first(headers['x-ratelimit-remaining']) ?? first(headers['x-rate-limit-remaining']);
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}
