/**
 * `npm run score -- <file.jsonl> [--llm]`: one JSON line per post on stdout,
 * `{ id, intent_score, is_qualified, ...analysis }`. Bad lines are reported on stderr and skipped.
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { scorePost } from '../src/model/index.ts';
import { buildCliScorer } from './cli-scorer.ts';

const lineSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  platform: z.string().min(1),
  content: z.string(),
  title: z.string().optional(),
  keyword: z.string().optional(),
  kind: z.enum(['post', 'comment']).optional(),
  monitorContext: z.string().optional(),
});

async function main(argv: string[]): Promise<number> {
  const useLlm = argv.includes('--llm');
  const file = argv.find((a) => !a.startsWith('--'));
  if (!file) {
    process.stderr.write('usage: npm run score -- <file.jsonl> [--llm]\n');
    return 2;
  }
  const score = useLlm ? await buildCliScorer() : (input: Parameters<typeof scorePost>[0]) => Promise.resolve(scorePost(input));
  const lines = createInterface({ input: createReadStream(path.resolve(file), 'utf8'), crlfDelay: Infinity });
  let n = 0;
  let bad = 0;
  for await (const line of lines) {
    n++;
    if (!line.trim()) continue;
    let parsed: z.infer<typeof lineSchema>;
    try {
      const result = lineSchema.safeParse(JSON.parse(line));
      if (!result.success) throw new Error(result.error.issues[0]?.message ?? 'invalid');
      parsed = result.data;
    } catch (err) {
      bad++;
      process.stderr.write(`line ${n}: skipped: ${err instanceof Error ? err.message : String(err)}\n`);
      continue;
    }
    const analysis = await score({ content: parsed.content, title: parsed.title, platform: parsed.platform, keyword: parsed.keyword, kind: parsed.kind, monitorContext: parsed.monitorContext });
    process.stdout.write(`${JSON.stringify({ id: parsed.id, ...analysis })}\n`);
  }
  return bad > 0 && bad === n ? 1 : 0;
}

// `npm run score -- f.jsonl | head` closes stdout early: stop quietly.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`score: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
