import { runConsumer, type Bus, type ConsumerHandle, type RetryPolicy } from '@intent-radar/bus';
import type { Logger } from '@intent-radar/logger';
import { consumers, headers, msgIds, rescoreSlotOf, streams, subjects, type EventOf } from '@intent-radar/proto-schemas';
import { metrics, type Service } from '@intent-radar/runtime';
import type { IntentScorerConfig } from './config.ts';
import { hashOfNormalized } from './content-hash.ts';
import { normalizeInput, relevanceOfNormalized, type NormalizedText } from './model/index.ts';
import { ScoreCache, type ScoredText } from './score-cache.ts';
import { localScorer, type PostScorer } from './scorer.ts';

export const SERVICE_NAME = 'intent-scorer';

/** Local scoring is CPU only; retries cover the publish of the scored event. */
export const scoreRetryPolicy: RetryPolicy = {
  maxDeliver: 6,
  backoffMs: [500, 2_000, 10_000, 30_000, 120_000],
  ackWaitMs: 60_000,
};

export interface IntentScorerDeps {
  bus: Bus;
  config: Pick<IntentScorerConfig, 'SCORER_CONCURRENCY' | 'SCORE_CACHE_SIZE'>;
  logger: Logger;
  /** Defaults to the local model; the LLM cascade wraps it when configured. */
  scorer?: PostScorer;
}

export interface IntentScorer extends Service {
  ready(): boolean;
  readonly cache: ScoreCache;
}

const postsScored = metrics.counter('intent_scorer_posts_total', 'Raw posts handled, by outcome (scored, cache_hit).', ['outcome']);
const scoreHistogram = metrics.histogram('intent_scorer_score', 'Intent scores published.', ['scored_by'], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

/**
 * The intent scorer: consumes posts.raw.>, scores each distinct text once (content-hash cache)
 * and publishes post.scored.v1 on posts.scored.<platform>.
 *
 * Stage 1 of the cascade (does the post really match the monitor's query) is done by the
 * ingestors with @intent-radar/query: a raw post carries the monitors it was confirmed for in
 * `matches`. The score is per post, not per monitor: the event carries the post's relevance
 * profile, and whoever knows a monitor's context sentence applies it (monitorRelevance,
 * scoreForMonitor) before comparing with the monitor's min score.
 */
export function buildIntentScorer({ bus, config, logger, scorer = localScorer }: IntentScorerDeps): IntentScorer {
  const cache = new ScoreCache(config.SCORE_CACHE_SIZE);
  // Concurrent deliveries of the same text wait for one scoring instead of each calling the scorer.
  const pending = new Map<string, Promise<ScoredText>>();
  let handle: ConsumerHandle | undefined;

  /** `norm`: the post's normalized text, which the content hash was taken of. */
  async function scoreText(post: EventOf<'post.raw.v1'>['data'], norm: NormalizedText): Promise<ScoredText> {
    const relevance = relevanceOfNormalized(norm);
    const analysis = await scorer.score({ title: post.title, content: post.content, platform: post.platform, kind: post.kind });
    return { analysis, relevance };
  }

  /** `fresh`: a re-score asks for a new analysis, so the cached one (what it replaces) is not reused. */
  async function analyse(post: EventOf<'post.raw.v1'>['data'], norm: NormalizedText, hash: string, fresh: boolean): Promise<{ scored: ScoredText; hit: boolean }> {
    const cached = fresh ? undefined : cache.get(hash);
    if (cached) return { scored: cached, hit: true };
    let job = fresh ? undefined : pending.get(hash);
    if (!job) {
      job = scoreText(post, norm);
      pending.set(hash, job);
      job.then((a) => cache.set(hash, a), () => undefined).finally(() => pending.delete(hash)).catch(() => undefined);
      return { scored: await job, hit: false };
    }
    return { scored: await job, hit: true };
  }

  return {
    cache,
    async start() {
      handle = await runConsumer({
        bus,
        service: SERVICE_NAME,
        stream: streams.posts,
        durable: consumers.intentScorer,
        filterSubject: subjects.postsRawAll,
        eventType: 'post.raw.v1',
        concurrency: config.SCORER_CONCURRENCY,
        retry: scoreRetryPolicy,
        handler: async (event, ctx) => {
          const post = event.data;
          // Normalized once: the hash is of this text, and a cache miss profiles the same text.
          const norm = normalizeInput(post.title, post.content);
          const hash = hashOfNormalized(norm.text);
          // A jobs.rescore request is the stored post again; only its msg id (msgIds.rescorePost, with
          // the job slot) tells it apart. Its answer gets an id of its own: under the first score's id
          // JetStream would drop it as a repeat, while a redelivered request still maps to the same id.
          const rescoreSlot = rescoreSlotOf(ctx.headers?.get(headers.msgId), post.platform, post.externalId);
          const rescore = rescoreSlot !== undefined;
          const { scored, hit } = await analyse(post, norm, hash, rescore);
          const { analysis, relevance } = scored;
          // The bus sends the publishes of one event-loop turn as one socket write (coalesced-writes.ts).
          await bus.publish(
            'post.scored.v1',
            subjects.postScored(post.platform),
            { ...post, contentHash: hash, analysis, relevance: { categories: [...relevance.categories], enterprise: relevance.enterprise }, rescore },
            {
              msgId: rescore ? msgIds.rescoredPost(post.platform, post.externalId, rescoreSlot) : msgIds.scoredPost(post.platform, post.externalId),
              traceparent: ctx.traceparent,
            },
          );
          postsScored.inc({ outcome: hit ? 'cache_hit' : 'scored' });
          scoreHistogram.observe({ scored_by: analysis.scored_by.startsWith('llm') ? 'llm' : 'local' }, analysis.intent_score);
          ctx.logger.debug({ postId: msgIds.post(post.platform, post.externalId), score: analysis.intent_score, cacheHit: hit, rescore }, 'post scored');
        },
      });
      logger.info({ cacheSize: config.SCORE_CACHE_SIZE, concurrency: config.SCORER_CONCURRENCY }, 'intent scorer consuming posts.raw.>');
    },
    ready: () => handle !== undefined && bus.isConnected(),
    async stop() {
      await handle?.stop();
      handle = undefined;
    },
  };
}
