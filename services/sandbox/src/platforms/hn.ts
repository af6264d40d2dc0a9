import type { FastifyInstance, FastifyReply } from 'fastify';
import { intParam, queryOf, type FakeApi, type SandboxContext } from '../api-kit.ts';
import { hash32 } from '../scenario/prng.ts';
import { matchedTerms, matches, normalize, parseQuery, type ParsedQuery } from '../scenario/query-match.ts';
import type { ScenarioItem } from '../scenario/types.ts';

/** Algolia answers at most this many hits per query (paginationLimitedTo). */
export const ALGOLIA_HIT_CAP = 1000;
export const ALGOLIA_CAP_MESSAGE =
  'you can only fetch the 1000 hits for this query. You can extend the number of hits returned via the paginationLimitedTo index parameter or use the browse method. You can read our FAQ for more details about browse and pagination.';

/** HN text as the API delivers it: HTML with HN's entity style, <p> between paragraphs. */
function hnHtml(text: string): string {
  return text
    .replace(/&(?![a-z]+;|#x?[0-9a-f]+;)/gi, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#x27;')
    .replace(/\//g, '&#x2F;')
    .split(/\n{2,}/)
    .join('<p>')
    .replace(/\n/g, ' ');
}

type Json = Record<string, unknown>;

function sortKeys(obj: Json): Json {
  const out: Json = {};
  for (const k of Object.keys(obj).sort()) if (obj[k] !== undefined) out[k] = obj[k];
  return out;
}

/** Hacker News: Algolia search (`/hn/algolia/api/v1`) and Firebase (`/hn/firebase/v0`). */
export function hnApi(ctx: SandboxContext): FakeApi {
  const errors: FakeApi['errors'] = {
    unauthorized: (reply) =>
      reply.code(403).send({ message: 'Invalid Application-ID or API key', status: 403 }),
    rateLimited: (reply, retryAfterSec) =>
      reply
        .code(429)
        .header('retry-after', String(retryAfterSec))
        .send({ message: 'Too many requests from this IP', status: 429 }),
    serverError: (reply, status) =>
      reply.code(status).type('text/html').send(`<html><body><h1>${status}</h1>upstream error</body></html>`),
  };

  const isNewsLink = (it: ScenarioItem) => it.kind === 'post' && it.truth.category === 'news';
  const storyUrl = (it: ScenarioItem) =>
    `https://www.${it.truth.products[0]?.toLowerCase().replace(/[^a-z0-9]/g, '') ?? 'example'}-news.example/articles/${it.externalId}`;
  const points = (it: ScenarioItem) => 1 + (hash32(it.externalId) % 120);
  const storyOf = (it: ScenarioItem) =>
    it.parentId ? ctx.scenario.find('hackernews', it.parentId) : undefined;

  function hitTags(it: ScenarioItem): string[] {
    const author = it.author.hnId;
    if (it.kind === 'comment') return ['comment', `author_${author}`, `story_${it.parentId ?? ''}`];
    const tags = ['story', `author_${author}`, `story_${it.externalId}`];
    if (it.title?.startsWith('Ask HN')) tags.push('ask_hn');
    if (it.title?.startsWith('Show HN')) tags.push('show_hn');
    return tags;
  }

  function firebaseItem(it: ScenarioItem): Json {
    const kids = [...ctx.scenario.childrenOf('hackernews', it.externalId)].reverse().map(Number);
    const time = Math.floor(it.createdAtMs / 1000);
    if (it.kind === 'comment') {
      return sortKeys({
        by: it.author.hnId,
        id: Number(it.externalId),
        kids: kids.length ? kids : undefined,
        parent: Number(it.parentId),
        text: hnHtml(it.body),
        time,
        type: 'comment',
      });
    }
    const link = isNewsLink(it);
    return sortKeys({
      by: it.author.hnId,
      descendants: kids.length,
      id: Number(it.externalId),
      kids: kids.length ? kids : undefined,
      score: points(it),
      text: link || !it.body ? undefined : hnHtml(it.body),
      time,
      title: it.title ?? '',
      type: 'story',
      url: link ? storyUrl(it) : it.body ? '' : undefined,
    });
  }

  function highlight(value: string, parsed: ParsedQuery): Json {
    const words = parsed.groups.flat();
    const found = matchedTerms(parsed, value);
    if (found.length === 0) return { matchLevel: 'none', matchedWords: [], value };
    let marked = value;
    for (const w of found)
      marked = marked.replace(
        new RegExp(`(^|[^\\p{L}\\p{N}])(${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})`, 'giu'),
        '$1<em>$2</em>',
      );
    return sortKeys({
      fullyHighlighted: normalize(value) === found.join(' '),
      matchLevel: found.length === words.length ? 'full' : 'partial',
      matchedWords: found,
      value: marked,
    });
  }

  function decoded(html: string): string {
    return html
      .replace(/&#x27;/g, "'")
      .replace(/&#x2F;/g, '/')
      .replace(/&quot;/g, '"');
  }

  function algoliaHit(it: ScenarioItem, parsed: ParsedQuery): Json {
    const created = new Date(it.createdAtMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const kids = [...ctx.scenario.childrenOf('hackernews', it.externalId)].reverse().map(Number);
    const author = it.author.hnId;
    if (it.kind === 'comment') {
      const story = storyOf(it);
      const text = hnHtml(it.body);
      return sortKeys({
        _highlightResult: sortKeys({
          author: highlight(author, parsed),
          comment_text: highlight(decoded(text), parsed),
          story_title: highlight(story?.title ?? '', parsed),
          story_url: story && isNewsLink(story) ? highlight(storyUrl(story), parsed) : undefined,
        }),
        _tags: hitTags(it),
        author,
        children: kids,
        comment_text: text,
        created_at: created,
        created_at_i: Math.floor(it.createdAtMs / 1000),
        objectID: it.externalId,
        parent_id: Number(it.parentId),
        points: null,
        story_id: Number(it.parentId),
        story_title: story?.title,
        story_url: story && isNewsLink(story) ? storyUrl(story) : undefined,
        updated_at: created,
      });
    }
    const link = isNewsLink(it);
    const title = it.title ?? '';
    const tags = hitTags(it);
    const storyText = !link && it.body ? hnHtml(it.body) : undefined;
    return sortKeys({
      _highlightResult: sortKeys({
        author: highlight(author, parsed),
        story_text: storyText ? highlight(decoded(storyText), parsed) : undefined,
        title: highlight(title, parsed),
        url: link ? highlight(storyUrl(it), parsed) : undefined,
      }),
      _tags: tags,
      author,
      children: kids,
      created_at: created,
      created_at_i: Math.floor(it.createdAtMs / 1000),
      num_comments: kids.length,
      objectID: it.externalId,
      points: points(it),
      story_id: Number(it.externalId),
      story_text: storyText,
      title,
      updated_at: created,
      url: link ? storyUrl(it) : undefined,
    });
  }

  function tagFilter(tags: string | undefined): (it: ScenarioItem, hitTags: string[]) => boolean {
    if (!tags) return () => true;
    // Comma = AND; a parenthesised group = OR.
    const groups = (tags.match(/\([^)]*\)|[^,()]+/g) ?? []).map((g) =>
      g
        .replace(/[()]/g, '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
    return (_it, hitTags) =>
      groups.every((alts) => alts.some((t) => (t === 'front_page' ? false : hitTags.includes(t))));
  }

  function numericFilter(spec: string | undefined): ((hit: Json) => boolean) | string {
    if (!spec) return () => true;
    const checks: ((hit: Json) => boolean)[] = [];
    for (const part of spec
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const m = /^(created_at_i|points|num_comments)\s*(<=|>=|<|>|=|!=)\s*(-?\d+)$/.exec(part);
      if (!m) return `invalid numericFilters: ${part}`;
      const [, field = '', op = '=', raw] = m;
      const n = Number(raw);
      checks.push((hit) => {
        const v = hit[field];
        if (typeof v !== 'number') return false;
        switch (op) {
          case '<':
            return v < n;
          case '<=':
            return v <= n;
          case '>':
            return v > n;
          case '>=':
            return v >= n;
          case '=':
            return v === n;
          default:
            return v !== n;
        }
      });
    }
    return (hit) => checks.every((c) => c(hit));
  }

  function search(byDate: boolean, q: Record<string, string>, reply: FastifyReply): FastifyReply {
    const started = performance.now();
    const query = q.query ?? '';
    const parsed = parseQuery(query);
    const hitsPerPage = Math.min(ALGOLIA_HIT_CAP, Math.max(0, intParam(q.hitsPerPage, 20)));
    const page = Math.max(0, intParam(q.page, 0));
    const numeric = numericFilter(q.numericFilters);
    if (typeof numeric === 'string') return reply.code(400).send({ message: numeric, status: 400 });
    if (hitsPerPage > 0 && page * hitsPerPage >= ALGOLIA_HIT_CAP)
      return reply.code(400).send({ message: ALGOLIA_CAP_MESSAGE, status: 400 });
    const tagOk = tagFilter(q.tags);
    const all = ctx.scenario.items('hackernews');
    const scored: { it: ScenarioItem; rank: number; at: number }[] = [];
    for (let i = all.length - 1; i >= 0; i--) {
      const it = all[i];
      if (!it) continue;
      const story = storyOf(it);
      const searchable =
        it.kind === 'comment'
          ? `${it.body} ${story?.title ?? ''}`
          : `${it.title ?? ''} ${isNewsLink(it) ? '' : it.body}`;
      if (!matches(parsed, `${searchable} ${it.author.hnId}`)) continue;
      // Filter on the few fields filters can name before building the (costly) hit.
      const facts: Json = {
        _tags: hitTags(it),
        created_at_i: Math.floor(it.createdAtMs / 1000),
        points: it.kind === 'post' ? points(it) : null,
        num_comments: it.kind === 'post' ? ctx.scenario.childrenOf('hackernews', it.externalId).length : null,
      };
      if (!tagOk(it, facts._tags as string[])) continue;
      if (!numeric(facts)) continue;
      scored.push({
        it,
        rank: matchedTerms(parsed, it.title ?? '').length * 2 + matchedTerms(parsed, it.body).length,
        at: it.createdAtMs,
      });
    }
    if (!byDate) scored.sort((a, b) => b.rank - a.rank || b.at - a.at);
    const nbHits = scored.length;
    const reachable = Math.min(nbHits, ALGOLIA_HIT_CAP);
    const hits =
      hitsPerPage === 0
        ? []
        : scored
            .slice(page * hitsPerPage, Math.min(reachable, (page + 1) * hitsPerPage))
            .map((s) => algoliaHit(s.it, parsed));
    const params = new URLSearchParams({ ...q, advancedSyntax: 'true', analyticsTags: 'backend' }).toString();
    const ms = Math.max(1, Math.round(performance.now() - started));
    return reply.send({
      exhaustive: { nbHits: nbHits < ALGOLIA_HIT_CAP, typo: true },
      exhaustiveNbHits: nbHits < ALGOLIA_HIT_CAP,
      exhaustiveTypo: true,
      hits,
      hitsPerPage,
      nbHits,
      nbPages: hitsPerPage === 0 ? 0 : Math.ceil(reachable / hitsPerPage),
      page,
      params,
      processingTimeMS: ms,
      processingTimingsMS: { _request: { roundTrip: ms + 1 }, fetch: { query: ms, total: ms }, total: ms },
      query,
      serverTimeMS: ms,
    });
  }

  function register(app: FastifyInstance): void {
    app.get('/algolia/api/v1/search', async (req, reply) => search(false, queryOf(req), reply));
    app.get('/algolia/api/v1/search_by_date', async (req, reply) => search(true, queryOf(req), reply));
    app.get<{ Params: { username: string } }>('/algolia/api/v1/users/:username', async (req, reply) => {
      const p = ctx.scenario.personaBy((x) => x.hnId === req.params.username);
      if (!p) return reply.code(404).send({ status: 404, error: 'Not Found' });
      return reply.send({
        about: hnHtml(p.bio),
        avg: null,
        created_at: new Date(p.createdAtSec * 1000).toISOString(),
        karma: p.karma,
        username: p.hnId,
      });
    });
    const json = (reply: FastifyReply, body: unknown) =>
      reply.type('application/json; charset=utf-8').send(JSON.stringify(body));
    app.get('/firebase/v0/maxitem.json', async (_req, reply) => {
      const all = ctx.scenario.items('hackernews');
      return json(reply, Number(all[all.length - 1]?.externalId ?? 0));
    });
    app.get<{ Params: { id: string } }>('/firebase/v0/item/:id', async (req, reply) => {
      const id = req.params.id.replace(/\.json$/, '');
      const it = ctx.scenario.find('hackernews', id);
      return json(reply, it ? firebaseItem(it) : null);
    });
    app.get<{ Params: { id: string } }>('/firebase/v0/user/:id', async (req, reply) => {
      const id = req.params.id.replace(/\.json$/, '');
      const p = ctx.scenario.personaBy((x) => x.hnId === id);
      if (!p) return json(reply, null);
      const submitted = [...ctx.scenario.itemsBy('hackernews', p)]
        .reverse()
        .map((it) => Number(it.externalId));
      return json(
        reply,
        sortKeys({ about: hnHtml(p.bio), created: p.createdAtSec, id: p.hnId, karma: p.karma, submitted }),
      );
    });
    app.get('/firebase/v0/newstories.json', async (_req, reply) => {
      const stories = ctx.scenario.items('hackernews').filter((it) => it.kind === 'post');
      return json(
        reply,
        stories
          .slice(-500)
          .reverse()
          .map((it) => Number(it.externalId)),
      );
    });
  }

  return { name: 'hn', register, errors };
}
