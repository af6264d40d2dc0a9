import { CursorStore, type IngestContext, type NormalizedPost } from '@intent-radar/ingest-kit';
import { openIngestTestBus } from '@intent-radar/ingest-kit/testing';
import { createLogger } from '@intent-radar/logger';
import { buildSandbox, type Sandbox } from '@intent-radar/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HnFirehose, hnFirehoseCursorSchema } from './hn-firehose.ts';

const logger = createLogger({ service: 'hn-firehose-test', level: 'silent' });
let sb: Sandbox;
let itemRequests = 0;

beforeAll(async () => {
  // An empty HN at first (maxitem 0); the fake's ids start at 45,000,001, so a cursor placed
  // further back than that sits in front of a run of ids that answer null.
  sb = buildSandbox({ logger, port: 0, smtpPort: 0, seed: 5, clock: 'manual', backlog: 0 });
  sb.app.addHook('onRequest', (req, _reply, done) => {
    if (req.url.includes('/firebase/v0/item/')) itemRequests++;
    done();
  });
  await sb.start();
});
afterAll(async () => sb.stop());

/** The parts of an IngestContext a firehose step uses; cursors are the real KV-backed store. */
async function stepContext() {
  const t = await openIngestTestBus('hn-firehose-test');
  const cursors = await CursorStore.open(t.bus);
  const published: NormalizedPost[] = [];
  const ctx = {
    platform: 'hackernews',
    bus: t.bus,
    cursors,
    budget: { waitWhilePaused: () => Promise.resolve() },
    health: { success: () => undefined, failure: () => undefined },
    publisher: {
      publish: (posts: readonly NormalizedPost[]) => {
        published.push(...posts);
        return Promise.resolve({ published: posts.length, unmatched: 0, duplicates: 0 });
      },
    },
    logger,
    signal: new AbortController().signal,
    recordFailure: () => Promise.resolve(true),
  } as unknown as IngestContext;
  return { ctx, published, cursors, destroy: t.destroy };
}

describe('HnFirehose.step', () => {
  it('never starts from an empty HN, and skips a run of missing ids in three steps without re-reading what it already has', async () => {
    const w = await stepContext();
    try {
      const firehose = new HnFirehose({ firebaseBaseUrl: `${sb.url}/hn/firebase/v0`, concurrency: 16, batch: 500, startBacklog: 500, retryBaseMs: 5 });
      const key = CursorStore.firehoseKey('hackernews', 'items');
      // maxitem 0: no cursor is placed (from 0 it would later walk 45M ids).
      expect(await firehose.step(w.ctx)).toEqual({ caughtUp: true });
      expect((await w.cursors.read(key, hnFirehoseCursorSchema)).value).toBeUndefined();

      sb.scenario.emit(50, { platform: 'hackernews' });
      const items = sb.scenario.items('hackernews').map((it) => it.externalId);
      const max = Number(items.at(-1));
      // First real maxitem: the cursor goes 500 ids back, 450 of them in front of the first item.
      await firehose.step(w.ctx);
      itemRequests = 0;
      let steps = 0;
      for (; steps < 10 && w.published.length < items.length; steps++) await firehose.step(w.ctx);
      expect(steps).toBe(3);
      expect(w.published.map((p) => p.externalId)).toEqual(items);
      // 500 ids read once, then only the 450 null ids twice more: the 50 items are not re-fetched.
      expect(itemRequests).toBe(500 + 450 + 450);
      expect(await firehose.step(w.ctx)).toEqual({ caughtUp: true });
      expect((await w.cursors.read(key, hnFirehoseCursorSchema)).value).toEqual({ lastId: max });
    } finally {
      await w.destroy();
    }
  });
});
