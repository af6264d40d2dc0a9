import { buildPersonas } from './personas.ts';
import { Prng } from './prng.ts';
import { CATEGORY_TRUTH, CATEGORY_WEIGHTS, draftComment, draftText, type Draft } from './templates.ts';
import {
  SCENARIO_PLATFORMS,
  type Category,
  type Persona,
  type ScenarioItem,
  type ScenarioPlatform,
} from './types.ts';

export interface ScenarioOptions {
  seed: number;
  /** New items per second across all platforms. */
  ratePerSec: number;
  /** Scenario time at construction (epoch ms); defaults to the wall clock. */
  startTimeMs?: number;
  /** Items of history generated before startTime so searches have results at once. */
  backlog?: number;
  backlogSpanMs?: number;
  /** Oldest items are dropped per platform past this many (bounds memory in long benchmarks). */
  maxItemsPerPlatform?: number;
  personas?: number;
}

export interface EmitOptions {
  platform?: ScenarioPlatform;
  category?: Category;
  kind?: 'post' | 'comment';
}

const PLATFORM_WEIGHTS: Record<ScenarioPlatform, number> = {
  reddit: 40,
  hackernews: 20,
  twitter: 28,
  linkedin: 12,
};
const X_EPOCH_MS = 1288834974657n;
const TWEET_MAX = 280;
const CROSS_POST_CHANCE = 0.04;

/**
 * The scenario: a deterministic stream of posts and comments on every fake platform. Time is
 * virtual: `advance(ms)` moves it (tests), `startLive()` follows the wall clock (npm start).
 */
export class Scenario {
  readonly seed: number;
  readonly personas: Persona[];
  private rate: number;
  private clockMs: number;
  private carry = 0;
  private seq = 0;
  private readonly rng: Prng;
  private readonly byPlatform = new Map<ScenarioPlatform, ScenarioItem[]>();
  private readonly byId = new Map<string, ScenarioItem>();
  private readonly children = new Map<string, string[]>();
  private readonly byAuthor = new Map<string, ScenarioItem[]>();
  private readonly hidden = new Set<string>();
  private readonly counters = { redditPost: 0, redditComment: 0, hn: 0 };
  private readonly maxPerPlatform: number;
  private liveTimer: NodeJS.Timeout | null = null;
  private lastWallMs = 0;
  private generated = 0;

  constructor(opts: ScenarioOptions) {
    this.seed = opts.seed;
    this.rate = opts.ratePerSec;
    this.rng = new Prng(opts.seed);
    const start = opts.startTimeMs ?? Date.now();
    this.maxPerPlatform = opts.maxItemsPerPlatform ?? 50_000;
    this.personas = buildPersonas(opts.seed, opts.personas ?? 60, start);
    for (const p of SCENARIO_PLATFORMS) this.byPlatform.set(p, []);
    const backlog = opts.backlog ?? 300;
    const span = opts.backlogSpanMs ?? 6 * 3600_000;
    this.clockMs = start - span;
    for (let i = 0; i < backlog; i++)
      this.generateAt(start - span + Math.floor(((i + 1) * span) / (backlog + 1)), {});
    this.clockMs = start;
  }

  /** Current scenario time, epoch ms. */
  now(): number {
    return this.clockMs;
  }

  get ratePerSec(): number {
    return this.rate;
  }

  setRate(ratePerSec: number): void {
    this.rate = ratePerSec;
  }

  /** Moves the clock forward and generates what the rate produces in that time, evenly spread. */
  advance(ms: number): ScenarioItem[] {
    const from = this.clockMs;
    const exact = (this.rate * ms) / 1000 + this.carry;
    const count = Math.floor(exact);
    this.carry = exact - count;
    const out: ScenarioItem[] = [];
    for (let i = 0; i < count; i++)
      out.push(...this.generateAt(from + Math.floor(((i + 1) * ms) / count), {}));
    this.clockMs = from + ms;
    return out;
  }

  /** Generates `count` items at the current time regardless of the rate. */
  emit(count: number, opts: EmitOptions = {}): ScenarioItem[] {
    const out: ScenarioItem[] = [];
    for (let i = 0; i < count; i++) out.push(...this.generateAt(this.clockMs, opts));
    return out;
  }

  /** Follows the wall clock: new items appear continuously at the rate. */
  startLive(tickMs = 100): void {
    if (this.liveTimer) return;
    this.lastWallMs = Date.now();
    this.liveTimer = setInterval(() => {
      const wall = Date.now();
      this.advance(wall - this.lastWallMs);
      this.lastWallMs = wall;
    }, tickMs);
    this.liveTimer.unref();
  }

  stopLive(): void {
    if (this.liveTimer) clearInterval(this.liveTimer);
    this.liveTimer = null;
  }

  get live(): boolean {
    return this.liveTimer !== null;
  }

  /** Items of a platform, oldest first. */
  items(platform: ScenarioPlatform): readonly ScenarioItem[] {
    return this.byPlatform.get(platform) ?? [];
  }

  find(platform: ScenarioPlatform, externalId: string): ScenarioItem | undefined {
    return this.byId.get(`${platform}:${externalId}`);
  }

  /**
   * Hides an item from the platform's listings and lookups (Reddit's spam filter, a private
   * community) until `setHidden(..., false)`: ids with holes, as real counters have.
   */
  setHidden(platform: ScenarioPlatform, externalId: string, hidden: boolean): void {
    if (hidden) this.hidden.add(`${platform}:${externalId}`);
    else this.hidden.delete(`${platform}:${externalId}`);
  }

  isHidden(platform: ScenarioPlatform, externalId: string): boolean {
    return this.hidden.size > 0 && this.hidden.has(`${platform}:${externalId}`);
  }

  /** External ids of the comments replying to an item, oldest first. */
  childrenOf(platform: ScenarioPlatform, externalId: string): readonly string[] {
    return this.children.get(`${platform}:${externalId}`) ?? [];
  }

  /** Items a persona wrote on a platform, oldest first. */
  itemsBy(platform: ScenarioPlatform, persona: Persona): readonly ScenarioItem[] {
    return this.byAuthor.get(`${platform}:${persona.key}`) ?? [];
  }

  personaBy(predicate: (p: Persona) => boolean): Persona | undefined {
    return this.personas.find(predicate);
  }

  status(): {
    seed: number;
    now: string;
    ratePerSec: number;
    live: boolean;
    generated: number;
    items: Record<ScenarioPlatform, number>;
  } {
    const items = Object.fromEntries(SCENARIO_PLATFORMS.map((p) => [p, this.items(p).length])) as Record<
      ScenarioPlatform,
      number
    >;
    return {
      seed: this.seed,
      now: new Date(this.clockMs).toISOString(),
      ratePerSec: this.rate,
      live: this.live,
      generated: this.generated,
      items,
    };
  }

  private generateAt(atMs: number, opts: EmitOptions): ScenarioItem[] {
    const rng = this.rng;
    const category = opts.category ?? rng.weighted(CATEGORY_WEIGHTS);
    const platform = opts.platform ?? rng.weighted(PLATFORM_WEIGHTS);
    const author = rng.pick(this.personas);
    const parent = this.pickParent(platform);
    const wantsComment = opts.kind ? opts.kind === 'comment' : rng.chance(platform === 'reddit' ? 0.4 : 0.5);
    const kind = parent && wantsComment ? 'comment' : 'post';
    const draft = kind === 'comment' ? draftComment(rng, category) : draftText(rng, category);
    const item = this.store(
      platform,
      kind,
      atMs,
      draft,
      author,
      category,
      kind === 'comment' ? parent : null,
    );
    const out = [item];
    if (rng.chance(CROSS_POST_CHANCE)) {
      const others = SCENARIO_PLATFORMS.filter((p) => p !== platform);
      const target = rng.pick(others);
      const copy = this.store(
        target,
        'post',
        atMs,
        { ...draft, title: draft.title ?? draft.body.slice(0, 80) },
        author,
        category,
        null,
      );
      copy.truth.crossPostOf = `${platform}:${item.externalId}`;
      copy.truth.traits.push('cross_post');
      out.push(copy);
    }
    return out;
  }

  private pickParent(platform: ScenarioPlatform): ScenarioItem | null {
    if (platform !== 'reddit' && platform !== 'hackernews') return null;
    const list = this.items(platform);
    const posts: ScenarioItem[] = [];
    for (let i = list.length - 1; i >= 0 && posts.length < 30; i--) {
      const it = list[i];
      if (it?.kind === 'post') posts.push(it);
    }
    return posts.length > 0 ? this.rng.pick(posts) : null;
  }

  private store(
    platform: ScenarioPlatform,
    kind: 'post' | 'comment',
    atMs: number,
    draft: Draft,
    author: Persona,
    category: Category,
    parent: ScenarioItem | null,
  ): ScenarioItem {
    const seq = ++this.seq;
    let title = kind === 'post' ? draft.title : null;
    let body = draft.body;
    const traits = [...draft.traits];
    if (platform === 'twitter') {
      const text = [draft.title, draft.body].filter(Boolean).join(' - ');
      body = text.length > TWEET_MAX ? `${text.slice(0, TWEET_MAX - 1)}…` : text;
      title = null;
      const long = traits.indexOf('very_long');
      if (long >= 0) traits.splice(long, 1);
    } else if (platform === 'linkedin') {
      body = [draft.title, draft.body].filter(Boolean).join('\n\n');
      title = null;
    } else if (platform === 'hackernews' && kind === 'post' && title) {
      if (category === 'self_promotion' && !title.startsWith('Show HN')) title = `Show HN: ${title}`;
      else if (['buying_intent', 'exploratory', 'frustration'].includes(category) && draft.lang === 'en')
        title = `Ask HN: ${title}`;
    }
    const item: ScenarioItem = {
      seq,
      platform,
      kind,
      externalId: this.nextId(platform, kind, atMs, seq),
      createdAtMs: atMs,
      title,
      body,
      lang: draft.lang,
      author,
      site: platform === 'reddit' ? (parent?.site ?? draft.subreddit) : null,
      parentId: parent?.externalId ?? null,
      truth: {
        ...CATEGORY_TRUTH[category],
        scoreBand: [...CATEGORY_TRUTH[category].scoreBand],
        category,
        traits,
        products: draft.products,
      },
    };
    const list = this.byPlatform.get(platform);
    if (!list) throw new Error(`unknown platform ${platform}`);
    list.push(item);
    this.byId.set(`${platform}:${item.externalId}`, item);
    if (item.parentId) pushTo(this.children, `${platform}:${item.parentId}`, item.externalId);
    pushTo(this.byAuthor, `${platform}:${author.key}`, item);
    if (list.length > this.maxPerPlatform) {
      const dropped = list.splice(0, list.length - this.maxPerPlatform);
      for (const d of dropped) {
        this.byId.delete(`${platform}:${d.externalId}`);
        this.children.delete(`${platform}:${d.externalId}`);
        this.hidden.delete(`${platform}:${d.externalId}`);
        const mine = this.byAuthor.get(`${platform}:${d.author.key}`);
        if (mine?.[0] === d) mine.shift();
      }
    }
    this.generated++;
    return item;
  }

  private nextId(platform: ScenarioPlatform, kind: 'post' | 'comment', atMs: number, seq: number): string {
    switch (platform) {
      case 'reddit':
        // Reddit ids are base36 counters; t3 and t1 have separate spaces.
        return kind === 'post'
          ? (0x1a0000000 + ++this.counters.redditPost).toString(36)
          : (0x3b000000000 + ++this.counters.redditComment).toString(36);
      case 'hackernews':
        return String(45_000_000 + ++this.counters.hn);
      case 'twitter':
      case 'linkedin':
        // Snowflake-like: time in the high bits keeps ids ordered by time, as on X and LinkedIn.
        return String(((BigInt(atMs) - X_EPOCH_MS) << 22n) + BigInt(seq % 4_000_000));
    }
  }
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
