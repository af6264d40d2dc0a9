/**
 * What every chaos run shares: a fresh database and NATS namespace, the pipeline (sandbox in
 * process, services as child processes), seeded workspaces, traffic (raw posts published
 * straight to posts.raw.> and posts appearing on the fake HN/Reddit for the ingestors), and the
 * books at the end.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connectBus, type Bus } from '@intent-radar/bus';
import { createTestDatabase, type TestDatabase } from '@intent-radar/db/testing';
import { createLogger } from '@intent-radar/logger';
import type { EventData } from '@intent-radar/proto-schemas';
import { Scenario } from '@intent-radar/sandbox';
import { alertsMissing, auditBooks, booksSummary, lostCount, publishRawPosts, rawPostOf, seedWorkspaces, type Books, type Seed } from '../pipeline-books.ts';
import { Pipeline, waitFor, type PipelineOptions, type PipelineService } from '../pipeline-harness.ts';

export interface ChaosWorldOptions {
  natsUrl?: string;
  /** Server URL to create the test database on (its own database name is ignored). */
  adminUrl?: string;
  services: readonly PipelineService[];
  serviceEnv?: PipelineOptions['serviceEnv'];
  env?: Record<string, string>;
}

export interface ChaosWorld {
  db: TestDatabase;
  bus: Bus;
  pipeline: Pipeline;
  seed: Seed;
  logDir: string;
  /** Raw posts published directly so far. */
  published: number;
  /** Publishes `count` raw posts of the next scenario items (unique ids per world). */
  publishRaw(count: number): Promise<void>;
  /** `count` new posts on the fake HN and Reddit (found by the firehose ingestors). */
  emitOnPlatforms(count: number): void;
  /** Waits until every raw post is accounted for and every owed alert delivered; returns the books. */
  settle(timeoutMs: number): Promise<Books>;
  close(): Promise<void>;
}

/** Builds and starts a chaos world. */
export async function startChaosWorld(opts: ChaosWorldOptions): Promise<ChaosWorld> {
  const natsUrl = opts.natsUrl ?? 'nats://127.0.0.1:4222';
  const namespace = `ch${randomBytes(4).toString('hex')}`;
  const logDir = mkdtempSync(path.join(tmpdir(), 'chaos-'));
  const db = await createTestDatabase(opts.adminUrl ? { adminUrl: opts.adminUrl } : {});
  const bus = await connectBus({ url: natsUrl, name: 'chaos', logger: createLogger({ service: 'chaos', level: 'silent' }), namespace });
  await bus.provision();
  const pipeline = new Pipeline({
    natsUrl,
    databaseUrl: db.url,
    namespace,
    logDir,
    services: opts.services,
    serviceEnv: opts.serviceEnv,
    env: { NOTIFIER_POLL_MS: '250', ...opts.env },
  });
  await pipeline.startSandbox();
  const seed = await seedWorkspaces(db.pool, pipeline.sandbox, 2);
  await pipeline.startServices();

  const source = new Scenario({ seed: 99, ratePerSec: 0, backlog: 0 });
  let clock = Date.now();
  const world: ChaosWorld = {
    db,
    bus,
    pipeline,
    seed,
    logDir,
    published: 0,
    async publishRaw(count) {
      const posts: EventData<'post.raw.v1'>[] = [];
      while (posts.length < count)
        for (const it of source.emit(50)) {
          const post = rawPostOf({ ...it, externalId: `c${it.externalId}` }, seed.matcher);
          if (post && posts.length < count) posts.push(post);
        }
      await publishRawPosts(bus, posts, 100);
      world.published += posts.length;
    },
    emitOnPlatforms(count) {
      const scenario = pipeline.sandbox.scenario;
      scenario.advance(Date.now() - clock);
      clock = Date.now();
      scenario.emit(Math.ceil(count / 2), { platform: 'hackernews' });
      scenario.emit(Math.floor(count / 2), { platform: 'reddit' });
    },
    async settle(timeoutMs) {
      let books: Books | undefined;
      let lastRaw = -1;
      let stableSince = Date.now();
      try {
        await waitFor(
          'the books to balance',
          async () => {
            books = await auditBooks(bus, db.pool, pipeline.sandbox, seed);
            if (books.raw !== lastRaw) {
              lastRaw = books.raw;
              stableSince = Date.now();
            }
            return books.raw >= world.published && Date.now() - stableSince > 5_000 && lostCount(books) === 0 && alertsMissing(books) <= 0;
          },
          timeoutMs,
          1_000,
        );
      } catch (err) {
        if (!books) throw err;
        process.stderr.write(`chaos: ${(err as Error).message}; books ${JSON.stringify(booksSummary(books))}; logs in ${logDir}\n`);
      }
      return books ?? auditBooks(bus, db.pool, pipeline.sandbox, seed);
    },
    async close() {
      await pipeline.stop();
      await bus.destroyNamespace().catch(() => undefined);
      await bus.close();
      await db.drop();
    },
  };
  return world;
}
