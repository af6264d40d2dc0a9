import { CursorStore, type IngestContext } from '@intent-radar/ingest-kit';
import { callReddit, newestOf, publishThings, redditCursorSchema, saveCursor, type RedditCursor } from './reddit-calls.ts';
import { compareIds, idsAfter, isRedditId } from './reddit-ids.ts';
import type { RedditSource, RedditThing } from './reddit-source.ts';

/** Reddit's /api/info takes at most 100 fullnames a call. */
const INFO_MAX = 100;
/** A kind's window never shrinks below this, however quiet it has been. */
const MIN_WINDOW = 10;
/** An id skipped inside a window is asked again for this long (an item can become visible late). */
const GAP_MS = 3_000;
/** Skipped ids carried per kind (the oldest are dropped first). */
const MAX_GAPS = 10;

/** Items a by-id step aims at when the stream is busy (of the 100 ids), so windows rarely fill. */
const TARGET_ITEMS = 70;

export interface RedditFirehoseOptions {
  /** Pages of 100 one listing walk may go back. */
  maxPages: number;
  /** A kind whose by-id window brought nothing for this long is re-synced from its listing. */
  stallMs: number;
  /** Poll interval when the stream is quiet (the longest wait between caught-up steps). */
  pollMs: number;
  /** The shortest period between steps: the budget's average pace (window / limit). */
  minPollMs: number;
  /** The request budget's window (epoch-aligned), to spread what is left of it. Milliseconds. */
  budgetWindowMs: number;
}

type Kind = 'posts' | 'comments';
const KINDS: Record<Kind, { thing: 't3' | 't1'; path: string }> = {
  posts: { thing: 't3', path: '/r/all/new' },
  comments: { thing: 't1', path: '/r/all/comments' },
};

interface KindState {
  /** Items per step, smoothed: how the 100 ids of a call are split between the kinds. */
  perStep: number;
  /** When this kind last brought something new (or its listing was walked). */
  lastProgressAt: number;
  /** Skipped id -> when it stops being asked for (epoch ms). */
  gaps: Map<string, number>;
}

interface Cursor {
  key: string;
  value: RedditCursor | undefined;
  revision: number;
}

/**
 * The /r/all firehose (posts and comments). Reddit ids are base36 counters, so once both cursors
 * are known one /api/info call asks for the next ids of both kinds at once: one request a step
 * instead of two listings, which is what lets the poll run often within 100 requests/min. The
 * listings (/r/all/new, /r/all/comments, walked back to the cursor) start each kind, and re-sync
 * a kind whose ids stopped arriving (a run of ids longer than its window that never become
 * visible: removed, private). Ids skipped inside a window are asked again for a few seconds; one
 * that shows up later than that is left to the scheduled searches.
 * State beyond the cursors is per process: a replica taking the lease over starts with the walk.
 */
export class RedditFirehose {
  private readonly state: Record<Kind, KindState> = { posts: newState(), comments: newState() };
  /** New items per second over recent by-id steps (both kinds), for the poll interval. */
  private itemsPerSec = 0;
  private lastById = 0;

  constructor(
    private readonly source: RedditSource,
    private readonly opts: RedditFirehoseOptions,
  ) {}

  async step(ctx: IngestContext): Promise<{ caughtUp: boolean; nextPollMs: number }> {
    const startedAt = Date.now();
    const kinds: Kind[] = ['posts', 'comments'];
    const cursors = await Promise.all(
      kinds.map(async (k): Promise<Cursor> => {
        const key = CursorStore.firehoseKey('reddit', k);
        return { key, ...(await ctx.cursors.readOwned(key, redditCursorSchema)) };
      }),
    );
    const now = Date.now();
    const byId: [Kind, Cursor][] = [];
    const walk: [Kind, Cursor][] = [];
    kinds.forEach((k, i) => {
      const c = cursors[i]!;
      const counting = c.value !== undefined && isRedditId(c.value.newestId) && now - this.state[k].lastProgressAt < this.opts.stallMs;
      (counting ? byId : walk).push([k, c]);
    });
    const results = await Promise.allSettled([...walk.map(([k, c]) => this.walkListing(ctx, k, c)), ...(byId.length > 0 ? [this.byIds(ctx, byId)] : [])]);
    let caughtUp = true;
    for (const r of results) {
      if (r.status === 'rejected') throw r.reason;
      caughtUp &&= r.value;
    }
    // A step's period (a full window's follow-up included) never outruns the budget: what is left
    // of the window is spread over the rest of it, so searches that took some slow the firehose
    // down instead of the window running dry and the firehose stalling until the next one.
    const end = Date.now();
    const pace = { remaining: await ctx.budget.remaining('requests'), msLeft: this.opts.budgetWindowMs - (end % this.opts.budgetWindowMs) };
    const periodMs = nextPollMs(caughtUp ? this.itemsPerSec : Infinity, pace, this.opts);
    return { caughtUp, nextPollMs: Math.max(0, periodMs - (end - startedAt)) };
  }

  /** The next ids of each kind (and recently skipped ones) in one /api/info call. True when caught up. */
  private async byIds(ctx: IngestContext, entries: [Kind, Cursor][]): Promise<boolean> {
    const gapNames = entries.flatMap(([k]) => [...this.state[k].gaps.keys()].map((id) => `${KINDS[k].thing}_${id}`));
    const sizes = splitWindow(INFO_MAX - gapNames.length, entries.map(([k]) => this.state[k].perStep));
    const windows = entries.map(([k, c], i) => ({ k, c, ids: idsAfter(c.value!.newestId, sizes[i]!) }));
    const id = [...gapNames, ...windows.flatMap((w) => w.ids.map((x) => `${KINDS[w.k].thing}_${x}`))].join(',');
    const page = await callReddit(this.source, ctx, '/api/info', { id });

    const fresh: RedditThing[] = [];
    const saves: (() => Promise<void>)[] = [];
    let caughtUp = true;
    let arrived = 0;
    for (const w of windows) {
      const st = this.state[w.k];
      const asked = new Set(w.ids);
      const got = page.things.filter((t) => t.kind === KINDS[w.k].thing);
      // Only what was asked counts: an id outside the window cannot move the cursor.
      const ahead = got.filter((t) => asked.has(t.data.id));
      const late = got.filter((t) => st.gaps.has(t.data.id));
      const now = Date.now();
      for (const [gap, until] of st.gaps) if (until <= now) st.gaps.delete(gap);
      for (const t of late) st.gaps.delete(t.data.id);
      fresh.push(...late, ...ahead);
      arrived += ahead.length;
      const newest = newestOf(ahead);
      const full = newest?.data.id === w.ids[w.ids.length - 1];
      // A full window means more may be waiting: it counts double, so the next window is wider.
      st.perStep = 0.7 * st.perStep + 0.3 * (full ? 2 * ahead.length : ahead.length);
      if (!newest) continue;
      st.lastProgressAt = now;
      const seen = new Set(ahead.map((t) => t.data.id));
      for (const x of w.ids) {
        if (compareIds(x, newest.data.id) >= 0) break;
        if (!seen.has(x)) st.gaps.set(x, now + GAP_MS);
      }
      for (const gap of st.gaps.keys()) {
        if (st.gaps.size <= MAX_GAPS) break;
        st.gaps.delete(gap);
      }
      if (full) caughtUp = false;
      saves.push(() => saveCursor(ctx, w.c.key, { newestId: newest.data.id, newestCreatedUtc: newest.data.created_utc }, w.c.revision));
    }
    const now = Date.now();
    if (this.lastById > 0 && now > this.lastById) {
      // Up at once (a burst must not wait for the average), down slowly.
      const current = (arrived * 1000) / (now - this.lastById);
      this.itemsPerSec = Math.max(current, 0.7 * this.itemsPerSec + 0.3 * current);
    }
    this.lastById = now;
    if (fresh.length === 0) return caughtUp;
    await publishThings(fresh, 'firehose', ctx);
    ctx.health.success(fresh.length);
    await Promise.all(saves.map((save) => save()));
    return caughtUp;
  }

  /**
   * Newest listing page first (one request when caught up); walks back with `after` while the
   * page holds only unseen items, so nothing since the cursor is skipped. True when caught up.
   */
  private async walkListing(ctx: IngestContext, k: Kind, c: Cursor): Promise<boolean> {
    const cursor = c.value;
    const fresh: RedditThing[] = [];
    let after: string | null = null;
    let full = false;
    for (let page = 0; page < this.opts.maxPages; page++) {
      const res = await callReddit(this.source, ctx, KINDS[k].path, { limit: 100, ...(after ? { after } : {}) });
      const unseen = cursor ? res.things.filter((t) => compareIds(t.data.id, cursor.newestId) > 0) : res.things;
      fresh.push(...unseen);
      full = res.things.length >= 100;
      // Without a cursor the stream starts at the newest page (no history walk).
      if (!cursor || unseen.length < res.things.length || !res.after || res.things.length === 0) break;
      after = res.after;
    }
    this.state[k].lastProgressAt = Date.now();
    const newest = newestOf(fresh);
    if (!newest) {
      // An empty stream still gets a cursor: from now on every item is new (walked back to it).
      if (!cursor) await saveCursor(ctx, c.key, { newestId: '0', newestCreatedUtc: 0 }, c.revision);
      return true;
    }
    await publishThings(fresh, 'firehose', ctx);
    ctx.health.success(fresh.length);
    await saveCursor(ctx, c.key, { newestId: newest.data.id, newestCreatedUtc: newest.data.created_utc }, c.revision);
    return !full || fresh.length < 100;
  }
}

function newState(): KindState {
  return { perStep: 0, lastProgressAt: 0, gaps: new Map() };
}

/**
 * The period of the next step: long enough for ~TARGET_ITEMS new items (Infinity items/s: at
 * once, a full window's follow-up), at most the quiet poll, and never faster than the budget's
 * average pace nor than what is left of the window spread evenly over the rest of it.
 */
export function nextPollMs(
  itemsPerSec: number,
  budget: { remaining: number; msLeft: number },
  opts: Pick<RedditFirehoseOptions, 'pollMs' | 'minPollMs'>,
): number {
  const fill = itemsPerSec > 0 ? (TARGET_ITEMS * 1000) / itemsPerSec : opts.pollMs;
  const even = budget.remaining > 0 ? budget.msLeft / budget.remaining : budget.msLeft;
  return Math.round(Math.max(opts.minPollMs, even, Math.min(opts.pollMs, fill)));
}

/** `room` ids split by each kind's recent items per step (+1 each, so a quiet kind keeps a share). */
export function splitWindow(room: number, perStep: readonly number[]): number[] {
  if (perStep.length === 1) return [room];
  const total = perStep.reduce((s, r) => s + r + 1, 0);
  const sizes = perStep.map((r) => Math.max(MIN_WINDOW, Math.floor((room * (r + 1)) / total)));
  // The widest gives back whatever the minimums took beyond the room (or takes the rounding left over).
  const widest = sizes.indexOf(Math.max(...sizes));
  sizes[widest] = sizes[widest]! + room - sizes.reduce((s, n) => s + n, 0);
  return sizes;
}
