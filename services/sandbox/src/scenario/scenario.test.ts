import { describe, expect, it } from 'vitest';
import { Scenario } from './engine.ts';
import { matches, parseQuery } from './query-match.ts';
import { CATEGORIES } from './types.ts';

const START = Date.UTC(2026, 0, 15, 12, 0, 0);
const snapshot = (s: Scenario) =>
  (['reddit', 'hackernews', 'twitter', 'linkedin'] as const).flatMap((p) =>
    s.items(p).map((it) => [p, it.externalId, it.title, it.body, it.author.key, it.truth.category]),
  );

describe('scenario', () => {
  it('yields the same posts, authors and ids for the same seed, and different ones for another seed', () => {
    const a = new Scenario({ seed: 11, ratePerSec: 50, startTimeMs: START, backlog: 200 });
    const b = new Scenario({ seed: 11, ratePerSec: 50, startTimeMs: START, backlog: 200 });
    a.advance(10_000);
    b.advance(4_000);
    b.advance(6_000);
    expect(snapshot(a)).toEqual(snapshot(b));
    expect(snapshot(a).length).toBeGreaterThan(600);
    const c = new Scenario({ seed: 12, ratePerSec: 50, startTimeMs: START, backlog: 200 });
    expect(snapshot(c)).not.toEqual(snapshot(a));
  });

  it('generates at the rate under a controlled clock, oldest first, with ground truth', () => {
    const s = new Scenario({ seed: 3, ratePerSec: 2.5, startTimeMs: START, backlog: 0 });
    const made = s.advance(4_000);
    // 10 planned items plus occasional cross-posts.
    expect(made.filter((it) => !it.truth.crossPostOf)).toHaveLength(10);
    for (const it of made) {
      expect(it.createdAtMs).toBeGreaterThan(START);
      expect(it.createdAtMs).toBeLessThanOrEqual(START + 4_000);
      expect(CATEGORIES).toContain(it.truth.category);
      expect(it.truth.scoreBand[0]).toBeLessThanOrEqual(it.truth.scoreBand[1]);
    }
    expect(s.now()).toBe(START + 4_000);
  });

  it('has a realistic mix: strong, medium and noise, collisions, non-English, cross-posts, empty and long bodies', () => {
    const s = new Scenario({ seed: 5, ratePerSec: 0, startTimeMs: START, backlog: 3000 });
    const all = (['reddit', 'hackernews', 'twitter', 'linkedin'] as const).flatMap((p) => [...s.items(p)]);
    const intents = new Set(all.map((it) => it.truth.intent));
    expect([...intents].sort()).toEqual(['medium', 'noise', 'strong']);
    const traits = new Set(all.flatMap((it) => it.truth.traits));
    for (const t of ['non_english', 'html_entities', 'markdown', 'very_long', 'empty_body', 'cross_post'])
      expect(traits).toContain(t);
    const strong = all.filter((it) => it.truth.intent === 'strong').length / all.length;
    expect(strong).toBeGreaterThan(0.05);
    expect(strong).toBeLessThan(0.25);
    const cross = all.find((it) => it.truth.crossPostOf);
    const [platform, id] = (cross?.truth.crossPostOf ?? ':').split(':');
    expect(s.find(platform as 'reddit', id ?? '')?.author.key).toBe(cross?.author.key);
    expect(all.some((it) => it.kind === 'comment' && it.platform === 'hackernews' && it.parentId)).toBe(true);
    for (const it of all.filter((x) => x.platform === 'twitter'))
      expect(it.body.length).toBeLessThanOrEqual(280);
  });
});

describe('query matching', () => {
  it('supports phrases, OR, exclusions, whole words and operators', () => {
    const q = parseQuery('"zoominfo alternative" OR apollo -job lang:en');
    expect(q.operators).toEqual([{ key: 'lang', value: 'en', negated: false }]);
    expect(matches(q, 'Looking for a ZoomInfo alternative')).toBe(true);
    expect(matches(q, 'We use Apollo.io daily')).toBe(true);
    expect(matches(q, 'Apollo job opening')).toBe(false);
    expect(matches(q, 'apollonian art')).toBe(false);
    expect(matches(parseQuery('crm slack'), 'Our CRM posts to Slack')).toBe(true);
    expect(matches(parseQuery('crm slack'), 'Our CRM is fine')).toBe(false);
  });
});
