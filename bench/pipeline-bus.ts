/**
 * npm run bench:pipeline:bus [-- --posts 20000 --concurrency 16 --runs 3]
 *
 * The bus's share of a pipeline hop, without the service's own work: raw posts of the scenario
 * are queued on posts.raw.>, then a consumer built like intent-scorer's (runConsumer, the same
 * durable settings and concurrency) publishes each one as post.scored.v1 with an analysis
 * computed BEFORE the clock starts. What is left per message is the bus: pull, decode and
 * validate, handler context, publish (validate, encode, headers, ack), ack.
 * Reports CPU ms per message of this process (process.cpuUsage) and msgs/s, median of `runs`.
 * `--profile <file.cpuprofile>` writes a V8 CPU profile of the measured part of the last run
 * (open it in Chrome DevTools or speedscope).
 * Last stdout line: {"cpu_ms_per_msg":…,"msgs_per_s":…,"runs":[…]}.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { connectBus, runConsumer } from '@intent-radar/bus';
import { createLogger } from '@intent-radar/logger';
import { buildMatcher } from '@intent-radar/query';
import { consumers, msgIds, streams, subjects, type EventData } from '@intent-radar/proto-schemas';
import { Scenario } from '@intent-radar/sandbox';
import { contentHash, scorePost } from '@intent-radar/intent-scorer';
import { MONITOR_QUERIES, publishRawPosts, rawPostOf } from './pipeline-books.ts';

const { values: args } = parseArgs({
  options: {
    posts: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '16' },
    runs: { type: 'string', default: '3' },
    profile: { type: 'string' },
    'nats-url': { type: 'string', default: 'nats://127.0.0.1:4222' },
  },
});
const POSTS = Number(args.posts);
const CONCURRENCY = Number(args.concurrency);
const RUNS = Number(args.runs);
const log = (line: string) => process.stderr.write(`${line}\n`);
const loadAvg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const matcher = buildMatcher(MONITOR_QUERIES.map((query, i) => ({ id: `00000000-0000-4000-8000-00000000000${i}`, query })));
const scenario = new Scenario({ seed: 3, ratePerSec: 0, backlog: 0, maxItemsPerPlatform: POSTS * 2 });
const posts: EventData<'post.raw.v1'>[] = [];
while (posts.length < POSTS)
  for (const it of scenario.emit(1000)) {
    const p = rawPostOf(it, matcher);
    if (p && posts.length < POSTS) posts.push(p);
  }
// The scorer's work, done before any clock starts: the handler only looks it up.
const scored = new Map(
  posts.map((p) => {
    const hash = contentHash(p.title, p.content);
    return [p.externalId, { hash, analysis: scorePost({ title: p.title, content: p.content, platform: p.platform, kind: p.kind }) }] as const;
  }),
);

const results: { cpuMsPerMsg: number; msgsPerSec: number; load: string }[] = [];
for (let run = 1; run <= RUNS; run++) {
  const namespace = `bb${randomBytes(4).toString('hex')}`;
  const bus = await connectBus({ url: args['nats-url'], name: 'bench-bus', logger: createLogger({ service: 'bench-bus', level: 'warn' }), namespace });
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
    const handle = await runConsumer({
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
  `${JSON.stringify({ cpu_ms_per_msg: median(results.map((r) => r.cpuMsPerMsg)), msgs_per_s: median(results.map((r) => r.msgsPerSec)), posts: POSTS, concurrency: CONCURRENCY, runs: results })}\n`,
);
process.exit(0);
