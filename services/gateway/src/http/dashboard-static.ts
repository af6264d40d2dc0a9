import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { sendProblem } from './problem.ts';

/** Where `npm run build` puts the dashboard (services/dashboard/dist). */
export const DASHBOARD_DIST = path.resolve(import.meta.dirname, '../../../dashboard/dist');

/**
 * Serves the built dashboard from the same origin as the API: files under /assets with long
 * caching, and index.html for every other GET that is not an API or docs path (client routing).
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
  app.get('/*', { schema: { hide: true } }, (req, reply) => {
    const url = req.url.split('?')[0] ?? '/';
    if (url.startsWith('/api/') || url === '/api' || url.startsWith('/docs')) return sendProblem(reply, req, 404, 'not_found', `no route GET ${url}`);
    if (url.startsWith('/assets/') || path.extname(url) !== '') return sendProblem(reply, req, 404, 'not_found', `no file ${url}`);
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
