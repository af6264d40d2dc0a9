/** Stable codes for every way an outbound request is refused or fails; callers switch on these. */
export const OUTBOUND_ERROR_CODES = [
  'OUTBOUND_INVALID_URL',
  'OUTBOUND_SCHEME',
  'OUTBOUND_CREDENTIALS',
  'OUTBOUND_BLOCKED_HOST',
  'OUTBOUND_BLOCKED_ADDRESS',
  'OUTBOUND_DNS',
  'OUTBOUND_CONNECT',
  'OUTBOUND_TIMEOUT',
  'OUTBOUND_TOO_LARGE',
  'OUTBOUND_REDIRECT',
] as const;
export type OutboundErrorCode = (typeof OUTBOUND_ERROR_CODES)[number];

/** A refused or failed outbound request. `code` is stable; `message` is safe to show to the URL's owner. */
export class OutboundError extends Error {
  override readonly name = 'OutboundError';
  /** HTTP status when the server answered (a redirect), otherwise undefined. */
  readonly status: number | undefined;
  /** Redirect target as sent by the server; reported, never followed. */
  readonly location: string | undefined;
  /**
   * True when the whole request (headers and body) had been written before the failure: the
   * server may have acted on it, so resending a non-idempotent request can duplicate it.
   * False means it cannot have been received in full (refused, DNS, connect, or cut off earlier).
   */
  readonly requestSent: boolean;

  constructor(
    readonly code: OutboundErrorCode,
    message: string,
    options: { status?: number; location?: string; cause?: unknown; requestSent?: boolean } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = options.status;
    this.location = options.location;
    this.requestSent = options.requestSent ?? false;
  }

  /** The same failure, known to have happened after the request was fully written. */
  withRequestSent(): OutboundError {
    return new OutboundError(this.code, this.message, {
      ...(this.status === undefined ? {} : { status: this.status }),
      ...(this.location === undefined ? {} : { location: this.location }),
      ...(this.cause === undefined ? {} : { cause: this.cause }),
      requestSent: true,
    });
  }

  /** True for refusals decided by policy before any byte was sent (retrying cannot help). */
  get isPolicyRefusal(): boolean {
    switch (this.code) {
      case 'OUTBOUND_INVALID_URL':
      case 'OUTBOUND_SCHEME':
      case 'OUTBOUND_CREDENTIALS':
      case 'OUTBOUND_BLOCKED_HOST':
      case 'OUTBOUND_BLOCKED_ADDRESS':
      case 'OUTBOUND_REDIRECT':
        return true;
      case 'OUTBOUND_DNS':
      case 'OUTBOUND_CONNECT':
      case 'OUTBOUND_TIMEOUT':
      case 'OUTBOUND_TOO_LARGE':
        return false;
    }
  }
}
