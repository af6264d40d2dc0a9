import type { FastifyReply } from 'fastify';
import { ACCESS_TTL_SECONDS, REFRESH_TTL_SECONDS } from './tokens.ts';

/** Cookie names; the dashboard reads only ir_csrf. */
export const COOKIE = { access: 'ir_at', refresh: 'ir_rt', csrf: 'ir_csrf' } as const;

/** The refresh cookie is only ever sent to the auth routes. */
const REFRESH_PATH = '/api/v1/auth';

export interface SessionCookies {
  accessToken: string;
  refreshToken: string;
  csrfToken: string;
}

/** Sets the three session cookies: access (Lax), refresh (Strict, auth path only), CSRF (readable by JS). */
export function setSessionCookies(reply: FastifyReply, c: SessionCookies, secure: boolean): void {
  reply.setCookie(COOKIE.access, c.accessToken, { httpOnly: true, secure, sameSite: 'lax', path: '/', maxAge: ACCESS_TTL_SECONDS });
  reply.setCookie(COOKIE.refresh, c.refreshToken, { httpOnly: true, secure, sameSite: 'strict', path: REFRESH_PATH, maxAge: REFRESH_TTL_SECONDS });
  reply.setCookie(COOKIE.csrf, c.csrfToken, { httpOnly: false, secure, sameSite: 'strict', path: '/', maxAge: REFRESH_TTL_SECONDS });
}

export function clearSessionCookies(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(COOKIE.access, { path: '/', secure });
  reply.clearCookie(COOKIE.refresh, { path: REFRESH_PATH, secure });
  reply.clearCookie(COOKIE.csrf, { path: '/', secure });
}
