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

  constructor(
    readonly code: OutboundErrorCode,
    message: string,
    options: { status?: number; location?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = options.status;
    this.location = options.location;
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
