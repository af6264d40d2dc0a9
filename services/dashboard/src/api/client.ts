import { ApiError, problemFrom } from './problem.ts';

export const API_BASE = '/api/v1';
const SAFE = new Set(['GET', 'HEAD']);

/** The double-submit CSRF token the gateway set in the readable ir_csrf cookie. */
export function csrfToken(): string | undefined {
  const m = /(?:^|;\s*)ir_csrf=([^;]+)/.exec(document.cookie);
  return m?.[1] ? decodeURIComponent(m[1]) : undefined;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

let refreshing: Promise<boolean> | undefined;

/** Rotates the refresh session once for every request that saw an expired access token. */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      const token = csrfToken();
      if (!token) return false;
      const res = await fetch(`${API_BASE}/auth/refresh`, { method: 'POST', credentials: 'same-origin', headers: { 'x-csrf-token': token } });
      return res.ok;
    } finally {
      setTimeout(() => (refreshing = undefined), 0);
    }
  })();
  return refreshing;
}

async function send(path: string, opts: RequestOptions): Promise<Response> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  // Fastify refuses an empty body sent as JSON, so the content type goes only with a body.
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (!SAFE.has(method)) {
    const token = csrfToken();
    if (token) headers['x-csrf-token'] = token;
  }
  return fetch(`${API_BASE}${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    body: opts.body === undefined ? null : JSON.stringify(opts.body),
    signal: opts.signal ?? null,
  });
}

/** Calls the REST API; problem responses become ApiError; an expired access token is refreshed once. */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  let res = await send(path, opts);
  if (res.status === 401 && !path.startsWith('/auth/')) {
    const err = await problemFrom(res.clone());
    if (err.code === 'invalid_token' && (await refreshSession())) res = await send(path, opts);
  }
  if (!res.ok) throw await problemFrom(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const isUnauthenticated = (err: unknown) => err instanceof ApiError && err.status === 401;
