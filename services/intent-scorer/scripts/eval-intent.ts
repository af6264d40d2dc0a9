/**
 * `npm run eval:intent`: precision/recall/F1 of is_qualified, score MAE, a confusion table by
 * score band and the negatives rate, against ../shared/datasets/intent-dev.jsonl and the
 * project's own set. Final line: JSON with every number.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluate, parseLabelled, type EvalReport } from '../src/evaluation.ts';
import { scorePost } from '../src/model/index.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const sets: ReadonlyArray<readonly [string, string]> = [
  ['dev', path.resolve(repoRoot, '../shared/datasets/intent-dev.jsonl')],
  ['own', path.resolve(here, '../eval/own-set.jsonl')],
];

function print(name: string, r: EvalReport, verbose: boolean) {
  const out: string[] = [];
  out.push(`\n== ${name}: ${r.n} posts ==`);
  out.push(`qualified  precision ${r.precision}  recall ${r.recall}  F1 ${r.f1}   (tp ${r.tp} fp ${r.fp} fn ${r.fn} tn ${r.tn})`);
  out.push(`score MAE  ${r.mae}`);
  out.push('confusion (rows: label band, cols: predicted band)');
  const bands = Object.keys(r.confusion);
  out.push(`  label\\pred ${bands.map((b) => b.padStart(6)).join('')}`);
  for (const b of bands) out.push(`  ${b.padEnd(10)} ${bands.map((p) => String(r.confusion[b]?.[p] ?? 0).padStart(6)).join('')}`);
  for (const [family, v] of Object.entries(r.negatives)) out.push(`negatives ${family.padEnd(18)} n=${v.n}  scored<=3: ${(v.lowRate * 100).toFixed(1)}%`);
  if (verbose) for (const e of r.errors) out.push(`  miss ${e.id}: label ${e.label} got ${e.predicted} | ${e.text} || ${e.note}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

const verbose = process.argv.includes('--verbose');
const summary: Record<string, Omit<EvalReport, 'errors'>> = {};
for (const [name, file] of sets) {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    process.stderr.write(`eval: ${name}: cannot read ${file}, skipped\n`);
    continue;
  }
  const { rows, bad } = parseLabelled(text);
  if (bad > 0) process.stderr.write(`eval: ${name}: ${bad} invalid lines skipped\n`);
  const report = evaluate(rows, (row) => scorePost({ content: row.content, title: row.title, platform: row.platform, keyword: row.keyword }));
  print(name, report, verbose);
  const { errors: _errors, ...numbers } = report;
  summary[name] = numbers;
}
process.stdout.write(`${JSON.stringify(summary)}\n`);
