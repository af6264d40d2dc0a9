import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { intParam, queryOf, requestId, type FakeApi, type SandboxContext } from '../api-kit.ts';
import { blankShape, type JsonObject } from '../fixtures.ts';
import type { Persona } from '../scenario/types.ts';

interface Page {
  title: string;
  link: string;
  snippet: string;
}

/** SerpAPI Google search: finds the scenario's people (LinkedIn profile, company site, X). */
export function serpapiApi(ctx: SandboxContext): FakeApi {
  const errors: FakeApi['errors'] = {
    unauthorized: (reply) =>
      reply
        .code(401)
        .send({ error: 'Invalid API key. Your API key should be here: https://serpapi.com/manage-api-key' }),
    rateLimited: (reply, retryAfterSec) =>
      reply
        .code(429)
        .header('retry-after', String(retryAfterSec))
        .send({ error: 'Your account has run out of searches.' }),
    serverError: (reply, status) =>
      reply.code(status).send({ error: 'Internal server error. Please retry.' }),
  };

  function pagesFor(p: Persona): Page[] {
    const c = p.company;
    const pages: Page[] = [
      {
        title: `${p.fullName} - ${p.title}${c ? ` - ${c.name}` : ''} | LinkedIn`,
        link: `https://www.linkedin.com/in/${p.linkedinSlug}`,
        snippet: `${p.location} · ${p.title}${c ? ` at ${c.name}` : ''}. ${p.bio}`,
      },
      { title: `${p.fullName} (@${p.xUsername}) / X`, link: `https://x.com/${p.xUsername}`, snippet: p.bio },
    ];
    if (c)
      pages.splice(1, 0, {
        title: `Team - ${c.name}`,
        link: `https://${c.domain}/team`,
        snippet: `${p.fullName}, ${p.title}. ${c.name} is a ${c.industry.toLowerCase()} company.`,
      });
    if (p.website && !p.website.includes(c?.domain ?? '\u0000'))
      pages.push({ title: `${p.fullName}`, link: p.website, snippet: `Personal site of ${p.fullName}.` });
    return pages;
  }

  function search(req: FastifyRequest, reply: FastifyReply): FastifyReply {
    const q = queryOf(req);
    if (!q.api_key || q.api_key === 'invalid') return errors.unauthorized(reply);
    if (!q.q) return reply.code(400).send({ error: 'Missing query `q` parameter.' });
    const engine = q.engine ?? 'google';
    if (engine !== 'google')
      return reply.code(400).send({ error: `Unsupported \`${engine}\` search engine.` });
    const text = q.q.toLowerCase().replace(/"/g, '');
    const people = ctx.scenario.personas.filter(
      (p) => text.includes(p.fullName.toLowerCase()) || text.includes(p.xUsername.toLowerCase()),
    );
    const onlyLinkedIn = /site:linkedin\.com/.test(text);
    let found = people.flatMap(pagesFor);
    if (onlyLinkedIn) found = found.filter((pg) => pg.link.includes('linkedin.com'));
    const start = Math.max(0, intParam(q.start, 0));
    const num = Math.min(100, Math.max(1, intParam(q.num, 10)));
    const page = found.slice(start, start + num);
    const id = requestId('', 24).toLowerCase();
    const words = q.q
      .replace(/site:\S+|"/g, ' ')
      .split(/\s+/)
      .filter((w) => w.length > 2);
    const organic = page.map((pg, i) => ({
      ...blankShape(ctx.shapes.serpOrganicResult),
      position: start + i + 1,
      title: pg.title,
      link: pg.link,
      displayed_link: pg.link.replace(/^https:\/\//, '').replace(/\//g, ' › '),
      snippet: pg.snippet,
      snippet_highlighted_words: words.filter((w) => pg.snippet.toLowerCase().includes(w.toLowerCase())),
      about_this_result: {
        source: {
          description: `${new URL(pg.link).hostname} was first indexed by Google more than 10 years ago`,
          source_info_link: pg.link,
          security: 'secure',
          icon: `https://serpapi.com/searches/${id}/images/icon.png`,
        },
      },
      about_page_link: `https://www.google.com/search?q=About+${encodeURIComponent(pg.link)}&tbm=ilp`,
      cached_page_link: `https://webcache.googleusercontent.com/search?q=cache:${encodeURIComponent(pg.link)}`,
      thumbnail: `https://serpapi.com/searches/${id}/images/thumb${i}.png`,
      date: '',
    }));
    const now = new Date()
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, ' UTC');
    const params = new URLSearchParams({
      engine,
      q: q.q,
      google_domain: q.google_domain ?? 'google.com',
      device: q.device ?? 'desktop',
    });
    const body: JsonObject = {
      search_metadata: {
        id,
        status: 'Success',
        json_endpoint: `https://serpapi.com/searches/${id}.json`,
        created_at: now,
        processed_at: now,
        google_url: `https://www.google.com/search?q=${encodeURIComponent(q.q)}`,
        raw_html_file: `https://serpapi.com/searches/${id}.html`,
        total_time_taken: 0.42,
      },
      search_parameters: Object.fromEntries(params),
      search_information: {
        organic_results_state: found.length ? 'Results for exact spelling' : 'Fully empty',
        query_displayed: q.q,
        total_results: found.length,
        time_taken_displayed: 0.31,
        menu_items: [{ position: 1, title: 'All' }],
      },
    };
    // An empty Google answer carries an error string and no organic_results, like the real API.
    if (found.length === 0) body.error = "Google hasn't returned any results for this query.";
    else body.organic_results = organic;
    if (found.length > start + num) {
      const next = `https://serpapi.com/search.json?${params.toString()}&start=${start + num}`;
      body.pagination = {
        current: Math.floor(start / num) + 1,
        next: `https://www.google.com/search?q=${encodeURIComponent(q.q)}&start=${start + num}`,
      };
      body.serpapi_pagination = { current: Math.floor(start / num) + 1, next_link: next, next };
    }
    return reply.send(body);
  }

  function register(app: FastifyInstance): void {
    app.get('/search.json', async (req, reply) => search(req, reply));
    app.get('/search', async (req, reply) => search(req, reply));
  }
  return { name: 'serpapi', register, errors };
}
