import type { ServiceDefinition } from '@intent-radar/service-host';

/**
 * Every service the all-in-one process runs, in start order (stopped in reverse). Each is
 * imported lazily so operator commands that need none of them stay fast. Connections (pool,
 * bus) belong to the runner. A new service registers itself here and in docker-compose.yml.
 */
export const serviceLoaders: { name: string; load(): Promise<ServiceDefinition> }[] = [
  { name: 'scheduler', load: async () => (await import('@intent-radar/scheduler/service')).schedulerService },
  { name: 'ingest-hn', load: async () => (await import('@intent-radar/ingest-hn/service')).ingestHnService },
  { name: 'ingest-reddit', load: async () => (await import('@intent-radar/ingest-reddit/service')).ingestRedditService },
  { name: 'ingest-twitter', load: async () => (await import('@intent-radar/ingest-twitter/service')).ingestTwitterService },
  { name: 'ingest-linkedin', load: async () => (await import('@intent-radar/ingest-linkedin/service')).ingestLinkedinService },
  { name: 'intent-scorer', load: async () => (await import('@intent-radar/intent-scorer/service')).intentScorerService },
  { name: 'dedup-embedder', load: async () => (await import('@intent-radar/dedup-embedder/service')).dedupEmbedderService },
  { name: 'notifier', load: async () => (await import('@intent-radar/notifier/service')).notifierService },
  { name: 'enricher', load: async () => (await import('@intent-radar/enricher/service')).enricherService },
  { name: 'gateway', load: async () => (await import('@intent-radar/gateway/service')).gatewayService },
];
