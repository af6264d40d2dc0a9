import { afterEach, describe, expect, it } from 'vitest';
import { runConsumer, type Bus, type ConsumerHandle } from '@intent-radar/bus';
import { openTestBus, waitFor } from '@intent-radar/bus/testing';
import { createLogger } from '@intent-radar/logger';
import { catalog, consumers, headers, msgIds, streams, subjects, type EventOf, type IntentAnalysis } from '@intent-radar/proto-schemas';
import { buildIntentScorer, type IntentScorer } from './app.ts';
import { contentHash } from './content-hash.ts';
import { localScorer, type PostScorer } from './scorer.ts';

const logger = createLogger({ service: 'intent-scorer-test', level: 'silent' });

function rawPost(externalId: string, content: string) {
  const now = new Date().toISOString();
  return {
    platform: 'reddit' as const,
    externalId,
    kind: 'post' as const,
    url: `https://reddit.com/r/sales/comments/${externalId}`,
    title: 'ZoomInfo alternative?',
    content,
    author: { handle: 'buyer42' },
    site: 'r/sales',
    createdAt: now,
    fetchedAt: now,
    links: [],
    topComments: [],
    ingestMode: 'search' as const,
    matches: [{ monitorId: 'm1', queryKey: 'zoominfo' }],
  };
}

describe('intent-scorer service (real NATS)', () => {
  let cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanup.reverse()) await c();
    cleanup = [];
  });

  async function setup() {
    const { bus, destroy } = await openTestBus('intent-scorer-test');
    cleanup.push(destroy);
    let calls = 0;
    const counting: PostScorer = {
      score: (input) => {
        calls++;
        return localScorer.score(input);
      },
    };
    const service: IntentScorer = buildIntentScorer({ bus, logger, scorer: counting, config: { SCORER_CONCURRENCY: 4, SCORE_CACHE_SIZE: 100 } });
    await service.start();
    cleanup.push(() => service.stop());
    const scored: EventOf<'post.scored.v1'>[] = [];
    /** Nats-Msg-Id of each scored event, in the order of `scored`. */
    const scoredIds: string[] = [];
    const collector: ConsumerHandle = await runConsumer({
      bus,
      service: 'scored-collector',
      stream: streams.posts,
      durable: 'test-scored-collector',
      filterSubject: subjects.postsScoredAll,
      eventType: 'post.scored.v1',
      pullExpiresMs: 1000,
      handler: (event, ctx) => {
        scored.push(event);
        scoredIds.push(ctx.headers?.get(headers.msgId) ?? '');
        return Promise.resolve();
      },
    });
    cleanup.push(() => collector.stop());
    return { bus, service, scored, scoredIds, calls: () => calls };
  }

  const publishRaw = (bus: Bus, post: ReturnType<typeof rawPost>, msgId: string) => bus.publish('post.raw.v1', subjects.postRaw(post.platform), post, { msgId });

  it('turns a raw post into a scored post with the full analysis', async () => {
    const { bus, scored, service } = await setup();
    const post = rawPost('abc1', "We're a 12-person SDR team, ZoomInfo renewal is next month. Looking for an alternative under $15k/year, recommendations?");
    await publishRaw(bus, post, msgIds.post('reddit', 'abc1'));
    await waitFor(() => scored.length === 1, 20_000, 'scored post');
    const event = scored[0]!;
    expect(event.type).toBe('post.scored.v1');
    expect(event.data.externalId).toBe('abc1');
    expect(event.data.contentHash).toBe(contentHash(post.title, post.content));
    const analysis: IntentAnalysis = event.data.analysis;
    expect(analysis.is_qualified).toBe(true);
    expect(analysis.intent_score).toBeGreaterThanOrEqual(8);
    expect(analysis.competitors_mentioned).toContain('ZoomInfo');
    expect(analysis.scored_by).toBe('local');
    // The monitor-free relevance profile rides along for per-monitor context (ZoomInfo: data provider).
    expect(event.data.relevance?.categories.length).toBeGreaterThan(0);
    expect(service.ready()).toBe(true);
  });

  it('scores the same post once when it arrives twice', async () => {
    const { bus, scored, calls, service } = await setup();
    const post = rawPost('dup1', 'Need a CRM for our 8 reps, HubSpot vs Pipedrive?');
    // Two deliveries of the same post that JetStream does not dedupe (different msg ids, e.g. a re-ingest).
    await publishRaw(bus, post, 'reddit:dup1:first');
    await publishRaw(bus, post, 'reddit:dup1:second');
    // And the same text under another post id: scored once, published for both posts.
    await publishRaw(bus, { ...rawPost('dup2', post.content) }, msgIds.post('reddit', 'dup2'));
    await waitFor(() => scored.some((e) => e.data.externalId === 'dup2'), 20_000, 'second post scored');
    await waitFor(async () => (await bus.jsm.streams.info(bus.namespace.stream(streams.posts))).state.messages >= 5, 10_000, 'all messages stored');
    expect(calls()).toBe(1);
    expect(service.cache.size).toBe(1);
    const info = await bus.jsm.streams.info(bus.namespace.stream(streams.posts));
    // 3 raw + 2 scored: the scored event for dup1 was published twice with one msg id and stored once.
    expect(info.state.messages).toBe(5);
    expect(scored.filter((e) => e.data.externalId === 'dup1')).toHaveLength(1);
  });

  it('a re-score request publishes rescore: true under its own msg id; a replayed one is deduplicated', async () => {
    const { bus, service, scored, scoredIds, calls } = await setup();
    const post = rawPost('rs1', 'Need a CRM for our 8 reps, HubSpot vs Pipedrive?');
    await publishRaw(bus, post, msgIds.post('reddit', 'rs1'));
    await waitFor(() => scored.length === 1, 20_000, 'first score');
    // Two jobs.rescore ticks send the stored post back (dedup-embedder's requestRescore ids).
    await publishRaw(bus, post, msgIds.rescorePost('reddit', 'rs1', 77));
    await waitFor(() => scored.length === 2, 20_000, 'the re-score of slot 77');
    const last = await publishRaw(bus, post, msgIds.rescorePost('reddit', 'rs1', 78));
    await waitFor(() => scored.length === 3, 20_000, 'the re-score of slot 78');
    expect(scored.map((e) => e.data.rescore)).toEqual([false, true, true]);
    expect(scoredIds).toEqual(['scored:reddit:rs1', 'rescored:reddit:rs1:77', 'rescored:reddit:rs1:78']);
    // A re-score is scored again, not answered from the cache it is meant to replace.
    expect(calls()).toBe(3);

    // Redelivery of everything: a new scorer on a recreated durable handles all three raw posts
    // again; each answer repeats its msg id and JetStream keeps none of them.
    await service.stop();
    const physicalPosts = bus.namespace.stream(streams.posts);
    await bus.jsm.consumers.delete(physicalPosts, consumers.intentScorer);
    const replay = buildIntentScorer({ bus, logger, config: { SCORER_CONCURRENCY: 4, SCORE_CACHE_SIZE: 100 } });
    await replay.start();
    cleanup.push(() => replay.stop());
    await waitFor(
      async () => {
        const info = await bus.jsm.consumers.info(physicalPosts, consumers.intentScorer);
        return info.ack_floor.stream_seq >= last.seq && info.num_pending === 0 && info.num_ack_pending === 0;
      },
      20_000,
      'the replay handled',
    );
    const info = await bus.jsm.streams.info(physicalPosts);
    // 3 raw + 3 scored: the replay's three answers were dropped as duplicates.
    expect(info.state.messages).toBe(6);
    expect(scored).toHaveLength(3);
  });

  it('dead-letters a raw post that fails its schema, with the reason, and publishes the next one exactly as a fully checked event', async () => {
    const { bus, scored } = await setup();
    const deadLetters: EventOf<'deadletter.v1'>[] = [];
    const dlqReader = await runConsumer({
      bus,
      service: 'dlq-reader',
      stream: streams.deadLetter,
      durable: 'test-dlq-reader',
      filterSubject: subjects.deadLetter('intent-scorer'),
      eventType: 'deadletter.v1',
      pullExpiresMs: 1000,
      handler: (event) => {
        deadLetters.push(event);
        return Promise.resolve();
      },
    });
    cleanup.push(() => dlqReader.stop());
    // Bytes an ingestor with a bug could send: past the publisher's check, straight onto the subject.
    const bad = { id: 'bad-1', type: 'post.raw.v1', occurredAt: new Date().toISOString(), source: 'rogue', data: { ...rawPost('bad1', 'Need a CRM?'), title: 'x'.repeat(1_001) } };
    await bus.js.publish(bus.namespace.subject(subjects.postRaw('reddit')), JSON.stringify(bad));
    await publishRaw(bus, rawPost('good1', 'Need a CRM for our 8 reps, HubSpot vs Pipedrive?'), msgIds.post('reddit', 'good1'));

    await waitFor(() => deadLetters.length === 1 && scored.length === 1, 20_000, 'one dead letter and one scored post');
    const dl = deadLetters[0]!.data;
    expect(dl.errorCode).toBe('schema_invalid');
    expect(dl.reason).toMatch(/^data\.title: /);
    expect(JSON.parse(Buffer.from(dl.payloadBase64, 'base64').toString())).toEqual(bad);
    expect(scored[0]!.data.externalId).toBe('good1');
    // The bytes are what zod's full check of the whole event gives (same fields, same order): the
    // publisher's fast path (schema-fastpath.ts) stands in for zod only where it agrees.
    const stored = await bus.jsm.streams.getMessage(bus.namespace.stream(streams.posts), { last_by_subj: bus.namespace.subject(subjects.postScored('reddit')) });
    const bytes = new TextDecoder().decode(stored!.data);
    expect(bytes).toBe(JSON.stringify(catalog['post.scored.v1'].schema.parse(JSON.parse(bytes))));
  });

  it('publishes every post of a burst (scored events are sent in batches)', async () => {
    const { bus, scored } = await setup();
    const posts = Array.from({ length: 40 }, (_, i) => rawPost(`burst${i}`, `Need a CRM for our ${i + 2} reps, HubSpot vs Pipedrive?`));
    await bus.publishMany(posts.map((p) => ({ type: 'post.raw.v1' as const, subject: subjects.postRaw(p.platform), data: p, msgId: msgIds.post('reddit', p.externalId) })));
    await waitFor(() => scored.length === posts.length, 30_000, 'every burst post scored');
    expect(new Set(scored.map((e) => e.data.externalId))).toEqual(new Set(posts.map((p) => p.externalId)));
  });
});
