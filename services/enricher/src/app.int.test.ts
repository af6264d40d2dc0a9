import { randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { connectBus, type Bus } from '@intent-radar/bus';
import { withWorkspace } from '@intent-radar/db';
import { createTestDatabase, type TestDatabase } from '@intent-radar/db/testing';
import { createLogger } from '@intent-radar/logger';
import { subjects, type EventData } from '@intent-radar/proto-schemas';
import { buildSandbox, type Persona, type Sandbox } from '@intent-radar/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildEnricher, providersFromConfig, type Enricher } from './app.ts';
import { autoEnrich } from './auto-enrich.ts';
import { enricherEnv, withSandboxCredentials, type EnricherConfig } from './config.ts';
import { deleteEnrichedContact } from './contact-repository.ts';
import { creditsOf, seedPost, seedSignal, seedWorkspace, type PostAuthor } from './testing/seed.ts';
import { runWaterfall } from './waterfall/waterfall.ts';

type Enriched = EventData<'signal.enriched.v1'>;

const logLines: string[] = [];
const logger = createLogger({
  service: 'enricher-test',
  level: 'info',
  destination: new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  }),
});

let db: TestDatabase;
let bus: Bus;
let sb: Sandbox;
let enricher: Enricher;
let config: EnricherConfig;
let sub: { unsubscribe(): void } | undefined;
const events = new Map<string, Enriched>();
/** Requests the sandbox answered, per API (the first path segment). */
const apiCalls = new Map<string, number>();
/** When true, Bright Data snapshots never become ready (the scenario clock stands still). */
let holdSnapshots = false;

beforeAll(async () => {
  sb = buildSandbox({ logger: createLogger({ service: 'sandbox', level: 'silent' }), port: 0, smtpPort: 0, seed: 7, clock: 'manual', ratePerSec: 0, backlog: 0 });
  sb.app.addHook('onResponse', (req, _reply, done) => {
    const api = req.url.split('/')[1]?.split('?')[0] ?? '';
    if (api !== '_sandbox') apiCalls.set(api, (apiCalls.get(api) ?? 0) + 1);
    done();
  });
  // Time passes between two progress polls: a snapshot collects in 5 s of scenario time.
  sb.app.addHook('onRequest', (req, _reply, done) => {
    if (!holdSnapshots && req.url.includes('/brightdata/datasets/v3/progress/')) sb.scenario.advance(10_000);
    done();
  });
  await sb.start();
  db = await createTestDatabase();
  bus = await connectBus({ url: '127.0.0.1:4222', name: 'enricher-test', logger, namespace: `t${randomBytes(4).toString('hex')}` });
  await bus.provision();
  sub = bus.nc.subscribe(bus.namespace.subject(subjects.signalEnriched), {
    callback: (err, msg) => {
      if (err) return;
      const e = msg.json<{ data: Enriched }>();
      events.set(e.data.requestId, e.data);
    },
  });
  config = enricherEnv.parse(
    withSandboxCredentials({
      HUNTER_BASE_URL: `${sb.url}/hunter/v2`,
      SERPAPI_BASE_URL: `${sb.url}/serpapi`,
      BRIGHTDATA_BASE_URL: `${sb.url}/brightdata`,
      HN_FIREBASE_BASE_URL: `${sb.url}/hn/firebase/v0`,
      REDDIT_BASE_URL: `${sb.url}/reddit`,
      X_BASE_URL: `${sb.url}/x`,
      ENRICH_BRIGHTDATA_POLL_MS: '20',
      ENRICH_BRIGHTDATA_DEADLINE_MS: '1500',
      ENRICH_PROVIDER_TIMEOUT_MS: '1000',
      ENRICH_CONCURRENCY: '16',
    }),
  );
  enricher = await buildEnricher({ config, logger, bus, pool: db.pool });
  await enricher.start();
});

afterAll(async () => {
  await enricher?.stop();
  sub?.unsubscribe();
  if (bus) {
    await bus.destroyNamespace();
    await bus.close();
  }
  await db?.drop();
  await sb?.stop();
});

beforeEach(() => {
  sb.faults.clear();
  holdSnapshots = false;
});

async function waitFor<T>(read: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = read();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function requestEnrich(workspaceId: string, signalId: string, requestId: string = randomUUID()): Promise<string> {
  await bus.publish('enrich.requested.v1', subjects.enrichRequested, { requestId, workspaceId, signalId, requestedBy: 'user' }, { msgId: `enrich:${requestId}` });
  return requestId;
}

async function enrich(workspaceId: string, signalId: string): Promise<Enriched> {
  const id = await requestEnrich(workspaceId, signalId);
  return waitFor(() => events.get(id), `signal.enriched for ${id}`);
}

const personas = () => sb.scenario.personas;
const used = new Set<string>();
/** A persona not used by an earlier test (the author cache is shared across the file). */
function pick(predicate: (p: Persona) => boolean): Persona {
  const p = personas().find((x) => !used.has(x.key) && predicate(x));
  if (!p) throw new Error('no persona fits');
  used.add(p.key);
  return p;
}
const totalCalls = () => [...apiCalls.values()].reduce((a, b) => a + b, 0);

/**
 * A new workspace with a signal by `author`. The author's cached result and other workspaces'
 * claims (left by the 50-request test, which uses the same personas) are forgotten first.
 */
async function signalBy(author: PostAuthor, credits = 5) {
  await db.pool.query(`DELETE FROM authors WHERE platform = $1 AND handle = $2`, [author.platform, author.handle]);
  const ws = await seedWorkspace(db.pool, credits);
  const postId = await seedPost(db.pool, author);
  const signalId = await seedSignal(db.pool, ws, postId);
  return { ...ws, postId, signalId };
}

describe('waterfall paths through the service', () => {
  it('X author: profile -> SerpAPI (name + company) -> Bright Data -> Hunter at the real domain; verified, charged once, no PII in logs', async () => {
    const p = pick((x) => x.company !== null && !x.publicEmail && !x.website);
    const s = await signalBy({ platform: 'twitter', handle: p.xUsername });
    logLines.length = 0;
    const e = await enrich(s.workspaceId, s.signalId);
    expect(e).toMatchObject({ status: 'complete', charged: true, emailConfidence: 'verified' });
    expect(e.fields.fullName).toEqual({ value: p.fullName, source: 'twitter_profile', confidence: 'likely' });
    expect(e.fields.company).toMatchObject({ value: p.company!.name, source: 'twitter_profile' });
    expect(e.fields.linkedinUrl).toEqual({ value: `https://www.linkedin.com/in/${p.linkedinSlug}`, source: 'serpapi', confidence: 'likely' });
    expect(e.fields.location).toEqual({ value: p.location, source: 'twitter_profile', confidence: 'likely' });
    expect(e.fields.companyDomain).toEqual({ value: p.company!.domain, source: 'serpapi', confidence: 'likely' });
    expect(e.fields.email).toEqual({ value: p.workEmail, source: 'hunter', confidence: 'verified' });
    expect(await creditsOf(db.pool, s.workspaceId)).toBe(4);
    const usage = await db.pool.query(`SELECT 1 FROM usage_events WHERE workspace_id = $1 AND kind = 'enrichment'`, [s.workspaceId]);
    expect(usage.rowCount).toBe(1);
    // Info logs carry ids and outcomes, never the person.
    const logs = logLines.join('');
    expect(logs).toContain('enrichment finished');
    for (const secret of [p.workEmail!, p.fullName, p.lastName, p.linkedinSlug]) expect(logs).not.toContain(secret);
  });

  it('HN author: email from the about text (likely), domain from it, no search without a real name', async () => {
    const p = pick((x) => x.company !== null && x.publicEmail === x.workEmail && x.publicEmail !== null);
    const s = await signalBy({ platform: 'hackernews', handle: p.hnId });
    const e = await enrich(s.workspaceId, s.signalId);
    expect(e).toMatchObject({ status: 'complete', charged: true, emailConfidence: 'likely' });
    expect(e.fields.email).toEqual({ value: p.publicEmail, source: 'hackernews_profile', confidence: 'likely' });
    expect(e.fields.companyDomain).toMatchObject({ value: p.company!.domain, confidence: 'likely' });
    expect(e.fields.fullName).toBeUndefined();
    expect(e.reasons).toContain('serpapi: skipped, no real name to search for');
  });

  it('Reddit author: name from the profile (OAuth), then LinkedIn, Bright Data and Hunter', async () => {
    const p = pick((x) => x.company !== null && !x.publicEmail);
    const s = await signalBy({ platform: 'reddit', handle: p.redditName });
    const e = await enrich(s.workspaceId, s.signalId);
    expect(e.fields.fullName).toEqual({ value: p.fullName, source: 'reddit_profile', confidence: 'likely' });
    expect(e.fields.linkedinUrl?.value).toBe(`https://www.linkedin.com/in/${p.linkedinSlug}`);
    expect(e.fields.email).toEqual({ value: p.workEmail, source: 'hunter', confidence: 'verified' });
    expect(e).toMatchObject({ status: 'complete', charged: true });
  });

  it('LinkedIn author: the post is the profile (verified), Bright Data gives the company', async () => {
    const p = pick((x) => x.company !== null && !x.publicEmail);
    const s = await signalBy({ platform: 'linkedin', handle: p.linkedinSlug, displayName: p.fullName, profileUrl: `https://www.linkedin.com/in/${p.linkedinSlug}` });
    const e = await enrich(s.workspaceId, s.signalId);
    expect(e.fields.linkedinUrl).toEqual({ value: `https://www.linkedin.com/in/${p.linkedinSlug}`, source: 'linkedin_post', confidence: 'verified' });
    expect(e.fields.company).toEqual({ value: p.company!.name, source: 'brightdata', confidence: 'verified' });
    expect(e.fields.email?.value).toBe(p.workEmail);
    expect(e).toMatchObject({ status: 'complete', charged: true, emailConfidence: 'verified' });
  });

  it('Bright Data never ready: partial result with the reason before the deadline, never stuck', async () => {
    holdSnapshots = true;
    const p = pick((x) => x.company !== null && !x.publicEmail && !x.website);
    const s = await signalBy({ platform: 'twitter', handle: p.xUsername });
    const started = Date.now();
    const e = await enrich(s.workspaceId, s.signalId);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(e.status).toBe('partial');
    expect(e.reasons).toContain('brightdata: not_ready: snapshot not ready within 1500 ms');
    // Still reachable through SerpAPI + Hunter, so the credit is kept.
    expect(e).toMatchObject({ charged: true, emailConfidence: 'verified' });
  });
});

describe('waterfall edge paths (providers only)', () => {
  it('real domain from the author website; no search needed', async () => {
    const p = pick((x) => x.company !== null && x.website === `https://${x.company.domain}` && !x.publicEmail);
    const before = apiCalls.get('serpapi') ?? 0;
    const providers = providersFromConfig({ ...config, SERPAPI_API_KEY: '', BRIGHTDATA_TOKEN: '' });
    const r = await runWaterfall({ platform: 'twitter', handle: p.xUsername }, providers, { allowDomainGuess: true });
    expect(r.fields.companyDomain).toEqual({ value: p.company!.domain, source: 'twitter_profile', confidence: 'likely' });
    expect(r.fields.email).toEqual({ value: p.workEmail, source: 'hunter', confidence: 'verified' });
    expect(apiCalls.get('serpapi') ?? 0).toBe(before);
  });

  it('no real domain anywhere: labelled <company>.com guess, Hunter finds nothing, pattern guess last', async () => {
    const p = pick((x) => x.company !== null && !x.website && !x.publicEmail && !x.company.domain.startsWith(x.company.name.toLowerCase().replace(/[^a-z0-9]/g, '')));
    const providers = providersFromConfig({ ...config, SERPAPI_API_KEY: '' });
    const r = await runWaterfall({ platform: 'twitter', handle: p.xUsername }, providers, { allowDomainGuess: true });
    const guess = `${p.company!.name.toLowerCase().replace(/[^a-z0-9]/g, '')}.com`;
    expect(r.fields.companyDomain).toEqual({ value: guess, source: 'domain_guess', confidence: 'guessed' });
    expect(r.fields.email).toEqual({ value: `${p.firstName}.${p.lastName}@${guess}`.toLowerCase(), source: 'pattern_guess', confidence: 'guessed' });
    expect(r.reasons).toContain('company domain: no real domain found; guessed from the company name');
    expect(r.reasons).toContain('hunter: no email found at the company domain');
  });

  it('timeouts and bad JSON become reasons, not exceptions', async () => {
    const p = pick((x) => x.company !== null && !x.publicEmail && !x.website);
    sb.faults.add({ api: 'hunter', kind: 'latency', delayMs: 1_500, count: 1 });
    const providers = providersFromConfig({ ...config, BRIGHTDATA_TOKEN: '' });
    const slow = await runWaterfall({ platform: 'twitter', handle: p.xUsername }, providers, { allowDomainGuess: true });
    expect(slow.reasons).toContain('hunter: timeout: no answer within 1000 ms');
    expect(slow.fields.email?.source).toBe('pattern_guess');
    sb.faults.add({ api: 'hunter', kind: 'malformed_json', count: 1 });
    const garbled = await runWaterfall({ platform: 'twitter', handle: p.xUsername }, providers, { allowDomainGuess: true });
    expect(garbled.failures.map((f) => `${f.provider}:${f.code}`)).toEqual(['hunter:bad_response']);
  });
});

describe('credits', () => {
  it('50 concurrent requests on 10 credits: exactly 10 charged, 40 refused with a clear error', async () => {
    const ws = await seedWorkspace(db.pool, 10);
    const people = personas().slice(0, 50);
    const signals = await Promise.all(people.map(async (p) => seedSignal(db.pool, ws, await seedPost(db.pool, { platform: 'twitter', handle: p.xUsername }))));
    const ids = await Promise.all(signals.map((s) => requestEnrich(ws.workspaceId, s)));
    const out = await waitFor(() => (ids.every((id) => events.has(id)) ? ids.map((id) => events.get(id)!) : undefined), '50 outcomes', 30_000);
    expect(out.filter((e) => e.charged)).toHaveLength(10);
    const refused = out.filter((e) => e.status === 'refused');
    expect(refused).toHaveLength(40);
    for (const e of refused) {
      expect(e.charged).toBe(false);
      expect(e.fields).toEqual({});
      expect(e.reasons[0]).toMatch(/^no_credits: /);
    }
    expect(await creditsOf(db.pool, ws.workspaceId)).toBe(0);
    const paid = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM workspace_contacts WHERE workspace_id = $1 AND credits_charged = 1`, [ws.workspaceId]);
    expect(paid.rows[0]!.n).toBe(10);
  });

  it('provider outage: partial result with reasons, credit refunded, nothing visible to the workspace', async () => {
    const p = pick((x) => x.company !== null && !x.publicEmail);
    const s = await signalBy({ platform: 'twitter', handle: p.xUsername, displayName: p.fullName }, 3);
    sb.faults.add({ api: 'x', kind: 'server_error' });
    sb.faults.add({ api: 'serpapi', kind: 'rate_limit' });
    const e = await enrich(s.workspaceId, s.signalId);
    expect(e.charged).toBe(false);
    expect(e.status).toBe('partial');
    expect(e.reasons).toEqual(
      expect.arrayContaining(['x: server_error: HTTP 503', 'serpapi: rate_limited: HTTP 429 (rate limit or quota)', 'refunded: providers failed before a reachable contact was found']),
    );
    expect(await creditsOf(db.pool, s.workspaceId)).toBe(3);
    const visible = await withWorkspace(db.pool, s.workspaceId, (c) => c.query(`SELECT 1 FROM enriched_contacts`));
    expect(visible.rowCount).toBe(0);

    // Providers are back: the outage result was not cached, so the next request runs and charges.
    sb.faults.clear();
    const again = await enrich(s.workspaceId, s.signalId);
    expect(again).toMatchObject({ status: 'complete', charged: true });
    expect(await creditsOf(db.pool, s.workspaceId)).toBe(2);
  });

  it('cache hit across two workspaces: providers called once, each workspace charged once, paid-for data visible only to payers', async () => {
    const p = pick((x) => x.company !== null && !x.publicEmail);
    const a = await signalBy({ platform: 'twitter', handle: p.xUsername }, 5);
    const callsAtStart = { x: apiCalls.get('x') ?? 0, hunter: apiCalls.get('hunter') ?? 0, brightdata: apiCalls.get('brightdata') ?? 0 };
    const first = await enrich(a.workspaceId, a.signalId);
    expect(first.charged).toBe(true);
    // The first workspace's request did reach the providers (the sandbox counts what it answered).
    expect(apiCalls.get('x')).toBe(callsAtStart.x + 1);
    expect(apiCalls.get('hunter')).toBe(callsAtStart.hunter + 1);
    expect(apiCalls.get('brightdata')! - callsAtStart.brightdata).toBeGreaterThanOrEqual(3);

    const b = await seedWorkspace(db.pool, 5);
    const bSignal = await seedSignal(db.pool, b, a.postId);
    const c = await seedWorkspace(db.pool, 5);
    await seedSignal(db.pool, c, a.postId);
    const callsBefore = totalCalls();
    const second = await enrich(b.workspaceId, bSignal);
    expect(totalCalls()).toBe(callsBefore);
    expect(second).toMatchObject({ charged: true, status: 'complete' });
    expect(second.fields).toEqual(first.fields);

    const repeat = await enrich(a.workspaceId, a.signalId);
    expect(repeat.charged).toBe(false);
    expect(repeat.reasons).toContain('already_paid: this workspace paid for this author before; not charged again');
    expect(totalCalls()).toBe(callsBefore);
    expect([await creditsOf(db.pool, a.workspaceId), await creditsOf(db.pool, b.workspaceId)]).toEqual([4, 4]);

    const sees = async (workspaceId: string) =>
      (await withWorkspace(db.pool, workspaceId, (q) => q.query(`SELECT 1 FROM enriched_contacts ec JOIN authors au ON au.id = ec.author_id WHERE au.handle = $1`, [p.xUsername]))).rowCount;
    expect([await sees(a.workspaceId), await sees(b.workspaceId), await sees(c.workspaceId)]).toEqual([1, 1, 0]);

    // A workspace deletes its contact: it loses access; the cache stays while B holds it, then goes.
    expect(await deleteEnrichedContact(db.pool, a.workspaceId, a.signalId)).toBe(true);
    expect(await sees(a.workspaceId)).toBe(0);
    expect(await sees(b.workspaceId)).toBe(1);
    expect(await deleteEnrichedContact(db.pool, b.workspaceId, bSignal)).toBe(true);
    const cached = await db.pool.query(`SELECT 1 FROM enriched_contacts ec JOIN authors au ON au.id = ec.author_id WHERE au.handle = $1`, [p.xUsername]);
    expect(cached.rowCount).toBe(0);
    expect(await deleteEnrichedContact(db.pool, b.workspaceId, bSignal)).toBe(false);
  });

  it('a redelivered request continues its own reservation: charged once', async () => {
    const p = pick((x) => x.company !== null && !x.publicEmail);
    const s = await signalBy({ platform: 'twitter', handle: p.xUsername }, 2);
    const req = { requestId: randomUUID(), workspaceId: s.workspaceId, signalId: s.signalId, requestedBy: 'user' as const };
    const ctx = { traceparent: '', working: () => undefined, signal: new AbortController().signal };
    const first = await enricher.handler.handle(req, ctx);
    const again = await enricher.handler.handle(req, ctx);
    expect([first.charged, again.charged]).toEqual([true, true]);
    expect(again.fromCache).toBe(true);
    expect(await creditsOf(db.pool, s.workspaceId)).toBe(1);
    const usage = await db.pool.query(`SELECT 1 FROM usage_events WHERE workspace_id = $1`, [s.workspaceId]);
    expect(usage.rowCount).toBe(1);
  });

  it('an unknown signal gets a failed outcome instead of hanging', async () => {
    const ws = await seedWorkspace(db.pool, 1);
    const e = await enrich(ws.workspaceId, randomUUID());
    expect(e).toMatchObject({ status: 'failed', charged: false, reasons: ['signal_not_found: no such signal in this workspace'] });
    expect(await creditsOf(db.pool, ws.workspaceId)).toBe(1);
  });
});

describe('auto-enrich rules', () => {
  it('enriches signals at or above the workspace minScore; off by default', async () => {
    const p = pick((x) => x.company !== null);
    const on = await seedWorkspace(db.pool, 2, { autoEnrich: { minScore: 9 } });
    const off = await seedWorkspace(db.pool, 2);
    const postId = await seedPost(db.pool, { platform: 'twitter', handle: p.xUsername });
    const signalOn = await seedSignal(db.pool, on, postId, 9);
    const created = (ws: { workspaceId: string; monitorId: string }, signalId: string, intentScore: number): EventData<'signal.created.v1'> => ({
      signalId,
      workspaceId: ws.workspaceId,
      monitorId: ws.monitorId,
      monitorName: 'm',
      postId,
      platform: 'twitter',
      url: 'https://x.com/i/status/1',
      excerpt: 'looking for a CRM',
      author: { handle: p.xUsername },
      postedAt: new Date().toISOString(),
      intentScore,
      summary: 'wants a CRM',
      painPoints: [],
      competitors: [],
      decisionStage: 'evaluating',
    });
    const deps = { db: db.pool, bus, logger };
    expect(await autoEnrich(deps, created(off, await seedSignal(db.pool, off, postId, 10), 10), '')).toBe(false);
    expect(await autoEnrich(deps, created(on, signalOn, 8), '')).toBe(false);

    await bus.publish('signal.created.v1', subjects.signalCreated('twitter'), created(on, signalOn, 9), { msgId: `signal:${signalOn}` });
    const e = await waitFor(() => events.get(`auto-${signalOn}`), 'auto enrichment');
    expect(e).toMatchObject({ workspaceId: on.workspaceId, signalId: signalOn, charged: true });
    expect(await creditsOf(db.pool, off.workspaceId)).toBe(2);
  });
});
