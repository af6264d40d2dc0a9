import type { FastifyInstance } from 'fastify';
import { metrics } from '@intent-radar/runtime';

const duration = metrics.histogram('gateway_http_request_duration_seconds', 'HTTP request duration by route and status class', ['method', 'route', 'status']);

/** Records request duration per route pattern (never the raw URL: ids would explode cardinality). */
export function registerRequestMetrics(app: FastifyInstance): void {
  app.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? 'unmatched';
    duration.observe({ method: req.method, route, status: `${Math.floor(reply.statusCode / 100)}xx` }, reply.elapsedTime / 1000);
    done();
  });
}
