/** Why a call to a platform failed; `code` is stable and used for metrics and health. */
export type SourceErrorCode =
  | 'SOURCE_AUTH'
  | 'SOURCE_RATE_LIMITED'
  | 'SOURCE_UNAVAILABLE'
  | 'SOURCE_MALFORMED'
  | 'SOURCE_REJECTED'
  | 'SOURCE_CAPPED';

/** Base of every platform error the ingestors raise. */
export class SourceError extends Error {
  constructor(
    readonly code: SourceErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** 401/403: credentials are wrong or revoked. Retrying cannot help; one surfaced error. */
export class SourceAuthError extends SourceError {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super('SOURCE_AUTH', `platform refused the credentials (${status}): ${detail}`);
  }
}

/** 429 (or an exhausted rate-limit header): wait `retryAfterMs` before the next call. */
export class SourceRateLimitedError extends SourceError {
  constructor(readonly retryAfterMs: number) {
    super('SOURCE_RATE_LIMITED', `rate limited; retry after ${retryAfterMs} ms`);
  }
}

/** 5xx, timeouts, connection drops, truncated bodies: transient, retry with back-off. */
export class SourceUnavailableError extends SourceError {
  constructor(detail: string, options?: ErrorOptions) {
    super('SOURCE_UNAVAILABLE', detail, options);
  }
}

/** A 200 whose body is not the documented shape (bad JSON, wrong fields). Retried: proxies glitch. */
export class SourceMalformedError extends SourceError {
  constructor(detail: string, options?: ErrorOptions) {
    super('SOURCE_MALFORMED', detail, options);
  }
}

/** 4xx other than auth/429: our request is wrong (e.g. a query the platform refuses). Not retried. */
export class SourceRejectedError extends SourceError {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super('SOURCE_REJECTED', `platform rejected the request (${status}): ${detail}`);
  }
}

/** A monthly cap (X Basic tier) is spent: nothing more can be read until the next month. */
export class SourceCappedError extends SourceError {
  constructor(detail: string) {
    super('SOURCE_CAPPED', detail);
  }
}

/** Maps an HTTP status to the error to throw (undefined for 2xx). */
export function errorForStatus(status: number, detail: string, retryAfterMs: number | undefined): SourceError | undefined {
  if (status >= 200 && status < 300) return undefined;
  if (status === 401 || status === 403) return new SourceAuthError(status, detail);
  if (status === 429) return new SourceRateLimitedError(retryAfterMs ?? 60_000);
  if (status >= 500 || status === 408) return new SourceUnavailableError(`HTTP ${status}: ${detail}`);
  return new SourceRejectedError(status, detail);
}

/** Whether retrying the same call later can succeed. */
export function isTransient(err: unknown): boolean {
  if (err instanceof SourceError) return err.code === 'SOURCE_UNAVAILABLE' || err.code === 'SOURCE_MALFORMED' || err.code === 'SOURCE_RATE_LIMITED';
  return true;
}

/**
 * A thrown value as text for an error message (at most `maxLength` characters): its `message`
 * when that is a string, else what String() makes of it, else its type tag. Anything can be thrown, including objects String()
 * itself throws on (`{ toString: false }`, found by the Reddit error fuzz test).
 */
export function describeThrown(err: unknown, maxLength = 500): string {
  const message = (err as { message?: unknown } | null | undefined)?.message;
  let text: string;
  if (typeof message === 'string') text = message;
  else {
    try {
      text = String(err);
    } catch {
      text = Object.prototype.toString.call(err);
    }
  }
  return text.length > maxLength ? `${text.slice(0, maxLength)}...` : text;
}
