import { randomUUID } from 'node:crypto';
import { createLogger } from '@intent-radar/logger';
import { streams, subjects, type EventData } from '@intent-radar/proto-schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDedupEmbedder, type DedupEmbedder } from './app.ts';
import {
  createMonitor,
  createSlackDestination,
  createWorkspace,
  openTestWorld,
  scoredPost,
  streamEvents,
  waitFor,
  type TestWorld,
} from './test-world.ts';

// The service end to end: scored posts in through NATS, rows in Postgres, signals out through the outbox.
let world: TestWorld;
let service: DedupEmbedder;

beforeAll(async () => {
  world = await openTestWorld();
  const logger = createLogger({ service: 'dedup-embedder', level: 'silent' });
  service = buildDedupEmbedder({ bus: world.bus, pool: world.pool, config: world.config, logger });
  await service.start();
});
afterAll(async () => {
  await service?.stop();
  await world?.close();
});

const publishScored = (data: EventData<'post.scored.v1'>, msgId = randomUUID()) =>
  world.bus.publish('post.scored.v1', subjects.postScored(data.platform), data, { msgId });

async function signalEventsFor(postIdOrMonitor: { monitorIds: string[] }) {
  const events = await streamEvents(world.bus, streams.signals, 'signal.created.v1');
  return events.filter((e) => postIdOrMonitor.monitorIds.includes(e.event.data.monitorId));
}

async function postRows(externalId: string) {
  const { rows } = await world.pool.query<{
    id: string;
    duplicate_of: string | null;
    embedding_model: string;
  }>('SELECT id, duplicate_of, embedding_model FROM posts WHERE external_id = $1', [externalId]);
  return rows;
}

describe('dedup-embedder', () => {
  it('stores a post delivered three times once, with one signal and one event per monitor', async () => {
    const ws = await createWorkspace(world.pool);
    const monitorIds = [
      await createMonitor(world.pool, { workspaceId: ws }),
      await createMonitor(world.pool, { workspaceId: ws, queryKey: 'apollo alternative' }),
    ];
    const post = scoredPost({
      content: 'Looking for a ZoomInfo alternative, Apollo bounces too much, budget 400 a month',
      monitorIds,
    });
    // Three deliveries: distinct msg ids, as after the stream's duplicate window or from a replay.
    for (let i = 0; i < 3; i++) await publishScored(post);

    await waitFor(
      async () => (await signalEventsFor({ monitorIds })).length >= 2,
      'two signal.created events',
    );
    await waitFor(async () => {
      const info = await world.bus.jsm.consumers.info(
        world.bus.namespace.stream(streams.posts),
        'dedup-embedder',
      );
      return info.num_pending === 0 && info.num_ack_pending === 0;
    }, 'all three deliveries handled');
    await service.relay.flush();

    expect(await postRows(post.externalId)).toHaveLength(1);
    const { rows: signals } = await world.pool.query<{ monitor_id: string }>(
      'SELECT monitor_id FROM signals WHERE post_id = $1',
      [(await postRows(post.externalId))[0]!.id],
    );
    expect(signals.map((s) => s.monitor_id).sort()).toEqual([...monitorIds].sort());
    const events = await signalEventsFor({ monitorIds });
    expect(events).toHaveLength(2);
    for (const e of events) {
      expect(e.msgId).toBe(`signal:${e.event.data.signalId}`);
      expect(e.subject).toBe('signals.created.reddit');
      expect(e.event.data.workspaceId).toBe(ws);
    }
    const { rows: usage } = await world.pool.query(
      "SELECT count(*)::int AS n FROM usage_events WHERE workspace_id = $1 AND kind = 'signal'",
      [ws],
    );
    expect(usage[0].n).toBe(2);
  });

  it('alerts once for the same text on Reddit and HN and links the second post to the first', async () => {
    const ws = await createWorkspace(world.pool);
    const both = await createMonitor(world.pool, { workspaceId: ws, platforms: ['reddit', 'hackernews'] });
    const hnOnly = await createMonitor(world.pool, { workspaceId: ws, platforms: ['hackernews'] });
    const text =
      'Which CRM do small agencies use to replace spreadsheets for tracking 40 retainer clients? Pipedrive or Close?';
    const reddit = scoredPost({ platform: 'reddit', content: text, monitorIds: [both, hnOnly] });
    await publishScored(reddit);
    await waitFor(async () => (await postRows(reddit.externalId)).length === 1, 'the reddit post');
    const hn = scoredPost({ platform: 'hackernews', content: `Ask HN: ${text}`, monitorIds: [both, hnOnly] });
    await publishScored(hn);
    await waitFor(
      async () => (await signalEventsFor({ monitorIds: [hnOnly] })).length === 1,
      'the HN-only monitor signal',
    );
    await service.relay.flush();

    const [redditRow] = await postRows(reddit.externalId);
    const [hnRow] = await postRows(hn.externalId);
    expect(redditRow!.duplicate_of).toBeNull();
    expect(hnRow!.duplicate_of).toBe(redditRow!.id);
    const forBoth = await signalEventsFor({ monitorIds: [both] });
    expect(forBoth).toHaveLength(1);
    expect(forBoth[0]!.event.data.platform).toBe('reddit');
    // A monitor that only watches HN never saw the Reddit copy: it gets the HN post.
    const forHnOnly = await signalEventsFor({ monitorIds: [hnOnly] });
    expect(forHnOnly.map((e) => e.event.data.postId)).toEqual([hnRow!.id]);

    // A third copy: linked to the same original; the HN-only monitor was served by the second copy.
    const third = scoredPost({
      platform: 'hackernews',
      content: `${text} Thanks!`,
      monitorIds: [both, hnOnly],
    });
    await publishScored(third);
    await waitFor(async () => (await postRows(third.externalId)).length === 1, 'the third copy');
    expect((await postRows(third.externalId))[0]!.duplicate_of).toBe(redditRow!.id);
    const { rows: thirdSignals } = await world.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM signals WHERE post_id = (SELECT id FROM posts WHERE external_id = $1)',
      [third.externalId],
    );
    expect(thirdSignals[0]!.n).toBe(0);
  });

  it('gives each workspace watching the same query its own signal', async () => {
    const wsA = await createWorkspace(world.pool, 'A');
    const wsB = await createWorkspace(world.pool, 'B');
    const monitorIds = [
      await createMonitor(world.pool, { workspaceId: wsA }),
      await createMonitor(world.pool, { workspaceId: wsB }),
    ];
    const inactive = await createMonitor(world.pool, { workspaceId: wsB, active: false });
    const twitterOnly = await createMonitor(world.pool, { workspaceId: wsB, platforms: ['twitter'] });
    const picky = await createMonitor(world.pool, { workspaceId: wsB, minScore: 10 });
    const post = scoredPost({
      content:
        'Our SDR team needs verified mobile numbers, Lusha ran out of credits, what else works in DACH?',
      score: 8,
      monitorIds: [...monitorIds, inactive, twitterOnly, picky],
    });
    await publishScored(post);
    await waitFor(async () => (await signalEventsFor({ monitorIds })).length === 2, 'a signal per workspace');
    await service.relay.flush();

    const events = await signalEventsFor({ monitorIds: [...monitorIds, inactive, twitterOnly, picky] });
    expect(events.map((e) => e.event.data.workspaceId).sort()).toEqual([wsA, wsB].sort());
    const { rows } = await world.pool.query('SELECT count(*)::int AS n FROM posts WHERE external_id = $1', [
      post.externalId,
    ]);
    expect(rows[0].n).toBe(1);
  });

  it('archives signals older than the configured age when jobs.archive ticks', async () => {
    const ws = await createWorkspace(world.pool);
    const monitorId = await createMonitor(world.pool, { workspaceId: ws });
    const oldPost = scoredPost({
      content: 'Need an outbound sequencing tool that integrates with Salesforce sandbox',
      monitorIds: [monitorId],
    });
    const newPost = scoredPost({
      content: 'Evaluating Gong versus Chorus for call recording, 25 seats, decision next month',
      monitorIds: [monitorId],
    });
    await publishScored(oldPost);
    await publishScored(newPost);
    await waitFor(
      async () => (await signalEventsFor({ monitorIds: [monitorId] })).length === 2,
      'two signals',
    );
    await world.pool.query(
      "UPDATE signals SET created_at = now() - interval '100 days' WHERE post_id = (SELECT id FROM posts WHERE external_id = $1)",
      [oldPost.externalId],
    );

    await world.bus.publish(
      'job.scheduled.v1',
      subjects.scheduledJob('archive'),
      { kind: 'archive', slot: 1 },
      { msgId: `test-archive-${randomUUID()}` },
    );
    await waitFor(async () => {
      const { rows } = await world.pool.query(
        "SELECT count(*)::int AS n FROM signals WHERE monitor_id = $1 AND status = 'archived'",
        [monitorId],
      );
      return rows[0].n === 1;
    }, 'the old signal archived');
    const { rows } = await world.pool.query<{
      external_id: string;
      status: string;
      archived_at: Date | null;
    }>(
      'SELECT p.external_id, s.status, s.archived_at FROM signals s JOIN posts p ON p.id = s.post_id WHERE s.monitor_id = $1',
      [monitorId],
    );
    expect(rows.find((r) => r.external_id === oldPost.externalId)?.status).toBe('archived');
    expect(rows.find((r) => r.external_id === newPost.externalId)?.status).toBe('new');
    await waitFor(async () => {
      const updated = await streamEvents(world.bus, streams.signals, 'signal.updated.v1');
      return updated.some((e) => e.event.data.workspaceId === ws && e.event.data.status === 'archived');
    }, 'the signal.updated archived event');
  });

  it('applies a re-score: signals move, a newly qualifying monitor gets its signal, alerts only on crossing', async () => {
    const ws = await createWorkspace(world.pool);
    const relaxed = await createMonitor(world.pool, { workspaceId: ws, minScore: 5 });
    const strict = await createMonitor(world.pool, { workspaceId: ws, minScore: 8 });
    await createSlackDestination(world.pool, ws, 7);
    const first = scoredPost({
      content: 'Anyone moved off HubSpot Sales Hub because of seat pricing? We are 12 reps',
      score: 6,
      monitorIds: [relaxed, strict],
    });
    await publishScored(first);
    await waitFor(
      async () => (await signalEventsFor({ monitorIds: [relaxed] })).length === 1,
      'the first signal',
    );
    expect(await signalEventsFor({ monitorIds: [strict] })).toHaveLength(0);

    const rescored = { ...first, rescore: true, analysis: { ...first.analysis, intent_score: 9 } };
    await publishScored(rescored);
    await waitFor(
      async () => (await signalEventsFor({ monitorIds: [strict] })).length === 1,
      'the strict monitor now qualifying',
    );
    await waitFor(async () => {
      const updated = await streamEvents(world.bus, streams.signals, 'signal.updated.v1');
      return updated.some((e) => e.event.data.workspaceId === ws);
    }, 'signal.updated');
    // The same re-score delivered again changes nothing.
    await publishScored(rescored);
    await waitFor(async () => {
      const info = await world.bus.jsm.consumers.info(
        world.bus.namespace.stream(streams.posts),
        'dedup-embedder',
      );
      return info.num_pending === 0 && info.num_ack_pending === 0;
    }, 'the redelivery handled');
    await service.relay.flush();

    const updated = (await streamEvents(world.bus, streams.signals, 'signal.updated.v1')).filter(
      (e) => e.event.data.workspaceId === ws,
    );
    expect(updated).toHaveLength(1);
    // 6 -> 9 crosses the Slack destination's 7: alert again. The monitor's own 5 was passed already.
    expect(updated[0]!.event.data).toMatchObject({ intentScore: 9, crossedThreshold: true });
    const { rows } = await world.pool.query<{ monitor_id: string; intent_score: number }>(
      'SELECT monitor_id, intent_score FROM signals WHERE post_id = (SELECT id FROM posts WHERE external_id = $1)',
      [first.externalId],
    );
    expect(rows.map((r) => r.intent_score)).toEqual([9, 9]);
    expect((await signalEventsFor({ monitorIds: [relaxed, strict] })).length).toBe(2);

    // 9 -> 8: the score moves, no threshold is newly crossed.
    await publishScored({ ...first, rescore: true, analysis: { ...first.analysis, intent_score: 8 } });
    await waitFor(
      async () =>
        (await streamEvents(world.bus, streams.signals, 'signal.updated.v1')).filter(
          (e) => e.event.data.workspaceId === ws,
        ).length === 3,
      'two more signal.updated',
    );
    const lowered = (await streamEvents(world.bus, streams.signals, 'signal.updated.v1'))
      .filter((e) => e.event.data.workspaceId === ws)
      .slice(1);
    expect(
      lowered.every((e) => e.event.data.intentScore === 8 && e.event.data.crossedThreshold === false),
    ).toBe(true);
  });

  it('scores a post per monitor from its context sentence, on the first store and on re-scores', async () => {
    const ws = await createWorkspace(world.pool);
    // Same query, different sellers: the post asks for a sales-data tool.
    const seller = await createMonitor(world.pool, {
      workspaceId: ws,
      minScore: 7,
      context: 'We sell a ZoomInfo alternative for SMBs',
      name: 'seller',
    });
    const helpdesk = await createMonitor(world.pool, {
      workspaceId: ws,
      minScore: 5,
      context: 'We sell a Zendesk alternative for small teams',
      name: 'helpdesk',
    });
    const helpdeskLenient = await createMonitor(world.pool, {
      workspaceId: ws,
      minScore: 4,
      context: 'We sell a Zendesk alternative for small teams',
      name: 'helpdesk lenient',
    });
    const plain = await createMonitor(world.pool, { workspaceId: ws, minScore: 6, name: 'no context' });
    const monitorIds = [seller, helpdesk, helpdeskLenient, plain];
    await createSlackDestination(world.pool, ws, 8);
    const post = scoredPost({
      content: 'Looking for a ZoomInfo alternative, their data is stale and renewal is 30k',
      score: 6,
      relevance: { categories: ['sales_intelligence'], enterprise: false },
      monitorIds,
    });
    const signalRows = async () =>
      (
        await world.pool.query<{
          monitor_id: string;
          intent_score: number;
          relevance_delta: number;
          relevance_reason: string | null;
        }>(
          `SELECT monitor_id, intent_score, relevance_delta, relevance_reason FROM signals
            WHERE post_id = (SELECT id FROM posts WHERE external_id = $1)`,
          [post.externalId],
        )
      ).rows;
    const scores = async () =>
      Object.fromEntries((await signalRows()).map((r) => [r.monitor_id, r.intent_score]));
    const drained = async () => {
      const info = await world.bus.jsm.consumers.info(
        world.bus.namespace.stream(streams.posts),
        'dedup-embedder',
      );
      return info.num_pending === 0 && info.num_ack_pending === 0;
    };
    const updatesOf = async () =>
      (await streamEvents(world.bus, streams.signals, 'signal.updated.v1')).filter(
        (e) => e.event.data.workspaceId === ws,
      );

    await publishScored(post);
    await waitFor(async () => (await signalRows()).length === 3, 'three signals');
    await waitFor(drained, 'the post handled');
    // 6 +1 for the seller reaches its 7 (admitted although the post alone is below it); 6 -2 for the
    // helpdesk sellers: below 5 (no signal), at 4 (a signal scored 4); no context: 6 as scored.
    expect(await scores()).toEqual({ [seller]: 7, [helpdeskLenient]: 4, [plain]: 6 });
    const rows = await signalRows();
    expect(rows.find((r) => r.monitor_id === seller)).toMatchObject({
      relevance_delta: 1,
      relevance_reason: expect.stringMatching(/which the monitor sells into/),
    });
    expect(rows.find((r) => r.monitor_id === helpdeskLenient)).toMatchObject({
      relevance_delta: -2,
      relevance_reason: expect.stringMatching(/not what the monitor sells/),
    });
    expect(rows.find((r) => r.monitor_id === plain)).toMatchObject({
      relevance_delta: 0,
      relevance_reason: null,
    });
    // The alert carries the monitor's score: the notifier routes destinations by it.
    await service.relay.flush();
    await waitFor(async () => (await signalEventsFor({ monitorIds })).length === 3, 'three signal.created');
    const created = await signalEventsFor({ monitorIds });
    expect(
      Object.fromEntries(created.map((e) => [e.event.data.monitorId, e.event.data.intentScore])),
    ).toEqual({
      [seller]: 7,
      [helpdeskLenient]: 4,
      [plain]: 6,
    });

    // Re-scored to 8: every signal moves by its own relevance; the helpdesk monitor now qualifies
    // (8 - 2 = 6 >= 5). Crossing the destination's 8: the seller (7 -> 9) and no context (6 -> 8).
    await publishScored({ ...post, rescore: true, analysis: { ...post.analysis, intent_score: 8 } });
    await waitFor(async () => (await signalRows()).length === 4, 'the helpdesk monitor qualifying');
    await waitFor(async () => (await updatesOf()).length === 3, 'three signal.updated');
    expect(await scores()).toEqual({ [seller]: 9, [helpdesk]: 6, [helpdeskLenient]: 6, [plain]: 8 });
    const signalIds = Object.fromEntries(
      (
        await world.pool.query<{ id: string; monitor_id: string }>(
          'SELECT id, monitor_id FROM signals WHERE post_id = (SELECT id FROM posts WHERE external_id = $1)',
          [post.externalId],
        )
      ).rows.map((r) => [r.id, r.monitor_id]),
    );
    const crossed = (await updatesOf()).map((e) => [
      signalIds[e.event.data.signalId],
      e.event.data.intentScore,
      e.event.data.crossedThreshold,
    ]);
    expect(crossed.sort()).toEqual(
      [
        [seller, 9, true],
        [helpdeskLenient, 6, false],
        [plain, 8, true],
      ].sort(),
    );

    // A re-score that keeps the post at 8 but finds it is about support tools: the sellers swap.
    await publishScored({
      ...post,
      rescore: true,
      relevance: { categories: ['support'], enterprise: false },
      analysis: { ...post.analysis, intent_score: 8 },
    });
    await waitFor(async () => (await updatesOf()).length === 6, 'three more signal.updated');
    expect(await scores()).toEqual({ [seller]: 6, [helpdesk]: 9, [helpdeskLenient]: 9, [plain]: 8 });
    const swapped = (await updatesOf()).slice(3);
    // helpdesk 6 -> 9 crosses the destination's 8; helpdesk lenient was at 6 too; the seller falls.
    expect(
      swapped
        .map((e) => [
          signalIds[e.event.data.signalId],
          e.event.data.intentScore,
          e.event.data.crossedThreshold,
        ])
        .sort(),
    ).toEqual(
      [
        [seller, 6, false],
        [helpdesk, 9, true],
        [helpdeskLenient, 9, true],
      ].sort(),
    );
    expect((await signalRows()).find((r) => r.monitor_id === plain)).toMatchObject({ relevance_delta: 0 });
  });

  it('sends stored posts back to the scorer when jobs.rescore ticks', async () => {
    const ws = await createWorkspace(world.pool);
    const monitorId = await createMonitor(world.pool, { workspaceId: ws });
    const post = scoredPost({
      content: 'Shopping for a data enrichment API with GDPR-compliant EU coverage, 50k lookups',
      monitorIds: [monitorId],
    });
    await publishScored(post);
    await waitFor(async () => (await postRows(post.externalId)).length === 1, 'the post');
    const [row] = await postRows(post.externalId);

    await world.bus.publish(
      'job.scheduled.v1',
      subjects.scheduledJob('rescore'),
      { kind: 'rescore', slot: 77, postIds: [row!.id] },
      { msgId: `test-rescore-${randomUUID()}` },
    );
    await waitFor(
      async () =>
        (await streamEvents(world.bus, streams.posts, 'post.raw.v1')).some(
          (e) => e.event.data.externalId === post.externalId,
        ),
      'the raw post re-sent',
    );
    const [sent] = (await streamEvents(world.bus, streams.posts, 'post.raw.v1')).filter(
      (e) => e.event.data.externalId === post.externalId,
    );
    expect(sent!.msgId).toBe(`rescore:reddit:${post.externalId}:77`);
    expect(sent!.event.data.content).toBe(post.content);
    expect(sent!.event.data.matches).toEqual([{ monitorId, queryKey: 'zoominfo alternative' }]);
  });
});
