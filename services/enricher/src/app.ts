import { connectBus, runConsumer, type Bus, type ConsumerHandle } from '@intent-radar/bus';
import { createPool, type Pool } from '@intent-radar/db';
import type { Logger } from '@intent-radar/logger';
import { consumers, streams, subjects } from '@intent-radar/proto-schemas';
import { metrics, type Service } from '@intent-radar/runtime';
import { autoEnrich } from './auto-enrich.ts';
import type { EnricherConfig } from './config.ts';
import { EnrichHandler } from './enrich-handler.ts';
import { BrightData } from './providers/brightdata.ts';
import { Hunter } from './providers/hunter.ts';
import { PlatformProfiles } from './providers/platform-profile.ts';
import { SerpApi } from './providers/serpapi.ts';
import type { Providers } from './waterfall/waterfall.ts';

export interface EnricherDeps {
  config: EnricherConfig;
  logger: Logger;
  /** Injected by tests and the all-in-one runner; otherwise connected from the config. */
  bus?: Bus;
  pool?: Pool;
}

export interface Enricher extends Service {
  readonly handler: EnrichHandler;
}

const DAY_MS = 86_400_000;

/** The provider clients the waterfall uses, from the configuration. */
export function providersFromConfig(config: EnricherConfig): Providers {
  const timeoutMs = config.ENRICH_PROVIDER_TIMEOUT_MS;
  return {
    profiles: new PlatformProfiles({
      hnBaseUrl: config.HN_FIREBASE_BASE_URL,
      redditBaseUrl: config.REDDIT_BASE_URL,
      redditAuthBaseUrl: config.REDDIT_AUTH_BASE_URL.replace(/\/+$/, ''),
      redditClientId: config.REDDIT_CLIENT_ID,
      redditClientSecret: config.REDDIT_CLIENT_SECRET,
      redditUserAgent: config.REDDIT_USER_AGENT,
      xBaseUrl: config.X_BASE_URL,
      xBearerToken: config.X_BEARER_TOKEN,
      timeoutMs,
    }),
    serpapi: new SerpApi({ baseUrl: config.SERPAPI_BASE_URL, apiKey: config.SERPAPI_API_KEY, timeoutMs }),
    brightdata: new BrightData({
      baseUrl: config.BRIGHTDATA_BASE_URL,
      token: config.BRIGHTDATA_TOKEN,
      datasetId: config.BRIGHTDATA_PROFILE_DATASET_ID,
      timeoutMs,
      deadlineMs: config.ENRICH_BRIGHTDATA_DEADLINE_MS,
      pollMs: config.ENRICH_BRIGHTDATA_POLL_MS,
    }),
    hunter: new Hunter({ baseUrl: config.HUNTER_BASE_URL, apiKey: config.HUNTER_API_KEY, timeoutMs }),
  };
}

/** Builds the enricher: enrich.requested (work queue) and auto-enrich rules on signals.created -> signals.enriched. */
export async function buildEnricher(deps: EnricherDeps): Promise<Enricher> {
  const { config, logger } = deps;
  const ownsBus = !deps.bus;
  const ownsPool = !deps.pool;
  const bus = deps.bus ?? (await connectBus({ url: config.NATS_URL, name: 'enricher', logger, namespace: config.BUS_NAMESPACE }));
  const pool = deps.pool ?? createPool({ connectionString: config.DATABASE_URL, applicationName: 'enricher', logger });
  const handler = new EnrichHandler({
    pool,
    bus,
    logger,
    providers: providersFromConfig(config),
    policy: {
      chargeOnlyReachable: config.ENRICH_CHARGE_ONLY_REACHABLE,
      cacheTtlMs: Math.round(config.ENRICH_CACHE_TTL_DAYS * DAY_MS),
      allowDomainGuess: config.ENRICH_ALLOW_DOMAIN_GUESS,
    },
  });
  const outcomes = metrics.counter('enricher_requests_total', 'Enrich requests by outcome', ['status', 'charged', 'cache']);
  const autoRequests = metrics.counter('enricher_auto_requests_total', 'Enrich requests published by auto-enrich rules');
  // Worst case of one request: every provider call plus the Bright Data deadline.
  const ackWaitMs = 60_000;
  const handles: ConsumerHandle[] = [];

  return {
    handler,
    async start() {
      handles.push(
        await runConsumer({
          bus,
          service: 'enricher',
          stream: streams.enrich,
          durable: consumers.enricher,
          filterSubject: subjects.enrichRequested,
          eventType: 'enrich.requested.v1',
          concurrency: config.ENRICH_CONCURRENCY,
          retry: { maxDeliver: 5, backoffMs: [1_000, 5_000, 30_000, 60_000], ackWaitMs },
          handler: async (event, ctx) => {
            const out = await handler.handle(event.data, ctx);
            outcomes.inc({ status: out.status, charged: String(out.charged), cache: out.fromCache ? 'hit' : 'miss' });
          },
        }),
      );
      handles.push(
        await runConsumer({
          bus,
          service: 'enricher',
          stream: streams.signals,
          durable: consumers.enricherAuto,
          filterSubject: subjects.signalsCreatedAll,
          eventType: 'signal.created.v1',
          concurrency: 4,
          handler: async (event, ctx) => {
            if (await autoEnrich({ db: pool, bus, logger: ctx.logger }, event.data, ctx.traceparent)) autoRequests.inc();
          },
        }),
      );
      logger.info('enricher started');
    },
    async stop() {
      await Promise.all(handles.splice(0).map((h) => h.stop()));
      if (ownsBus) await bus.close();
      if (ownsPool) await pool.end();
    },
    ready: () => bus.isConnected(),
  };
}
