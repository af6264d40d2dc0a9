import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Pool } from 'pg';
import type Stripe from 'stripe';
import type { Logger } from '@intent-radar/logger';
import type { Bus } from '@intent-radar/bus';
import { traceHttpRequests, type Service } from '@intent-radar/runtime';
import type { GatewayConfig } from './config.ts';
import { registerProblemHandlers } from './http/problem.ts';
import { registerSecurity } from './http/security.ts';
import { registerRequestMetrics } from './http/request-metrics.ts';
import { authPlugin } from './auth/authenticate.ts';
import { accountRoutes } from './routes/accounts.ts';
import { apiKeyRoutes } from './routes/api-keys.ts';
import { memberRoutes } from './routes/members.ts';
import { inviteRoutes } from './routes/invites.ts';
import { monitorRoutes } from './routes/monitors.ts';
import { signalRoutes } from './routes/signals.ts';
import { destinationRoutes } from './routes/destinations.ts';
import { workspaceRoutes } from './routes/workspace.ts';
import { billingRoutes } from './routes/billing.ts';
import { streamRoutes } from './live/stream-route.ts';
import { SignalStream } from './live/signal-stream.ts';
import { ApiKeyCache } from './auth/api-key-cache.ts';
import { ApiKeyRateLimiter } from './auth/api-key-rate-limit.ts';
import { registerDashboard } from './http/dashboard-static.ts';

export interface GatewayDeps {
  config: GatewayConfig;
  logger: Logger;
  pool: Pool;
  bus: Bus;
  /** Absent when STRIPE_SECRET_KEY is not configured: billing routes answer 503. */
  stripe?: Stripe | undefined;
  /** Default: a 5-second cache; bench:api passes a 0 ms one to measure without it. */
  apiKeyCache?: ApiKeyCache | undefined;
}

export interface Gateway extends Service {
  /** The fastify instance; tests call app.inject(). */
  app: FastifyInstance;
  /** Bound port after start(). */
  port(): number;
  ready(): boolean;
}

/** What every route plugin receives. */
export interface RouteDeps extends Omit<GatewayDeps, 'apiKeyCache'> {
  signalStream: SignalStream;
  /** Verified API keys, briefly: saves the lookup on most API-key requests. */
  apiKeyCache: ApiKeyCache;
  apiKeyLimiter: ApiKeyRateLimiter;
}

export type App = FastifyInstance;
export const typed = (app: FastifyInstance) => app.withTypeProvider<ZodTypeProvider>();

/** Builds the gateway: security, problem errors, auth, OpenAPI and every /api/v1 route. */
export async function buildGateway(deps: GatewayDeps): Promise<Gateway> {
  const { config, logger } = deps;
  const httpLogger: FastifyBaseLogger = logger.child({ component: 'http' });
  const app = Fastify({
    loggerInstance: httpLogger,
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: false,
    routerOptions: { maxParamLength: 200 },
    requestIdHeader: false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerProblemHandlers(app);
  await registerSecurity(app, { corsOrigins: config.CORS_ORIGINS });
  registerRequestMetrics(app);
  traceHttpRequests(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Intent Radar API', version: '1.0.0', description: 'Buying-intent signals, monitors, alerts and billing.' },
      servers: [{ url: config.PUBLIC_URL }],
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'API key `ir_...` or an access token' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'ir_at' },
        },
      },
      security: [{ apiKey: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());

  const signalStream = new SignalStream(deps.bus, logger.child({ component: 'signal-stream' }));
  const apiKeyLimiter = new ApiKeyRateLimiter({ read: config.RATE_LIMIT_READS_PER_MIN, write: config.RATE_LIMIT_WRITES_PER_MIN, export: config.RATE_LIMIT_EXPORTS_PER_MIN });
  const routeDeps: RouteDeps = { ...deps, signalStream, apiKeyCache: deps.apiKeyCache ?? new ApiKeyCache(), apiKeyLimiter };
  await app.register(
    async (api) => {
      await api.register(authPlugin, routeDeps);
      await api.register(accountRoutes, routeDeps);
      await api.register(apiKeyRoutes, routeDeps);
      await api.register(memberRoutes, routeDeps);
      await api.register(inviteRoutes, routeDeps);
      await api.register(monitorRoutes, routeDeps);
      await api.register(signalRoutes, routeDeps);
      await api.register(destinationRoutes, routeDeps);
      await api.register(workspaceRoutes, routeDeps);
      await api.register(billingRoutes, routeDeps);
      await api.register(streamRoutes, routeDeps);
    },
    { prefix: '/api/v1' },
  );
  await registerDashboard(app);

  let port = 0;
  return {
    app,
    port: () => port,
    async start() {
      await app.listen({ port: config.GATEWAY_PORT, host: '0.0.0.0' });
      const addr = app.server.address();
      port = typeof addr === 'object' && addr ? addr.port : config.GATEWAY_PORT;
      logger.info({ port }, 'gateway listening');
    },
    ready: () => deps.bus.isConnected(),
    async stop() {
      signalStream.close();
      await app.close();
    },
  };
}
