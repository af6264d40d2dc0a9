import type { Features } from './features.ts';

/** Human-readable name of each cue, used in reasoning and summaries. */
export const CUE_LABELS: Record<string, string> = {
  explicit_ask: 'explicit ask for a product or recommendation',
  which_ask: 'asks which product to pick',
  need: 'states a need for a product',
  switching: 'plans to switch away from a vendor',
  better_ask: 'asks for something better than a named vendor',
  comparison: 'compares named options',
  exists_ask: 'asks whether a product exists',
  survey_purpose: 'asks what others use for a job',
  experience_ask: 'asks about experiences with a product',
  practice_ask: 'asks how others handle a problem',
  survey_ask: 'asks what others use (survey)',
  implicit_ask: 'question naming a product category',
  frustration_only: 'frustration with a named product',
  question: 'a question without a product ask',
  statement: 'a statement without a product ask',
  b2b_object: 'asks about a business product or vendor',
  product_object: 'asks about a product or service',
  prosumer_vendor: 'prosumer vendor (often personal use)',
  technical_vendor: 'technical / open-source product (engineering discussion)',
  consumer: 'consumer purchase',
  business: 'business context',
  team_size: 'team size',
  budget: 'budget',
  price: 'price sensitivity',
  timeline: 'timeline / urgency',
  volume: 'volume',
  evaluating: 'evaluation activity',
  frustration: 'frustration',
  personal: 'personal use',
  solo: 'solo user',
  dev_library: 'developer library / dev tool',
  open_source: 'wants open source',
  context_match: 'matches the monitor context',
  context_mismatch: 'outside the monitor context',
  self_promotion: 'vendor or founder self-promotion',
  founder_validation: 'founder validating their own idea',
  ad: 'advertisement',
  job_post: 'job post',
  person_search: 'looking for a person, not a product',
  seller_side: 'seller looking for clients',
  news: 'news',
  content: 'content marketing / listicle',
  opinion: 'opinion piece',
  decided: 'already decided',
  outage: 'outage report',
  informational: 'how-does-it-work question',
  build_not_buy: 'wants to build, not buy',
  discussion: 'general discussion',
  joke: 'joke or sarcasm',
  injection: 'instructions aimed at a scoring model (spam)',
  link_headline: 'headline of a Hacker News link submission (a question the linked page asks)',
  collision: 'keyword used in another sense',
  non_english: 'non-English post',
};

/** The sentence of `text` containing [start, end), trimmed to `max` characters. */
export function sentenceOf(text: string, start: number, end: number, max = 160): string {
  let s = start;
  while (s > 0 && !'?!\n'.includes(text[s - 1] ?? '') && !(text[s - 1] === '.' && text[s] === ' ')) s--;
  let e = end;
  while (e < text.length && !'?!\n'.includes(text[e] ?? '') && !(text[e] === '.' && (text[e + 1] === ' ' || e + 1 === text.length))) e++;
  const sentence = text.slice(s, Math.min(text.length, e + 1)).trim();
  return sentence.length > max ? `${sentence.slice(0, max - 1)}…` : sentence;
}

/** Quotes of the sentences that show a frustration (pain points), at most five, deduplicated. */
export function painPoints(f: Features): string[] {
  const out = new Set<string>();
  for (const m of f.modifiers) if (m.kind === 'frustration') out.add(sentenceOf(f.text, m.start, m.end, 200));
  return [...out].slice(0, 5);
}

/** Quotes of the sentences that carry money or pricing cues, at most five. */
export function budgetSignals(f: Features): string[] {
  const out = new Set<string>();
  for (const m of f.modifiers) if (m.kind === 'budget' || m.kind === 'price') out.add(sentenceOf(f.text, m.start, m.end, 200));
  return [...out].slice(0, 5);
}

/** One line for a salesperson: what kind of post it is and the sentence that shows it. */
export function oneLineSummary(label: string, quote: string, competitors: readonly string[]): string {
  const named = competitors.length > 0 ? ` (mentions ${competitors.slice(0, 4).join(', ')})` : '';
  const q = quote ? `: “${quote}”` : '';
  const line = `${label}${q}${named}`;
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}
