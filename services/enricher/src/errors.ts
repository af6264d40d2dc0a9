export const PROVIDER_ERROR_CODES = [
  'timeout',
  'rate_limited',
  'server_error',
  'unauthorized',
  'bad_response',
  'network',
  'not_ready',
  'snapshot_failed',
] as const;
export type ProviderErrorCode = (typeof PROVIDER_ERROR_CODES)[number];

/**
 * A provider could not answer (outage, quota, garbage). The waterfall turns it into a reason on a
 * partial result and a refund; it never escapes a handler. Messages carry no names, emails or URLs
 * with query strings: they end up in events and logs.
 */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    readonly provider: string,
    readonly code: ProviderErrorCode,
    detail: string,
    readonly status?: number,
  ) {
    super(`${provider}: ${code}: ${detail}`);
  }
}

/** The signal named in an enrich request does not exist in that workspace. */
export class SignalNotFoundError extends Error {
  readonly code = 'signal_not_found';
  constructor(readonly signalId: string) {
    super(`signal ${signalId} not found in the workspace`);
  }
}
