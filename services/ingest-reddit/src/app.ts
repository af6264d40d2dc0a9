import type { Bus } from '@intent-radar/bus';
import { buildIngestor } from '@intent-radar/ingest-kit';
import type { Logger } from '@intent-radar/logger';
import type { Service } from '@intent-radar/runtime';
import { firehosePollPeriods, type IngestRedditConfig } from './config.ts';
import { RedditIngest } from './reddit-ingest.ts';
import { snoowrapSource, type RedditSource } from './reddit-source.ts';

export const SERVICE_NAME = 'ingest-reddit';

export interface IngestRedditDeps {
  bus: Bus;
  config: IngestRedditConfig;
  logger: Logger;
  /** Defaults to snoowrap against REDDIT_BASE_URL (or the real hosts). */
  source?: RedditSource;
  matcherWorker?: boolean;
}

/** Reddit: search per query and the /r/all firehose (posts and comments), matched locally. */
export function buildIngestReddit({ bus, config, logger, source, matcherWorker }: IngestRedditDeps): Service & ReturnType<typeof buildIngestor> {
  const { pollMs, minPollMs } = firehosePollPeriods(config);
  const reddit = new RedditIngest(
    source ??
      snoowrapSource({
        baseUrl: config.REDDIT_BASE_URL,
        clientId: config.REDDIT_CLIENT_ID,
        clientSecret: config.REDDIT_CLIENT_SECRET,
        userAgent: config.REDDIT_USER_AGENT,
        timeoutMs: config.REDDIT_REQUEST_TIMEOUT_MS,
      }),
    {
      maxPages: config.REDDIT_MAX_PAGES,
      backfillMs: config.REDDIT_SEARCH_BACKFILL_HOURS * 3_600_000,
      stallMs: config.REDDIT_FIREHOSE_RESYNC_MS,
      pollMs,
      // A busy stream polls as fast as the budget's average pace (600 ms for 100/min), slower
      // when searches have taken part of the window.
      minPollMs,
      budgetWindowMs: config.REDDIT_BUDGET_WINDOW_MS,
    },
  );
  return buildIngestor({
    bus,
    platform: 'reddit',
    logger: logger.child({ service: SERVICE_NAME }),
    // Reserved 1/20 of the window at a time (5 of Reddit's 100/min): one KV CAS per five calls.
    budgets: [{ name: 'requests', limit: config.REDDIT_REQUESTS_PER_MIN, window: { ms: config.REDDIT_BUDGET_WINDOW_MS }, reserve: Math.max(1, Math.floor(config.REDDIT_REQUESTS_PER_MIN / 20)) }],
    concurrency: config.INGEST_CONCURRENCY,
    firehoseLeaseMs: config.REDDIT_FIREHOSE_LEASE_MS,
    firehosePollMs: pollMs,
    matcherWorker,
    source: {
      search: (job, ctx) => reddit.search(job, ctx),
      firehoseStep: (ctx) => reddit.firehoseStep(ctx),
    },
  });
}
