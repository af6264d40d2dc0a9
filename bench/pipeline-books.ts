/**
 * The books of the pipeline: seeding the workspaces the scenario's posts match, building raw
 * posts from scenario items, and the audit that puts every raw post in exactly one known state.
 */
import type { Bus } from '@intent-radar/bus';
import type { Pool } from '@intent-radar/db';
import { buildMatcher, queryKey, type Matcher } from '@intent-radar/query';
import { streams, subjects, msgIds, type EventData, type Platform } from '@intent-radar/proto-schemas';
import type { Sandbox, ScenarioItem } from '@intent-radar/sandbox';
import type { JsMsg } from '@nats-io/jetstream';
import { OUTCOME_UNKNOWN } from '../services/notifier/src/delivery/delivery-repository.ts';

/** One monitor per product space of the scenario (services/sandbox/src/scenario/templates.ts). */
export const MONITOR_QUERIES = [
  'zoominfo OR lusha OR cognism OR clearbit OR "contact data"',
  'crm OR hubspot OR salesforce OR pipedrive OR attio',
  'helpdesk OR zendesk OR intercom OR freshdesk OR "help scout"',
  'outreach OR salesloft OR apollo OR "sales engagement"',
  'gong OR chorus OR fathom OR "call recording"',
] as const;

export interface Seed {
  workspaceIds: string[];
  monitors: { id: string; query: string; minScore: number }[];
  /** Lowest destination min score: signals at or above it must reach Slack. */
  alertMinScore: number;
  matcher: Matcher;
}

/**
 * Workspaces on an active plan, each with one monitor per product space (min score 6) and one
 * instant Slack destination on the sandbox sink (min score `alertMinScore`).
 */
export async function seedWorkspaces(pool: Pool, sandbox: Sandbox, workspaces: number, alertMinScore = 6): Promise<Seed> {
  const seed: Seed = { workspaceIds: [], monitors: [], alertMinScore, matcher: buildMatcher([]) };
  for (let w = 0; w < workspaces; w++) {
    const ws = await pool.query<{ id: string }>(`INSERT INTO workspaces (name) VALUES ($1) RETURNING id`, [`bench ${w}`]);
    const workspaceId = ws.rows[0]!.id;
    seed.workspaceIds.push(workspaceId);
    await pool.query(`INSERT INTO billing (workspace_id, plan, status) VALUES ($1, 'pro', 'active')`, [workspaceId]);
    for (const [i, query] of MONITOR_QUERIES.entries()) {
      const m = await pool.query<{ id: string }>(
        `INSERT INTO monitors (workspace_id, name, query, query_key, platforms, min_score)
         VALUES ($1, $2, $3, $4, '{reddit,hackernews,twitter,linkedin}', 6) RETURNING id`,
        [workspaceId, `space ${i}`, query, queryKey(query)],
      );
      seed.monitors.push({ id: m.rows[0]!.id, query, minScore: 6 });
    }
    await pool.query(
      `INSERT INTO alert_destinations (workspace_id, name, kind, secrets, min_score) VALUES ($1, 'slack', 'slack', $2, $3)`,
      [workspaceId, { webhookUrl: `${sandbox.url}/slack/services/TBENCH/B${w}/secret` }, alertMinScore],
    );
  }
  seed.matcher = buildMatcher(seed.monitors.map((m) => ({ id: m.id, query: m.query })));
  return seed;
}

function postUrl(item: ScenarioItem): string {
  switch (item.platform) {
    case 'reddit':
      return `https://www.reddit.com/r/${item.site ?? 'all'}/comments/${item.externalId}/`;
    case 'hackernews':
      return `https://news.ycombinator.com/item?id=${item.externalId}`;
    case 'twitter':
      return `https://x.com/${item.author.xUsername}/status/${item.externalId}`;
    case 'linkedin':
      return `https://www.linkedin.com/feed/update/urn:li:activity:${item.externalId}/`;
  }
}

/** A scenario item as an ingestor would publish it, or undefined when no monitor matches it. */
export function rawPostOf(item: ScenarioItem, matcher: Matcher, fetchedAt = new Date()): EventData<'post.raw.v1'> | undefined {
  const title = item.title ?? undefined;
  const matches = matcher.match({ title, content: item.body, kind: item.kind, platform: item.platform, lang: item.lang });
  if (matches.length === 0) return undefined;
  return {
    platform: item.platform,
    externalId: item.externalId,
    kind: item.kind,
    url: postUrl(item),
    ...(title ? { title } : {}),
    content: item.body,
    author: { handle: item.author.redditName, displayName: item.author.fullName },
    ...(item.site ? { site: item.site } : {}),
    lang: item.lang,
    createdAt: new Date(item.createdAtMs).toISOString(),
    fetchedAt: fetchedAt.toISOString(),
    ...(item.parentId ? { parentExternalId: item.parentId } : {}),
    links: [],
    topComments: [],
    ingestMode: 'firehose',
    matches: matches.map((m) => ({ monitorId: m.monitorId, queryKey: '', spans: m.spans.slice(0, 100) })),
  };
}

/** Attempts per chunk before publishRawPosts gives up: waits 0.25, 0.5, 1, 2, 4, 4, ... s (~40 s in all). */
const PUBLISH_ATTEMPTS = 12;

/**
 * Publishes raw posts straight onto posts.raw.<platform> (a backlog, as if ingested). A chunk
 * that fails (nats-server restarting, an ack timeout) is sent again, a bounded number of times:
 * the msg ids make a repeat of what the stream already stored a no-op, so nothing is doubled.
 */
export async function publishRawPosts(bus: Bus, posts: readonly EventData<'post.raw.v1'>[], chunk = 500): Promise<void> {
  for (let i = 0; i < posts.length; i += chunk) {
    const requests = posts.slice(i, i + chunk).map((data) => ({
      type: 'post.raw.v1' as const,
      subject: subjects.postRaw(data.platform),
      data,
      msgId: msgIds.post(data.platform, data.externalId),
    }));
    for (let attempt = 1; ; attempt++) {
      try {
        await bus.publishMany(requests);
        break;
      } catch (err) {
        if (attempt >= PUBLISH_ATTEMPTS) throw err;
        process.stderr.write(`raw post publish failed (attempt ${attempt}/${PUBLISH_ATTEMPTS}: ${err instanceof Error ? err.message : String(err)}); sending the chunk again\n`);
        await new Promise((r) => setTimeout(r, Math.min(4_000, 250 * 2 ** (attempt - 1))));
      }
    }
  }
}

/** Where one raw post ended. */
export type PostState = 'signal' | 'below_threshold' | 'duplicate' | 'dead_lettered' | 'lost' | 'missing_signal';

export interface Books {
  raw: number;
  states: Record<PostState, number>;
  /** Dead-letter reasons (error codes) with counts. */
  deadLetterReasons: Record<string, number>;
  /** Stored and dead-lettered both: a post that is in two states. */
  doubleBooked: number;
  signals: number;
  /** Signals at or above the alert min score, and how many of them reached Slack. */
  alertsExpected: number;
  alertsDelivered: number;
  /**
   * Owed alerts not in the sink whose delivery the notifier recorded as interrupted by its own
   * crash mid-send (status failed, outcome unknown): it never re-sends those, so a kill -9 of the
   * notifier can cost an alert but never doubles one. A known state, reported apart.
   */
  alertsUnknownOutcome: number;
  duplicateAlerts: number;
  /** Raw post key -> wall time (ms) of its first Slack alert. */
  firstAlertAt: Map<string, number>;
  lostKeys: string[];
  rawKeys: Set<string>;
}

const key = (platform: string, externalId: string) => `${platform}:${externalId}`;

/** Reads every message of a stream's subject filter once (ordered consumer), oldest first. */
async function readStream(bus: Bus, stream: string, filter: string, onMsg: (m: JsMsg) => void): Promise<void> {
  const name = bus.namespace.stream(stream);
  const info = await bus.jsm.streams.info(name);
  if (info.state.messages === 0) return;
  const consumer = await bus.js.consumers.get(name, { filter_subjects: bus.namespace.subject(filter) });
  const messages = await consumer.consume({ max_messages: 1000 });
  const timer = setTimeout(() => void messages.close(), 5_000);
  for await (const m of messages) {
    timer.refresh();
    onMsg(m);
    if (m.info.pending === 0) break;
  }
  clearTimeout(timer);
  await messages.close();
}

/**
 * Audits the pipeline: every raw post on posts.raw.> must be stored (with signals, as a
 * duplicate, or below every matched monitor's min score) or dead-lettered with a reason.
 * A stored, non-duplicate post whose score reaches a matched monitor's min score but has no
 * signal is `missing_signal`; a post in neither place is `lost`.
 */
export async function auditBooks(bus: Bus, pool: Pool, sandbox: Sandbox, seed: Seed): Promise<Books> {
  const minScore = new Map(seed.monitors.map((m) => [m.id, m.minScore]));
  const raw = new Map<string, number>(); // key -> lowest min score among matched monitors
  await readStream(bus, streams.posts, subjects.postsRawAll, (m) => {
    const env = m.json<{ data: EventData<'post.raw.v1'> }>();
    const need = Math.min(...env.data.matches.map((x) => minScore.get(x.monitorId) ?? 11));
    raw.set(key(env.data.platform, env.data.externalId), need);
  });

  const deadLettered = new Map<string, string>();
  await readStream(bus, streams.deadLetter, subjects.deadLettersAll, (m) => {
    const dl = m.json<{ data: { errorCode: string; subject: string; payloadBase64: string } }>().data;
    if (!dl.subject.startsWith('posts.')) return;
    try {
      const original = JSON.parse(Buffer.from(dl.payloadBase64, 'base64').toString('utf8')) as { data?: { platform?: Platform; externalId?: string } };
      if (original.data?.platform && original.data.externalId) deadLettered.set(key(original.data.platform, original.data.externalId), dl.errorCode);
    } catch {
      // A payload that is not JSON names no post: it cannot balance a raw post either way.
    }
  });

  const { rows } = await pool.query<{ platform: string; external_id: string; intent_score: number | null; dup: boolean; signals: number }>(
    `SELECT p.platform, p.external_id, p.intent_score, p.duplicate_of IS NOT NULL AS dup,
            (SELECT count(*) FROM signals s WHERE s.post_id = p.id)::int AS signals
       FROM posts p`,
  );
  const stored = new Map(rows.map((r) => [key(r.platform, r.external_id), r]));

  const books: Books = {
    raw: raw.size,
    states: { signal: 0, below_threshold: 0, duplicate: 0, dead_lettered: 0, lost: 0, missing_signal: 0 },
    deadLetterReasons: {},
    doubleBooked: 0,
    signals: 0,
    alertsExpected: 0,
    alertsDelivered: 0,
    alertsUnknownOutcome: 0,
    duplicateAlerts: 0,
    firstAlertAt: new Map(),
    lostKeys: [],
    rawKeys: new Set(raw.keys()),
  };
  for (const [k, need] of raw) {
    const row = stored.get(k);
    const dl = deadLettered.get(k);
    if (row && dl) books.doubleBooked++;
    let state: PostState;
    if (row) {
      if (row.signals > 0) state = 'signal';
      else if (row.dup) state = 'duplicate';
      else if ((row.intent_score ?? 0) < need) state = 'below_threshold';
      else state = 'missing_signal';
    } else if (dl) {
      state = 'dead_lettered';
      books.deadLetterReasons[dl] = (books.deadLetterReasons[dl] ?? 0) + 1;
    } else state = 'lost';
    books.states[state]++;
    if (state === 'lost' || state === 'missing_signal') books.lostKeys.push(k);
  }

  // Alerts: every signal at or above the destination's min score must reach Slack exactly once.
  const signals = await pool.query<{ id: string; platform: string; external_id: string; intent_score: number }>(
    `SELECT s.id, p.platform, p.external_id, s.intent_score FROM signals s JOIN posts p ON p.id = s.post_id`,
  );
  books.signals = signals.rows.length;
  const bySignal = new Map(signals.rows.map((s) => [s.id, s]));
  const seen = new Map<string, number>();
  for (const msg of sandbox.sinks.slack) {
    if (msg.status !== 200) continue;
    const id = /signals\/([0-9a-f-]{36})/.exec(JSON.stringify(msg.body))?.[1];
    if (!id) continue;
    const n = (seen.get(`${msg.path} ${id}`) ?? 0) + 1;
    seen.set(`${msg.path} ${id}`, n);
    if (n > 1) books.duplicateAlerts++;
    const s = bySignal.get(id);
    if (!s) continue;
    const k = key(s.platform, s.external_id);
    const at = Date.parse(msg.at);
    const first = books.firstAlertAt.get(k);
    if (first === undefined || at < first) books.firstAlertAt.set(k, at);
  }
  const delivered = new Set([...seen.keys()].map((k) => k.split(' ')[1]));
  const interrupted = new Set(
    (await pool.query<{ signal_id: string }>(`SELECT signal_id FROM deliveries WHERE status = 'failed' AND last_error = $1`, [OUTCOME_UNKNOWN])).rows.map((r) => r.signal_id),
  );
  for (const s of signals.rows) {
    if (s.intent_score < seed.alertMinScore) continue;
    books.alertsExpected++;
    if (delivered.has(s.id)) books.alertsDelivered++;
    else if (interrupted.has(s.id)) books.alertsUnknownOutcome++;
  }
  return books;
}

/** Owed alerts in no known state: neither in the Slack sink nor recorded as interrupted mid-send. */
export function alertsMissing(books: Books): number {
  return books.alertsExpected - books.alertsDelivered - books.alertsUnknownOutcome;
}

/** lost = raw posts in no known state, plus signals the books say are owed. */
export function lostCount(books: Books): number {
  return books.states.lost + books.states.missing_signal;
}

/** The books as one JSON-friendly summary line. */
export function booksSummary(books: Books): Record<string, unknown> {
  return {
    raw: books.raw,
    ...books.states,
    dead_letter_reasons: books.deadLetterReasons,
    double_booked: books.doubleBooked,
    signals: books.signals,
    alerts_expected: books.alertsExpected,
    alerts_delivered: books.alertsDelivered,
    alerts_unknown_outcome: books.alertsUnknownOutcome,
    duplicate_alerts: books.duplicateAlerts,
  };
}
