import { Agent, request, type Dispatcher } from 'undici';
import type { z } from 'zod';
import { retryAfterMs } from './retry-after.ts';
import { errorForStatus, SourceMalformedError, SourceUnavailableError } from './source-errors.ts';

/** One keep-alive pool per process for the undici-based sources (HN, Bright Data). */
export const sourceAgent: Dispatcher = new Agent({ connections: 128, keepAliveTimeout: 10_000, pipelining: 1 });

export interface SourceRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Whole request (headers and body) must finish within this. Milliseconds. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** The parsed, validated body plus the response headers (rate-limit headers, Retry-After). */
export interface SourceResponse<T> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Calls a platform and returns the body as text, turning transport failures and error statuses
 * into typed SourceErrors (status codes via errorForStatus, dropped or truncated bodies as
 * unavailable). For endpoints that answer plain text (Bright Data's cancel) or several shapes.
 */
export async function fetchSourceText(url: string, opts: SourceRequest = {}): Promise<SourceResponse<string>> {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const signals = [AbortSignal.timeout(timeoutMs), ...(opts.signal ? [opts.signal] : [])];
  let status: number;
  let headers: SourceResponse<unknown>['headers'];
  let text: string;
  try {
    const res = await request(url, {
      method: opts.method ?? 'GET',
      headers: { accept: 'application/json', 'user-agent': 'intent-radar/0.1', ...opts.headers },
      body: opts.body,
      dispatcher: sourceAgent,
      signal: AbortSignal.any(signals),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    status = res.statusCode;
    headers = res.headers;
    text = await res.body.text();
  } catch (err) {
    throw new SourceUnavailableError(`request to ${redact(url)} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const failure = errorForStatus(status, text.slice(0, 200), retryAfterMs(headers['retry-after']));
  if (failure) throw failure;
  return { status, body: text, headers };
}

/**
 * Calls a platform and validates the JSON body with `schema`, turning every failure into a typed
 * SourceError: status codes via errorForStatus, dropped or truncated bodies as unavailable, bad
 * JSON or a wrong shape as malformed.
 */
export async function fetchSourceJson<S extends z.ZodType>(url: string, schema: S, opts: SourceRequest = {}): Promise<SourceResponse<z.infer<S>>> {
  const { status, body: text, headers } = await fetchSourceText(url, opts);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new SourceMalformedError(`body of ${redact(url)} is not JSON (${text.length} bytes)`, { cause: err });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new SourceMalformedError(`body of ${redact(url)} has an unexpected shape: ${parsed.error.message.slice(0, 300)}`);
  return { status, body: parsed.data, headers };
}

/** Query strings may carry API keys; logs get the path only. */
function redact(url: string): string {
  const i = url.indexOf('?');
  return i < 0 ? url : `${url.slice(0, i)}?…`;
}
