/**
 * npm run bench:pipeline:bus [-- --posts 20000 --concurrency 16 --runs 3]
 *
 * The bus's share of a pipeline hop, without the service's own work: raw posts of the scenario
 * are queued on posts.raw.>, then a consumer built like intent-scorer's (runConsumer, the same
 * durable settings and concurrency) publishes each one as post.scored.v1 with an analysis
 * computed BEFORE the clock starts. What is left per message is the bus: pull, decode and
 * validate, handler context, publish (validate, encode, headers, ack), ack.
 * Reports CPU ms per message of this process (process.cpuUsage) and msgs/s, median of `runs`.
 * `--scorer`: the whole scorer hop instead - the real intent-scorer service (buildIntentScorer,
 * local model, its default concurrency and cache, the service host's bus metrics) consumes the
 * queued posts and scores them itself; each run starts with an empty score cache.
 * `--posts-file <file.json>`: reuse the posts written there by an earlier run (written when
 * missing), so before/after runs score the same posts while the scenario code changes.
 * `--profile <file.cpuprofile>` writes a V8 CPU profile of the measured part of the last run
 * (open it in Chrome DevTools or speedscope).
 * Last stdout line: {"cpu_ms_per_msg":…,"msgs_per_s":…,"runs":[…]}.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { connectBus, runConsumer, type Bus } from '@intent-radar/bus';
import { createLogger } from '@intent-radar/logger';
import { buildMatcher } from '@intent-radar/query';
import { consumers, msgIds, streams, subjects, type EventData } from '@intent-radar/proto-schemas';
import { Scenario } from '@intent-radar/sandbox';
import { buildIntentScorer, contentHash, intentScorerEnv, scorePost } from '@intent-radar/intent-scorer';
import { busMetrics } from '@intent-radar/runtime';
import { MONITOR_QUERIES, publishRawPosts, rawPostOf } from './pipeline-books.ts';

const { values: args } = parseArgs({
  options: {
    posts: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '16' },
    runs: { type: 'string', default: '3' },
    profile: { type: 'string' },
    scorer: { type: 'boolean', default: false },
    'posts-file': { type: 'string' },
    'nats-url': { type: 'string', default: 'nats://127.0.0.1:4222' },
  },
});
const POSTS = Number(args.posts);
const CONCURRENCY = Number(args.concurrency);
const RUNS = Number(args.runs);
const log = (line: string) => process.stderr.write(`${line}\n`);
const loadAvg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

function scenarioPosts(): EventData<'post.raw.v1'>[] {
  const matcher = buildMatcher(MONITOR_QUERIES.map((query, i) => ({ id: `00000000-0000-4000-8000-00000000000${i}`, query })));
  const scenario = new Scenario({ seed: 3, ratePerSec: 0, backlog: 0, maxItemsPerPlatform: POSTS * 2 });
  const out: EventData<'post.raw.v1'>[] = [];
  while (out.length < POSTS)
    for (const it of scenario.emit(1000)) {
      const p = rawPostOf(it, matcher);
      if (p && out.length < POSTS) out.push(p);
    }
  return out;
}
const postsFile = args['posts-file'];
const posts: EventData<'post.raw.v1'>[] =
  postsFile && existsSync(postsFile) ? (JSON.parse(readFileSync(postsFile, 'utf8')) as EventData<'post.raw.v1'>[]).slice(0, POSTS) : scenarioPosts();
if (postsFile && !existsSync(postsFile)) writeFileSync(postsFile, JSON.stringify(posts));
// The scorer's work, done before any clock starts: the handler only looks it up.
const scored = new Map(
  args.scorer
    ? []
    : posts.map((p) => {
        const hash = contentHash(p.title, p.content);
        return [p.externalId, { hash, analysis: scorePost({ title: p.title, content: p.content, platform: p.platform, kind: p.kind }) }] as const;
      }),
);
const scorerDefaults = intentScorerEnv.pick({ SCORER_CONCURRENCY: true, SCORE_CACHE_SIZE: true }).parse({});

/** The intent-scorer service as its host builds it; `published` is called after each scored publish. */
async function startScorer(bus: Bus, published: () => void): Promise<{ stop(): Promise<void> }> {
  const counted: Bus = {
    ...bus,
    publish: async (...a) => {
      const r = await bus.publish(...a);
      published();
      return r;
    },
  };
  const service = buildIntentScorer({ bus: counted, config: scorerDefaults, logger: bus.logger });
  await service.start();
  return service;
}

const results: { cpuMsPerMsg: number; msgsPerSec: number; load: string }[] = [];
for (let run = 1; run <= RUNS; run++) {
  const namespace = `bb${randomBytes(4).toString('hex')}`;
  const bus = await connectBus({
    url: args['nats-url'],
    name: 'bench-bus',
    logger: createLogger({ service: 'bench-bus', level: args.scorer ? 'info' : 'warn' }),
    namespace,
    ...(args.scorer ? { metrics: busMetrics() } : {}),
  });
  try {
    await bus.provision();
    await publishRawPosts(bus, posts);
    let done = 0;
    let finish: () => void = () => undefined;
    const finished = new Promise<void>((r) => (finish = r));
    const profiler = args.profile && run === RUNS ? new Session() : undefined;
    if (profiler) {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    }
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const handle = args.scorer
      ? await startScorer(bus, () => {
          if (++done === posts.length) finish();
        })
      : await runConsumer({
          bus,
          service: 'bench-bus',
          stream: streams.posts,
          durable: consumers.intentScorer,
          filterSubject: subjects.postsRawAll,
          eventType: 'post.raw.v1',
          concurrency: CONCURRENCY,
          handler: async (event, ctx) => {
            const post = event.data;
            const s = scored.get(post.externalId)!;
            await bus.publish(
              'post.scored.v1',
              subjects.postScored(post.platform),
              { ...post, contentHash: s.hash, analysis: s.analysis, rescore: false },
              { msgId: msgIds.scoredPost(post.platform, post.externalId), traceparent: ctx.traceparent },
            );
            if (++done === posts.length) finish();
          },
        });
    await finished;
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    if (profiler && args.profile) {
      const { profile } = await profiler.post('Profiler.stop');
      writeFileSync(args.profile, JSON.stringify(profile));
      profiler.disconnect();
    }
    await handle.stop();
    const r = { cpuMsPerMsg: +((cpu.user + cpu.system) / 1000 / posts.length).toFixed(3), msgsPerSec: Math.round(posts.length / seconds), load: loadAvg() };
    results.push(r);
    log(`run ${run}: ${JSON.stringify(r)}`);
  } finally {
    await bus.destroyNamespace().catch(() => undefined);
    await bus.close();
  }
}
process.stdout.write(
  `${JSON.stringify({ cpu_ms_per_msg: median(results.map((r) => r.cpuMsPerMsg)), msgs_per_s: median(results.map((r) => r.msgsPerSec)), posts: posts.length, mode: args.scorer ? 'scorer' : 'bus', concurrency: args.scorer ? scorerDefaults.SCORER_CONCURRENCY : CONCURRENCY, runs: results })}\n`,
);
process.exit(0);
