import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';

/** Paths the dashboard's router handles (services/dashboard/src/app.tsx); deep links load the app. */
const CLIENT_ROUTES = ['/', '/login', '/signup', '/accept-invite', '/app', '/app/*'];

/** Where `npm run build` puts the dashboard (services/dashboard/dist). */
export const DASHBOARD_DIST = path.resolve(import.meta.dirname, '../../../dashboard/dist');

/**
 * Serves the built dashboard from the same origin as the API: files under /assets with long
 * caching, and index.html for the app's client-side routes (deep links, reloads).
 * Without a build it serves nothing and says how to make one.
 */
export async function registerDashboard(app: FastifyInstance, root = DASHBOARD_DIST): Promise<void> {
  if (!existsSync(path.join(root, 'index.html'))) {
    app.log.warn({ root }, 'dashboard not built (npm run build): only the API is served');
    return;
  }
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: false,
    // Hashed asset names never change content; index.html must always be revalidated.
    setHeaders: (res, file) => {
      res.setHeader('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  // The app's client-side routes get index.html; every other unknown path stays a 404 problem.
  const page = (_req: FastifyRequest, reply: FastifyReply) => reply.header('cache-control', 'no-cache').sendFile('index.html');
  for (const route of CLIENT_ROUTES) app.get(route, { schema: { hide: true } }, page);
}
