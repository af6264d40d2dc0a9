/**
 * The OpenAI fake's "model": keyword rules that read a post and fill whatever JSON schema the
 * caller asked for. Scores are plausible, not smart: enough for pipelines and benchmarks.
 */
export interface IntentGuess {
  category: string;
  score: number;
  urgency: string;
  stage: string;
  budget: string[];
  pains: string[];
  competitors: string[];
  language: string;
  summary: string;
  reasoning: string;
}

const VENDORS = [
  'ZoomInfo',
  'Apollo.io',
  'Apollo',
  'Lusha',
  'Cognism',
  'Clearbit',
  'HubSpot',
  'Salesforce',
  'Pipedrive',
  'Close',
  'Attio',
  'Zendesk',
  'Intercom',
  'Freshdesk',
  'Help Scout',
  'Outreach',
  'Salesloft',
  'Reply.io',
  'Gong',
  'Chorus',
  'Fathom',
];

const RULES: readonly { category: string; re: RegExp; score: number }[] = [
  {
    category: 'collision',
    re: /apollo (11|mission|program)|mission control|salesforce tower|greek god|slack (in|should)|some slack|cut (the team|people) some slack/i,
    score: 1,
  },
  { category: 'job_post', re: /\[hiring\]|we're hiring|hiring:|apply via|full-time role/i, score: 1 },
  {
    category: 'self_promotion',
    re: /we built|founder here|show hn|star us|link in bio|i made an open-source/i,
    score: 2,
  },
  { category: 'news', re: /announces|acquires|raises series|press release|layoffs/i, score: 1 },
  { category: 'consumer', re: /kindle|personal job search|just me|for reading pdfs/i, score: 1 },
  {
    category: 'decided',
    re: /signed the .* contract|renewed .* for another year|done evaluating|not looking at anything else/i,
    score: 3,
  },
  {
    category: 'buying_intent',
    re: /looking for (an? )?alternative|alternative to|recommendations? for|\bvs\b|shortlist|replacing|open to demos|what .* are you using|buscamos|suche eine|quelle alternative/i,
    score: 8,
  },
  {
    category: 'frustration',
    re: /getting worse|tired of|fighting|more expensive|bounced|hate|venting/i,
    score: 6,
  },
  { category: 'exploratory', re: /how do you|worth it|anyone tried|curious|mapping options/i, score: 4 },
  {
    category: 'opinion',
    re: /hot take|unpopular opinion|race to the bottom|nobody actually needs/i,
    score: 2,
  },
];

/** Guesses the intent analysis of a post text. */
export function guessIntent(text: string, model: string): IntentGuess {
  const rule = RULES.find((r) => r.re.test(text));
  const category = rule?.category ?? 'other';
  const budget = [
    ...text.matchAll(/\$[\d,.]+k?(?:\s*(?:\/|a|per)\s*(?:month|mo|year|yr|seat))?|budget[^.]{0,40}/gi),
  ]
    .map((m) => m[0].trim())
    .slice(0, 5);
  const timeline =
    /this week|end of quarter|next month|30 days|asap|renewal|este mes|quartalsende|fin du trimestre/i.test(
      text,
    );
  let score = rule?.score ?? 2;
  if (category === 'buying_intent')
    score = Math.min(
      10,
      score + (budget.length > 0 ? 1 : 0) + (timeline ? 1 : 0) - (budget.length === 0 && !timeline ? 1 : 0),
    );
  const pains = [
    ...text.matchAll(
      /(?:renewal quote doubled|data quality|bounced[^.]*|too expensive|more expensive|support takes[^.]*|sync breaks[^.]*)/gi,
    ),
  ]
    .map((m) => m[0])
    .slice(0, 5);
  const competitors = VENDORS.filter(
    (v) =>
      new RegExp(`(^|\\W)${v.replace('.', '\\.')}(\\W|$)`, 'i').test(text) &&
      !(v === 'Apollo' && category === 'collision'),
  );
  const language = /buscamos|presupuesto/i.test(text)
    ? 'es'
    : /suche|wir sind/i.test(text)
      ? 'de'
      : /quelle|nous sommes/i.test(text)
        ? 'fr'
        : 'en';
  const stage =
    category === 'buying_intent'
      ? score >= 9
        ? 'ready_to_buy'
        : 'evaluating'
      : category === 'frustration'
        ? 'problem_aware'
        : category === 'exploratory'
          ? 'exploring'
          : category === 'decided'
            ? 'decided'
            : 'none';
  const urgency = score >= 9 ? 'high' : score >= 7 ? 'medium' : score >= 5 ? 'low' : 'none';
  const first = text.replace(/\s+/g, ' ').trim().slice(0, 120);
  return {
    category,
    score,
    urgency,
    stage,
    budget,
    pains,
    competitors: [...new Set(competitors.map((c) => (c === 'Apollo' ? 'Apollo.io' : c)))],
    language,
    summary: `${category.replace('_', ' ')}: ${first}`,
    reasoning: `Rule-based sandbox responder (${model}): matched ${rule ? rule.re.source.slice(0, 60) : 'no rule'}; budget cues ${budget.length}, timeline ${timeline ? 'yes' : 'no'}.`,
  };
}
