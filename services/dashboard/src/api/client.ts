import { ApiError, problemFrom } from './problem.ts';
import { rememberedWorkspace, rememberWorkspace } from './workspace-choice.ts';

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

/** POST /auth/refresh, for the given workspace (the gateway checks the membership) or the earliest one. */
function postRefresh(workspaceId: string | undefined): Promise<Response> {
  const token = csrfToken();
  const query = workspaceId ? `?workspaceId=${encodeURIComponent(workspaceId)}` : '';
  return fetch(`${API_BASE}/auth/refresh${query}`, { method: 'POST', credentials: 'same-origin', headers: token ? { 'x-csrf-token': token } : {} });
}

/** Rotates the refresh session once for every request that saw an expired access token, staying in the remembered workspace. */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      if (!csrfToken()) return false;
      const wanted = rememberedWorkspace();
      let res = await postRefresh(wanted);
      // No longer a member there (removed meanwhile): the gateway kept the session, so fall back to the earliest workspace.
      if (res.status === 403 && wanted) {
        rememberWorkspace(undefined);
        res = await postRefresh(undefined);
      }
      return res.ok;
    } finally {
      setTimeout(() => (refreshing = undefined), 0);
    }
  })();
  return refreshing;
}

/** Re-issues the session for another workspace of this account; ApiError (403 not_a_member) when it is not one. */
export async function switchWorkspace(workspaceId: string): Promise<void> {
  // Two rotations of the same refresh token look like a stolen token to the gateway: wait for one in flight.
  if (refreshing) await refreshing;
  const res = await postRefresh(workspaceId);
  if (!res.ok) throw await problemFrom(res);
  rememberWorkspace(workspaceId);
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
