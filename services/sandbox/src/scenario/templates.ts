import type { Prng } from './prng.ts';
import type { Category, IntentLevel } from './types.ts';

/** A product space with the vendors people compare in it. */
interface Space {
  kind: string;
  vendors: readonly string[];
}

const SPACES: readonly Space[] = [
  { kind: 'B2B contact data tool', vendors: ['ZoomInfo', 'Apollo.io', 'Lusha', 'Cognism', 'Clearbit'] },
  { kind: 'CRM', vendors: ['HubSpot', 'Salesforce', 'Pipedrive', 'Close', 'Attio'] },
  { kind: 'helpdesk', vendors: ['Zendesk', 'Intercom', 'Freshdesk', 'Help Scout'] },
  { kind: 'sales engagement platform', vendors: ['Outreach', 'Salesloft', 'Apollo.io', 'Reply.io'] },
  { kind: 'call recording tool', vendors: ['Gong', 'Chorus', 'Fathom'] },
];

const TEAM_SIZES = [3, 5, 8, 10, 12, 15, 25, 40, 60];
const BUDGETS = [
  '$300/month',
  '$500/month',
  '$1k a month',
  'about $5k a year',
  '$20k/yr',
  'under $100 per seat',
];
const TIMELINES = [
  'this week',
  'before end of quarter',
  'by next month',
  'in the next 30 days',
  'before our renewal in March',
  'ASAP',
];
const SUBS_B2B = [
  'sales',
  'SaaS',
  'startups',
  'Entrepreneur',
  'smallbusiness',
  'salesforce',
  'CRM',
  'marketing',
  'b2bmarketing',
  'salesops',
];
const SUBS_NOISE = [
  'space',
  'news',
  'technology',
  'cscareerquestions',
  'jobs',
  'BuyItForLife',
  'Seattle',
  'ArtemisProgram',
];

export interface Draft {
  title: string | null;
  body: string;
  products: string[];
  lang: string;
  traits: string[];
  subreddit: string;
}

interface Ctx {
  rng: Prng;
  space: Space;
  a: string;
  b: string;
  n: number;
  budget: string;
  timeline: string;
}

type Template = (c: Ctx) => { title: string; body: string; products?: string[]; lang?: string; sub?: string };

// The project's own text. Each template is written so the category is unambiguous to a human reader.
const TEMPLATES: Record<Category, readonly Template[]> = {
  buying_intent: [
    (c) => ({
      title: `Looking for an alternative to ${c.a} for our ${c.n}-person team`,
      body: `We've been on ${c.a} for two years and the renewal quote doubled. Budget is ${c.budget}, need something live ${c.timeline}. Anyone switched to ${c.b} or something else? What did you end up paying?`,
    }),
    (c) => ({
      title: `Recommendations for a ${c.space.kind}? Budget ${c.budget}`,
      body: `Small team (${c.n} reps). We need a ${c.space.kind} that syncs with our inbox and doesn't take a month to set up. Shortlist so far: ${c.a}, ${c.b}. Decision ${c.timeline}. Open to demos.`,
    }),
    (c) => ({
      title: `${c.a} vs ${c.b} for a ${c.n}-seat sales team?`,
      body: `Evaluating both right now, trial ends ${c.timeline}. Main thing we care about is data accuracy and price - ${c.budget} is our ceiling. Which one did you pick and why?`,
    }),
    (c) => ({
      title: `Need a "${c.a}" alternative, ${c.a} alternative that won't lock us into an annual contract`,
      body: `Anyone know a ${c.space.kind} with monthly billing? We're ${c.n} people, can spend ${c.budget}. Happy to hear pitches, DMs open.`,
    }),
    (c) => ({
      title: `What ${c.space.kind} are you using in 2025?`,
      body: `We're replacing ${c.a} ${c.timeline}. Need: CSV import, decent API, SSO. ${c.n} users, budget ${c.budget}. Please share what worked.`,
    }),
  ],
  frustration: [
    (c) => ({
      title: `${c.a}'s data quality is getting worse`,
      body: `Third bounced sequence this week. Half the emails from ${c.a} are dead. Is it just us? Seriously considering other options.`,
    }),
    (c) => ({
      title: `Is it me or did ${c.a} just get way more expensive?`,
      body: `Our ${c.n} seats went up 40% at renewal with no new features. Support takes 5 days to reply. Venting, but also curious what others do.`,
    }),
    (c) => ({
      title: `So tired of fighting ${c.a}`,
      body: `Every sync breaks something. Our reps hate logging calls in it. There has to be a better ${c.space.kind} out there.`,
    }),
  ],
  exploratory: [
    (c) => ({
      title: `How do you all handle prospect research?`,
      body: `Curious how teams of ~${c.n} do this. Do you use something like ${c.a} or is it mostly LinkedIn + spreadsheets? Not buying anything yet, just mapping options.`,
    }),
    (c) => ({
      title: `Is a ${c.space.kind} worth it at our stage?`,
      body: `Pre-seed, two founders doing sales. People keep telling us to get ${c.a} or ${c.b}. At what point did it pay off for you?`,
    }),
    (c) => ({
      title: `Anyone tried ${c.b}?`,
      body: `Saw ${c.b} mentioned a few times as an option next to ${c.a}. What's it like day to day?`,
    }),
  ],
  decided: [
    (c) => ({
      title: `We moved from ${c.a} to ${c.b} - notes after 3 months`,
      body: `Signed the ${c.b} contract in the spring. Migration took two weeks. Happy so far; not looking at anything else for a while.`,
    }),
    (c) => ({
      title: `Renewed ${c.a} for another year`,
      body: `Looked around, negotiated 20% off, stayed with ${c.a}. Done evaluating for now.`,
    }),
  ],
  news: [
    (c) => ({
      title: `${c.a} announces layoffs of 12% of staff`,
      body: `According to an internal memo, ${c.a} is cutting roles across support and sales. The company says the product roadmap is unaffected.`,
      sub: 'technology',
    }),
    (c) => ({
      title: `${c.a} acquires a small AI startup`,
      body: `The deal terms were not disclosed. ${c.a} said the team will join its data platform group.`,
      sub: 'news',
    }),
    (c) => ({
      title: `${c.b} raises Series C`,
      body: `${c.b} raised a new round to expand in Europe, per a press release this morning.`,
      sub: 'technology',
    }),
  ],
  opinion: [
    (c) => ({
      title: `Hot take: the ${c.space.kind} market is a race to the bottom`,
      body: `${c.a} and ${c.b} are basically the same product with different logos now. The moat is distribution, not features.`,
    }),
    (c) => ({
      title: `Nobody actually needs ${c.a}`,
      body: `Unpopular opinion, but most teams would be fine with a spreadsheet and discipline. Tools don't fix process.`,
    }),
  ],
  job_post: [
    (c) => ({
      title: `[Hiring] SDR with ${c.a} experience - remote, ${c.budget} OTE bonus`,
      body: `We're hiring an SDR. Must know ${c.a} and ${c.b}. Apply via the link in our profile. No agencies.`,
      sub: 'jobs',
    }),
    (c) => ({
      title: `Hiring: ${c.space.kind} admin (${c.a} certified)`,
      body: `Full-time role administering our ${c.a} instance. 3+ years experience. Salary range in the posting.`,
      sub: 'jobs',
    }),
  ],
  self_promotion: [
    (c) => ({
      title: `We built a cheaper ${c.a} alternative - feedback welcome`,
      body: `Hey all, founder here. Our tool does what ${c.a} does at a third of the price. Free trial, link in bio. Looking for an alternative to ${c.a}? Try us!`,
    }),
    (c) => ({
      title: `Show HN: An open-source ${c.space.kind}`,
      body: `I made an open-source replacement for ${c.a} and ${c.b}. Self-host it in five minutes. Star us on GitHub!`,
    }),
  ],
  consumer: [
    () => ({
      title: `Looking for an alternative to my Kindle for reading PDFs`,
      body: `Budget about $300. Need something with a bigger screen, will buy this week. Any recommendations?`,
      sub: 'BuyItForLife',
    }),
    () => ({
      title: `Best CRM for my personal job search?`,
      body: `I'm tracking about 40 job applications in a notebook. Is there a free app for one person? Not a business thing, just me.`,
      sub: 'jobs',
    }),
  ],
  collision: [
    () => ({
      title: `Apollo 11 mission audio restored in full`,
      body: `The full Apollo mission control loops are now online. Incredible to hear the landing in real time.`,
      products: [],
      sub: 'space',
    }),
    () => ({
      title: `Took this photo of Salesforce Tower in the fog`,
      body: `Salesforce Tower from Dolores Park this morning. The light was unreal.`,
      products: [],
      sub: 'pics',
    }),
    () => ({
      title: `How much slack should a bike chain have?`,
      body: `Replaced my chain and there's some slack in it when I pedal backwards. Normal? Looking for advice before I buy a new one.`,
      products: [],
      sub: 'bicycling',
    }),
    () => ({
      title: `Apollo the greek god in modern art`,
      body: `A short essay on how Apollo keeps showing up in contemporary sculpture.`,
      products: [],
      sub: 'ArtHistory',
    }),
    () => ({
      title: `Cut the team some slack`,
      body: `Our team shipped a huge release and the reviews are brutal. Cut people some slack, software is hard.`,
      products: [],
      sub: 'technology',
    }),
  ],
  other: [
    () => ({
      title: `Weekly thread: what are you working on?`,
      body: `Share your progress, wins and lessons this week.`,
    }),
    () => ({
      title: `Meta: please use the search before posting`,
      body: `Mods here. Lots of duplicate questions lately.`,
    }),
  ],
};

// Translations of strong/medium intent, so language detection and multilingual scoring get exercised.
const FOREIGN: readonly ((c: Ctx) => { title: string; body: string; lang: string })[] = [
  (c) => ({
    title: `Buscamos una alternativa a ${c.a} para nuestro equipo de ${c.n} personas`,
    body: `El precio de renovación se duplicó. Presupuesto: ${c.budget}. ¿Alguien ha probado ${c.b}? Necesitamos decidir este mes.`,
    lang: 'es',
  }),
  (c) => ({
    title: `Suche eine Alternative zu ${c.a}`,
    body: `Wir sind ${c.n} Leute im Vertrieb und brauchen bis Quartalsende ein neues ${c.space.kind}. Budget ca. ${c.budget}. Erfahrungen mit ${c.b}?`,
    lang: 'de',
  }),
  (c) => ({
    title: `Quelle alternative à ${c.a} pour une petite équipe ?`,
    body: `Nous sommes ${c.n} commerciaux, budget ${c.budget}. On doit changer d'outil avant la fin du trimestre.`,
    lang: 'fr',
  }),
];

/** Score band and coarse intent per category: the benchmark's ground truth. */
export const CATEGORY_TRUTH: Record<Category, { intent: IntentLevel; scoreBand: [number, number] }> = {
  buying_intent: { intent: 'strong', scoreBand: [7, 10] },
  frustration: { intent: 'medium', scoreBand: [5, 7] },
  exploratory: { intent: 'medium', scoreBand: [4, 6] },
  decided: { intent: 'noise', scoreBand: [2, 4] },
  news: { intent: 'noise', scoreBand: [1, 2] },
  opinion: { intent: 'noise', scoreBand: [1, 3] },
  job_post: { intent: 'noise', scoreBand: [1, 2] },
  self_promotion: { intent: 'noise', scoreBand: [1, 2] },
  consumer: { intent: 'noise', scoreBand: [1, 2] },
  collision: { intent: 'noise', scoreBand: [1, 1] },
  other: { intent: 'noise', scoreBand: [1, 2] },
};

/** Relative frequency of each category in the stream (buyers are the minority, like in real life). */
export const CATEGORY_WEIGHTS: Record<Category, number> = {
  buying_intent: 12,
  frustration: 10,
  exploratory: 10,
  decided: 3,
  news: 12,
  opinion: 12,
  job_post: 8,
  self_promotion: 8,
  consumer: 7,
  collision: 10,
  other: 8,
};

const LONG_FILLER =
  'Some background on our setup, since people always ask: we sell to mid-market logistics companies, our cycle is about 45 days, and most deals start from an inbound demo request. ';

/** Writes the text of one item of a category. */
export function draftText(rng: Prng, category: Category): Draft {
  const space = rng.pick(SPACES);
  const a = rng.pick(space.vendors);
  let b = rng.pick(space.vendors);
  if (b === a) b = space.vendors.find((v) => v !== a) ?? a;
  const ctx: Ctx = {
    rng,
    space,
    a,
    b,
    n: rng.pick(TEAM_SIZES),
    budget: rng.pick(BUDGETS),
    timeline: rng.pick(TIMELINES),
  };
  const traits: string[] = [];
  let text: { title: string; body: string; products?: string[]; lang?: string; sub?: string };
  if ((category === 'buying_intent' || category === 'frustration') && rng.chance(0.08)) {
    text = rng.pick(FOREIGN)(ctx);
    traits.push('non_english');
  } else {
    text = rng.pick(TEMPLATES[category])(ctx);
  }
  let body = text.body;
  const roll = rng.next();
  if (roll < 0.06) {
    // HTML entities as some APIs deliver them (Reddit selftext, Algolia text).
    body = body.replace(/&/g, '&amp;').replace(/'/g, '&#39;') + ' Q&amp;A welcome &gt;&gt; thanks';
    traits.push('html_entities');
  } else if (roll < 0.14) {
    body = `**TL;DR:** ${body}\n\n- point one: *price*\n- point two: [our notes](https://example.com/notes)\n\n> quoting a colleague: "just pick one"`;
    traits.push('markdown');
  } else if (roll < 0.16) {
    body = `${body}\n\n${LONG_FILLER.repeat(rng.int(60, 140))}`;
    traits.push('very_long');
  } else if (roll < 0.19) {
    body = '';
    traits.push('empty_body');
  }
  const products =
    text.products ??
    [a, b].filter((v, i, all) => all.indexOf(v) === i && `${text.title} ${text.body}`.includes(v));
  const subreddit =
    text.sub ??
    (CATEGORY_TRUTH[category].intent === 'noise' && rng.chance(0.3)
      ? rng.pick(SUBS_NOISE)
      : rng.pick(SUBS_B2B));
  return { title: text.title, body, products, lang: text.lang ?? 'en', traits, subreddit };
}

/** A short reply text for comments (comments carry intent too: "we're also looking"). */
export function draftComment(rng: Prng, category: Category): Draft {
  const d = draftText(rng, category);
  // Comments have no title: fold the title's signal into the first sentence.
  const body = d.traits.includes('empty_body') ? '' : `${d.title}. ${d.body}`;
  return { ...d, title: null, body };
}
