/** An RFC 9457 problem answered by the API; `detail` is written for people and is shown as-is. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    /** Extension members, e.g. `position` and `expected` of a query syntax error. */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'ApiError';
  }

  /** Character offset into the submitted query, when the API reported one. */
  get position(): number | undefined {
    const p = this.extensions.position;
    return typeof p === 'number' ? p : undefined;
  }
}

/** Reads a problem+json body (or anything else) into an ApiError. */
export async function problemFrom(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const code = typeof body.code === 'string' ? body.code : `http_${res.status}`;
    const detail = typeof body.detail === 'string' ? body.detail : typeof body.title === 'string' ? body.title : res.statusText;
    return new ApiError(res.status, code, detail, body);
  } catch {
    return new ApiError(res.status, `http_${res.status}`, res.status >= 500 ? 'The server had a problem; try again in a moment.' : res.statusText || 'Request failed');
  }
}

/** A sentence for any thrown value, for error states. */
export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.detail;
  if (err instanceof TypeError) return 'Cannot reach Intent Radar. Check your connection and try again.';
  return err instanceof Error ? err.message : 'Something went wrong.';
}
