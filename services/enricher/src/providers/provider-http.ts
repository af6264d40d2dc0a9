import { errors as undiciErrors, request } from 'undici';
import type { z } from 'zod';
import { ProviderError } from '../errors.ts';

/** Largest provider answer read; a profile or a search page is far smaller. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

export interface ProviderCall {
  provider: string;
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Milliseconds for the whole call (connect, headers, body). */
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface ProviderAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * One HTTP call to a configured provider host (never a URL taken from scraped data: those go
 * through @intent-radar/outbound). Timeouts, network errors, 429 and 5xx become ProviderError;
 * other statuses are returned for the provider to interpret.
 */
export async function callProvider(call: ProviderCall): Promise<ProviderAnswer> {
  const timeout = AbortSignal.timeout(call.timeoutMs);
  const signal = call.signal ? AbortSignal.any([timeout, call.signal]) : timeout;
  let status: number;
  let headers: Record<string, string | string[] | undefined>;
  let text: string;
  try {
    const res = await request(call.url, {
      method: call.method ?? 'GET',
      headers: { accept: 'application/json', ...call.headers },
      body: call.body ?? null,
      signal,
      headersTimeout: call.timeoutMs,
      bodyTimeout: call.timeoutMs,
    });
    status = res.statusCode;
    headers = res.headers;
    const length = Number(res.headers['content-length'] ?? 0);
    if (length > MAX_BODY_BYTES) {
      await res.body.dump();
      throw new ProviderError(call.provider, 'bad_response', `answer of ${length} bytes is too large`, status);
    }
    text = await res.body.text();
  } catch (err) {
    if (err instanceof ProviderError) throw err;
    if (timeout.aborted || err instanceof undiciErrors.HeadersTimeoutError || err instanceof undiciErrors.BodyTimeoutError)
      throw new ProviderError(call.provider, 'timeout', `no answer within ${call.timeoutMs} ms`);
    if (call.signal?.aborted) throw new ProviderError(call.provider, 'timeout', 'cancelled (shutdown)');
    const code = (err as { code?: string }).code ?? (err instanceof Error ? err.name : 'error');
    throw new ProviderError(call.provider, 'network', `request failed (${code})`);
  }
  if (status === 429) throw new ProviderError(call.provider, 'rate_limited', 'HTTP 429 (rate limit or quota)', status);
  if (status >= 500) throw new ProviderError(call.provider, 'server_error', `HTTP ${status}`, status);
  if (status === 401) throw new ProviderError(call.provider, 'unauthorized', 'HTTP 401 (credentials refused)', status);
  return { status, headers, text };
}

/** Parses a JSON answer and validates the parts we read; anything else is a bad response. */
export function parseAnswer<S extends z.ZodType>(provider: string, answer: ProviderAnswer, schema: S): z.infer<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(answer.text);
  } catch {
    throw new ProviderError(provider, 'bad_response', `HTTP ${answer.status} with a body that is not JSON`, answer.status);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ProviderError(provider, 'bad_response', `unexpected JSON shape at ${issue?.path.join('.') || '(root)'}`, answer.status);
  }
  return parsed.data;
}

/** Rejects any status outside 2xx that the provider did not handle itself. */
export function expectOk(provider: string, answer: ProviderAnswer): void {
  if (answer.status < 200 || answer.status >= 300) throw new ProviderError(provider, 'bad_response', `HTTP ${answer.status}`, answer.status);
}
