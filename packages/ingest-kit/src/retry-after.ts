type HeaderValue = string | string[] | undefined;

function first(v: HeaderValue): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** `Retry-After` as delta seconds or an HTTP date, in milliseconds from `now`; undefined when absent. */
export function retryAfterMs(value: HeaderValue, now = Date.now()): number | undefined {
  const v = first(value)?.trim();
  if (!v) return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.ceil(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * How long until a platform's rate-limit window resets, from its headers: Reddit sends
 * `x-ratelimit-reset` in seconds from now, X sends `x-rate-limit-reset` as unix seconds.
 */
export function rateLimitResetMs(headers: Record<string, HeaderValue>, now = Date.now()): number | undefined {
  const reddit = first(headers['x-ratelimit-reset']);
  if (reddit !== undefined && /^\d+(\.\d+)?$/.test(reddit)) return Math.ceil(Number(reddit) * 1000);
  const x = first(headers['x-rate-limit-reset']);
  if (x !== undefined && /^\d+$/.test(x)) return Math.max(0, Number(x) * 1000 - now);
  return undefined;
}

/** Remaining calls in the platform's window, from `x-ratelimit-remaining` / `x-rate-limit-remaining`. */
export function rateLimitRemaining(headers: Record<string, HeaderValue>): number | undefined {
  const v = first(headers['x-ratelimit-remaining']) ?? first(headers['x-rate-limit-remaining']);
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}
