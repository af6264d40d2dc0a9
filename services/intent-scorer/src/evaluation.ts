import { z } from 'zod';
import type { IntentAnalysis } from '@intent-radar/proto-schemas';

/** One labelled post (same format as ../shared/datasets/intent-dev.jsonl). */
export const labelledPostSchema = z.object({
  id: z.string().min(1),
  platform: z.string().min(1),
  content: z.string(),
  title: z.string().optional(),
  keyword: z.string().optional(),
  label_score: z.number().int().min(1).max(10),
  label_qualified: z.boolean(),
  label_note: z.string().default(''),
  set: z.string().optional(),
});
export type LabelledPost = z.infer<typeof labelledPostSchema>;

/** Negative families the targets are stated for, recognised from the label note. */
export const NEGATIVE_FAMILIES: ReadonlyArray<readonly [string, RegExp]> = [
  ['job_post', /\b(?:job post|hiring)\b/i],
  ['self_promotion', /\b(?:self-promotion|vendor promo|promo|show hn|founder validation|founder with product|marketing post|vendor spam|vendor announcement|review my startup|own product|giveaway|self-promo|validating own idea|vendor link)\b/i],
  ['keyword_collision', /\b(?:collision)\b/i],
];

export interface EvalReport {
  readonly n: number;
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly tn: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly mae: number;
  /** Per negative family: how many posts, and the share scored <= 3. */
  readonly negatives: Record<string, { readonly n: number; readonly lowRate: number }>;
  /** confusion[label][predicted] over score bands 1-3, 4-5, 6-7, 8-10. */
  readonly confusion: Record<string, Record<string, number>>;
  readonly errors: ReadonlyArray<{ readonly id: string; readonly label: number; readonly predicted: number; readonly note: string; readonly text: string }>;
}

const BANDS = ['1-3', '4-5', '6-7', '8-10'] as const;
const band = (s: number) => (s <= 3 ? '1-3' : s <= 5 ? '4-5' : s <= 7 ? '6-7' : '8-10');
const round = (x: number) => Math.round(x * 1000) / 1000;

/** Compares predictions with labels: qualified P/R/F1, score MAE, negatives rate, confusion by band. */
export function evaluate(rows: readonly LabelledPost[], predict: (row: LabelledPost) => IntentAnalysis): EvalReport {
  let tp = 0, fp = 0, fn = 0, tn = 0, absErr = 0;
  const negatives: Record<string, { n: number; low: number }> = {};
  const confusion: Record<string, Record<string, number>> = {};
  for (const b of BANDS) confusion[b] = Object.fromEntries(BANDS.map((p) => [p, 0]));
  const errors: EvalReport['errors'][number][] = [];
  for (const row of rows) {
    const a = predict(row);
    if (a.is_qualified && row.label_qualified) tp++;
    else if (a.is_qualified) fp++;
    else if (row.label_qualified) fn++;
    else tn++;
    absErr += Math.abs(a.intent_score - row.label_score);
    const cell = confusion[band(row.label_score)];
    if (cell) cell[band(a.intent_score)] = (cell[band(a.intent_score)] ?? 0) + 1;
    for (const [family, re] of NEGATIVE_FAMILIES) {
      if (!re.test(row.label_note) || row.label_qualified) continue;
      const slot = (negatives[family] ??= { n: 0, low: 0 });
      slot.n++;
      if (a.intent_score <= 3) slot.low++;
    }
    if (a.is_qualified !== row.label_qualified || Math.abs(a.intent_score - row.label_score) >= 2) {
      errors.push({ id: row.id, label: row.label_score, predicted: a.intent_score, note: row.label_note, text: (row.title ? `${row.title} | ` : '') + row.content.slice(0, 160) });
    }
  }
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    n: rows.length,
    tp, fp, fn, tn,
    precision: round(precision),
    recall: round(recall),
    f1: round(f1),
    mae: round(rows.length ? absErr / rows.length : 0),
    negatives: Object.fromEntries(Object.entries(negatives).map(([k, v]) => [k, { n: v.n, lowRate: round(v.n ? v.low / v.n : 1) }])),
    confusion,
    errors,
  };
}

/** Parses JSONL text into labelled posts; bad lines are reported, not fatal. */
export function parseLabelled(jsonl: string): { rows: LabelledPost[]; bad: number } {
  const rows: LabelledPost[] = [];
  let bad = 0;
  for (const line of jsonl.split('\n')) {
    if (!line.trim()) continue;
    try {
      const parsed = labelledPostSchema.safeParse(JSON.parse(line));
      if (parsed.success) rows.push(parsed.data);
      else bad++;
    } catch {
      bad++;
    }
  }
  return { rows, bad };
}
