/**
 * Deterministic, realistic-looking monitor queries and posts for bench/matcher.ts: B2B brand names
 * (real ones plus generated names so 100k monitors have a realistic long tail), product
 * categories, buying-intent phrases, ORs, NOTs, site:/type:/title:/lang: and wildcards.
 */

/** Small seeded PRNG (mulberry32) so every run sees the same corpus. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REAL_BRANDS = [
  'Salesforce',
  'HubSpot',
  'Apollo',
  'ZoomInfo',
  'Pipedrive',
  'Outreach',
  'Salesloft',
  'Gong',
  'Clay',
  'Lusha',
  'Seamless',
  'Cognism',
  'Lemlist',
  'Instantly',
  'Smartlead',
  'Close',
  'Attio',
  'Folk',
  'Copper',
  'Zoho',
  'Freshsales',
  'Monday',
  'Notion',
  'Airtable',
  'Intercom',
  'Zendesk',
  'Freshdesk',
  'Gorgias',
  'Drift',
  'Qualified',
  'Clearbit',
  'Hunter',
  'Snov',
  'RocketReach',
  'Kaspr',
  'Dropcontact',
  'Crunchbase',
  'PitchBook',
  'G2',
  'Capterra',
  'Mailchimp',
  'Klaviyo',
  'Brevo',
  'ActiveCampaign',
  'Marketo',
  'Pardot',
  'Segment',
  'Amplitude',
  'Mixpanel',
  'Heap',
  'PostHog',
  'Hotjar',
  'FullStory',
  'Calendly',
  'Chili Piper',
  'Loom',
  'Vidyard',
  'DocuSign',
  'PandaDoc',
  'Stripe',
  'Chargebee',
  'Recurly',
  'Paddle',
  'QuickBooks',
  'Xero',
  'NetSuite',
  'Gusto',
  'Rippling',
  'Deel',
  'Slack',
  'Asana',
  'ClickUp',
  'Jira',
  'Linear',
  'Trello',
  'Basecamp',
  'Figma',
  'Webflow',
  'Shopify',
];
const SYLLABLES = [
  'lead',
  'sales',
  'flow',
  'ly',
  'io',
  'zen',
  'stack',
  'hub',
  'pipe',
  'grid',
  'nova',
  'spark',
  'mint',
  'loop',
  'base',
  'scale',
  'signal',
  'reach',
  'vox',
  'tera',
  'quant',
  'orbit',
  'fin',
  'data',
  'pulse',
  'bright',
  'kit',
  'ify',
  'wise',
  'able',
  'cast',
  'sync',
  'craft',
  'lane',
  'path',
  'peak',
  'core',
  'beam',
];
const CATEGORIES = [
  'crm',
  'sales engagement',
  'email finder',
  'lead generation',
  'data enrichment',
  'cold email',
  'sales intelligence',
  'intent data',
  'email deliverability',
  'conversation intelligence',
  'customer support',
  'help desk',
  'marketing automation',
  'product analytics',
  'session replay',
  'e-signature',
  'billing',
  'payroll',
  'project management',
  'scheduling',
  'outbound',
  'prospecting',
  'b2b data',
  'contact data',
  'dialer',
];
const INTENT = [
  'alternative',
  'alternatives',
  'recommend',
  'recommendation',
  'looking for',
  'switching from',
  'anyone using',
  'pricing',
  'too expensive',
  'vs',
  'replacement',
  'migrate',
];
const SUBS = [
  'r/sales',
  'r/saas',
  'r/startups',
  'r/marketing',
  'r/entrepreneur',
  'r/smallbusiness',
  'r/b2bmarketing',
  'r/salesforce',
  'r/hubspot',
  'r/coldemail',
  'r/leadgeneration',
  'r/revops',
];
const NOISE = ['job', 'hiring', 'internship', 'salary', 'giveaway', 'promo', 'affiliate'];
const FILLER = (
  'the a we our team is are was has have been using for about with to of in on and but so that this ' +
  'it they their from at as not just really very much too more than any some anyone does do know think need ' +
  'want trying tried looking work works worked company startup budget month year seats per user price quote ' +
  'demo trial data quality contacts emails bounce rate reply pipeline deals reps manager founder agency clients ' +
  'integration api export import spreadsheet workflow sequence campaign inbox domain warmup support onboarding ' +
  'contract renewal annual monthly cheaper better worse honestly terrible great decent okay'
).split(' ');

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)]!;
}

/** `count` brand names: the real ones first, then generated two/three-syllable names. */
export function brandNames(count: number, seed = 1): string[] {
  const r = rng(seed);
  const names = new Set(REAL_BRANDS);
  while (names.size < count) {
    const n = 2 + Math.floor(r() * 2);
    let name = '';
    for (let i = 0; i < n; i++) name += pick(r, SYLLABLES);
    names.add(name[0]!.toUpperCase() + name.slice(1));
  }
  return [...names].slice(0, count);
}

/** Zipf-ish pick: low indexes (popular brands) far more often than the tail. */
function zipf(r: () => number, n: number): number {
  return Math.min(n - 1, Math.floor(Math.pow(r(), 2.2) * n));
}

const quoteIfPhrase = (s: string): string => (s.includes(' ') ? `"${s}"` : s);

/** One realistic monitor query, using brands[0..brands.length). */
export function monitorQuery(r: () => number, brands: readonly string[]): string {
  const b = () => quoteIfPhrase(brands[zipf(r, brands.length)]!);
  const c = () => quoteIfPhrase(pick(r, CATEGORIES));
  switch (Math.floor(r() * 10)) {
    case 0:
      return b();
    case 1:
      return `"${brands[zipf(r, brands.length)]!} alternative" OR "alternative to ${brands[zipf(r, brands.length)]!}"`;
    case 2:
      return `(${b()} OR ${b()}) -${pick(r, NOISE)} -${pick(r, NOISE)}`;
    case 3:
      return `${c()} (recommend OR recommendation OR "looking for") site:${pick(r, SUBS)}`;
    case 4:
      return `${b().replace(/"/g, '').split(' ')[0]!.slice(0, 6).toLowerCase()}* type:comment`;
    case 5:
      return `title:${b()} lang:en`;
    case 6:
      return `(${c()} OR ${c()}) ${b()} -site:${pick(r, SUBS)}`;
    case 7:
      return `${b()} ${quoteIfPhrase(pick(r, INTENT))} -${pick(r, NOISE)}`;
    case 8:
      return `${b()} OR ${b()} OR ${b()}`;
    default:
      return `${c()} ${quoteIfPhrase(pick(r, INTENT))} NOT (${pick(r, NOISE)} OR ${pick(r, NOISE)})`;
  }
}

export function monitorQueries(count: number, seed = 7): { id: string; query: string }[] {
  const r = rng(seed);
  // the brand vocabulary grows with the monitor count, like a real customer base
  const brands = brandNames(Math.max(REAL_BRANDS.length, Math.floor(count / 4)), seed);
  return Array.from({ length: count }, (_, i) => ({ id: `mon-${i}`, query: monitorQuery(r, brands) }));
}

export type BenchPost = {
  title?: string;
  content: string;
  kind: 'post' | 'comment';
  site: string;
  author: string;
  lang: string;
};

/**
 * A Reddit-like post or comment. Like a real firehose, most posts (75%) are general chatter that
 * rarely names a B2B product; the rest talk about tools, naming one or two brands and categories.
 */
export function post(r: () => number, brands: readonly string[]): BenchPost {
  const topical = r() < 0.25;
  const scale = topical ? 1 : 0.08;
  const sentences = 2 + Math.floor(r() * 10);
  const parts: string[] = [];
  for (let s = 0; s < sentences; s++) {
    const words: string[] = [];
    const len = 6 + Math.floor(r() * 16);
    for (let w = 0; w < len; w++) {
      const x = r();
      if (x < 0.02 * scale) words.push(brands[zipf(r, brands.length)]!);
      else if (x < 0.03 * scale) words.push(pick(r, CATEGORIES));
      else if (x < 0.045 * scale) words.push(pick(r, INTENT));
      else if (x < 0.05 * scale) words.push(`${pick(r, brands)}'s`);
      else words.push(pick(r, FILLER));
    }
    const sentence = words.join(' ');
    parts.push(sentence[0]!.toUpperCase() + sentence.slice(1) + pick(r, ['.', '.', '?', '!', '...', ' :)']));
  }
  const kind = r() < 0.3 ? 'post' : 'comment';
  return {
    title:
      kind === 'post'
        ? `${pick(r, ['Best', 'Looking for', 'Anyone tried', 'Alternatives to'])} ${pick(r, brands)}?`
        : undefined,
    content: parts.join(' '),
    kind,
    site: pick(r, SUBS),
    author: `user${Math.floor(r() * 5000)}`,
    lang: r() < 0.9 ? 'en' : 'de',
  };
}

export function posts(count: number, seed = 11): BenchPost[] {
  const r = rng(seed);
  const brands = brandNames(25_000, 7);
  return Array.from({ length: count }, () => post(r, brands));
}
