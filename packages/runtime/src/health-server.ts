import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@intent-radar/logger';
import { metrics } from './metrics.ts';

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

export interface HealthServerOptions {
  port: number;
  host?: string;
  logger: Logger;
  /** Ready means: dependencies reachable and consumers running. */
  ready: () => boolean | Promise<boolean>;
}

/** Serves /healthz (process alive), /readyz (ready to take work) and Prometheus /metrics. */
export async function startHealthServer({ port, host = '0.0.0.0', logger, ready }: HealthServerOptions): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const reply = (status: number, body: string, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    switch (path) {
      case '/healthz':
        return reply(200, '{"status":"ok"}');
      case '/readyz':
        Promise.resolve()
          .then(ready)
          .then(
            (ok) => reply(ok ? 200 : 503, JSON.stringify({ status: ok ? 'ready' : 'not_ready' })),
            () => reply(503, '{"status":"not_ready"}'),
          );
        return;
      case '/metrics':
        metrics.registry.metrics().then(
          (text) => reply(200, text, metrics.registry.contentType),
          (err: unknown) => {
            logger.error({ err }, 'metrics collection failed');
            reply(500, '');
          },
        );
        return;
      default:
        return reply(404, '{"status":"not_found"}');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  logger.debug({ port: actual }, 'health server listening');
  return {
    port: actual,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
