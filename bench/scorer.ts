/**
 * `npm run bench:scorer`: local scoring throughput on one core (median of timed rounds) and how
 * many posts per 1,000 the cascade would send to the LLM. Final line JSON
 * `{"posts_per_s":…,"llm_calls_per_1000":…}`.
 *
 * Throughput corpus: the labelled posts (dev + own set), longer bodies built from them, and the
 * sandbox scenario's stream. LLM calls per 1,000 are counted on the sandbox scenario (seeded,
 * category mix like a real keyword stream) with the cascade gate on.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scorePost, type ScoreInput } from '../services/intent-scorer/src/model/index.ts';
import { needsLlm } from '../services/intent-scorer/src/cascade/gate.ts';
import { createLogger } from '@intent-radar/logger';
import { buildSandbox, Scenario } from '@intent-radar/sandbox';
import { LlmCascade } from '../services/intent-scorer/src/cascade/llm-cascade.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const files = [path.resolve(repoRoot, '../shared/datasets/intent-dev.jsonl'), path.resolve(repoRoot, 'services/intent-scorer/eval/own-set.jsonl')];

function load(): ScoreInput[] {
  const posts: ScoreInput[] = [];
  for (const file of files) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as { content: string; title?: string; keyword?: string; platform?: string };
      posts.push({ content: row.content, title: row.title, keyword: row.keyword, platform: row.platform });
    }
  }
  // Long posts: three labelled posts joined as a body under the first one's title.
  const n = posts.length;
  for (let i = 0; i + 2 < n; i += 3) {
    const [a, b, c] = [posts[i], posts[i + 1], posts[i + 2]];
    if (a && b && c) posts.push({ title: a.content.slice(0, 120), content: `${b.content}\n\n${c.content}\n\n${a.content}`, keyword: a.keyword });
  }
  return posts;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)] ?? 0;
};

function scenarioPosts(count: number): ScoreInput[] {
  const scenario = new Scenario({ seed: 20240601, ratePerSec: 0, backlog: count, startTimeMs: Date.UTC(2024, 5, 1) });
  const out: ScoreInput[] = [];
  for (const platform of ['reddit', 'hackernews', 'twitter', 'linkedin'] as const) {
    for (const item of scenario.items(platform)) out.push({ title: item.title ?? undefined, content: item.body, platform, kind: item.kind });
  }
  return out;
}

const labelled = load();
const stream = scenarioPosts(2000);
const posts = [...labelled, ...stream];
if (posts.length === 0) throw new Error('bench: no posts to score');
for (let i = 0; i < 3; i++) for (const p of posts) scorePost(p); // warm-up: JIT and regex compilation

// Timed in CPU time of this (single-threaded) process, so other load on the machine does not count.
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const rounds: number[] = [];
for (let r = 0; r < 9; r++) {
  let scored = 0;
  const t0 = cpuSeconds();
  while (cpuSeconds() - t0 < 0.5) for (const p of posts) {
    scorePost(p);
    scored++;
  }
  rounds.push(scored / (cpuSeconds() - t0));
}
// The cascade for real, against the sandbox's OpenAI fake: calls counted at the client (retries included).
const logger = createLogger({ service: 'bench-scorer', level: 'silent' });
const sandbox = buildSandbox({ logger, port: 0, smtpPort: 0, seed: 7, clock: 'manual', startTimeMs: Date.UTC(2024, 5, 1) });
await sandbox.start();
const cascade = new LlmCascade({ baseURL: `${sandbox.url}/openai/v1`, apiKey: 'sk-bench', model: 'gpt-4o-mini', concurrency: 8, timeoutMs: 10_000, maxUsdPerHour: 100, maxUsdPerDay: 100, logger });
let llmScored = 0;
let costUsd = 0;
await Promise.all(
  stream.map(async (p) => {
    const a = await cascade.score(p);
    if (a.scored_by.startsWith('llm:')) llmScored++;
    costUsd += a.cost_usd;
  }),
);
await sandbox.stop();
const llm = cascade.calls;
let gated = 0;
for (const p of stream) if (needsLlm(scorePost(p))) gated++;
let labelledLlm = 0;
for (const p of labelled) if (needsLlm(scorePost(p))) labelledLlm++;
const result = { posts_per_s: Math.round(median(rounds)), llm_calls_per_1000: Math.round((llm / stream.length) * 1000) };
process.stdout.write(`local model: median ${result.posts_per_s} posts/s over ${rounds.length} rounds of 0.5 CPU-s (${posts.length} posts: labelled, long, scenario)\n`);
process.stdout.write(`cascade on the sandbox scenario: ${stream.length} posts, gate passed ${gated}, LLM calls ${llm}, LLM-scored ${llmScored}, cost $${costUsd.toFixed(4)}; gate on the ask-heavy labelled sets: ${labelledLlm} of ${labelled.length}\n`);
process.stdout.write(`${JSON.stringify({ posts_per_s: result.posts_per_s, llm_calls_per_1000: result.llm_calls_per_1000 })}\n`);
