import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { connectBus, type Bus } from '@intent-radar/bus';
import { parseEnv } from '@intent-radar/config';
import type { Pool } from '@intent-radar/db';
import { createTestDatabase, type TestDatabase } from '@intent-radar/db/testing';
import { createLogger } from '@intent-radar/logger';
import type { EventData, EventOf, EventType, Platform } from '@intent-radar/proto-schemas';
import { dedupEmbedderEnv, type DedupEmbedderConfig } from './config.ts';

/**
 * Integration-test fixture: a migrated database of its own and a bus in a random namespace on the
 * real NATS, plus builders for workspaces, monitors and scored posts. Only *.int.test.ts import it.
 */
export interface TestWorld {
  bus: Bus;
  pool: Pool;
  db: TestDatabase;
  config: DedupEmbedderConfig;
  close(): Promise<void>;
}

export async function openTestWorld(env: Record<string, string> = {}): Promise<TestWorld> {
  const db = await createTestDatabase();
  const logger = createLogger({ service: 'dedup-embedder-test', level: 'silent' });
  const bus = await connectBus({
    url: '127.0.0.1:4222',
    name: 'dedup-embedder',
    logger,
    namespace: `t${randomBytes(4).toString('hex')}`,
  });
  await bus.provision();
  const config = parseEnv(dedupEmbedderEnv, { OUTBOX_POLL_MS: '200', ...env });
  return {
    bus,
    pool: db.pool,
    db,
    config,
    async close() {
      await bus.destroyNamespace();
      await bus.close();
      await db.drop();
    },
  };
}

export async function createWorkspace(pool: Pool, name = 'Acme'): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(
    'INSERT INTO workspaces (name) VALUES ($1) RETURNING id',
    [name],
  );
  return rows[0]!.id;
}

/** A Slack alert destination (no secrets: these tests look at the alert events, not deliveries). */
export async function createSlackDestination(pool: Pool, workspaceId: string, minScore: number): Promise<void> {
  await pool.query(
    "INSERT INTO alert_destinations (workspace_id, name, kind, min_score) VALUES ($1, 'slack', 'slack', $2)",
    [workspaceId, minScore],
  );
}

export interface MonitorSpec {
  workspaceId: string;
  queryKey?: string;
  platforms?: Platform[];
  minScore?: number;
  active?: boolean;
  name?: string;
  /** The monitor's context sentence ("we sell ..."). */
  context?: string;
}

export async function createMonitor(pool: Pool, spec: MonitorSpec): Promise<string> {
  const queryKey = spec.queryKey ?? 'zoominfo alternative';
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO monitors (workspace_id, name, query, query_key, platforms, min_score, active, context)
     VALUES ($1, $2, $3, $3, $4, $5, $6, $7) RETURNING id`,
    [
      spec.workspaceId,
      spec.name ?? `monitor ${queryKey}`,
      queryKey,
      spec.platforms ?? ['reddit', 'hackernews'],
      spec.minScore ?? 5,
      spec.active ?? true,
      spec.context ?? null,
    ],
  );
  return rows[0]!.id;
}

/** sha256 of the normalized text, as the scorer computes it. */
export const contentHashOf = (text: string) =>
  createHash('sha256').update(text.toLowerCase().replace(/\s+/g, ' ').trim()).digest('hex');

export interface ScoredPostSpec {
  platform?: Platform;
  externalId?: string;
  title?: string;
  content: string;
  score?: number;
  monitorIds: string[];
  createdAt?: string;
  rescore?: boolean;
  /** The scorer's relevance profile; omitted as an older scorer would. */
  relevance?: { categories: string[]; enterprise: boolean };
}

export function scoredPost(spec: ScoredPostSpec): EventData<'post.scored.v1'> {
  const platform = spec.platform ?? 'reddit';
  const externalId = spec.externalId ?? `x${randomBytes(5).toString('hex')}`;
  const now = new Date().toISOString();
  return {
    platform,
    externalId,
    kind: 'post',
    url: `https://example.test/${platform}/${externalId}`,
    ...(spec.title ? { title: spec.title } : {}),
    content: spec.content,
    author: { handle: 'buyer_1' },
    createdAt: spec.createdAt ?? now,
    fetchedAt: now,
    links: [],
    topComments: [],
    ingestMode: 'search',
    matches: spec.monitorIds.map((monitorId) => ({ monitorId, queryKey: 'zoominfo alternative' })),
    contentHash: contentHashOf(`${spec.title ?? ''}\n${spec.content}`),
    rescore: spec.rescore ?? false,
    ...(spec.relevance ? { relevance: spec.relevance } : {}),
    analysis: {
      intent_score: spec.score ?? 8,
      urgency: 'high',
      budget_signals: [],
      pain_points: ['bad data'],
      decision_stage: 'evaluating',
      competitors_mentioned: ['ZoomInfo'],
      is_qualified: true,
      reasoning: 'explicit ask',
      one_line_summary: 'Wants a ZoomInfo alternative',
      evidence: [],
      category: 'buying_intent',
      language: 'en',
      scored_by: 'local',
      cost_usd: 0,
      needs_rescore: false,
      notes: [],
    },
  };
}

/** A whole envelope, for calling the store directly (as the consumer would). */
export function scoredEvent(data: EventData<'post.scored.v1'>): EventOf<'post.scored.v1'> {
  return {
    id: randomUUID(),
    type: 'post.scored.v1',
    occurredAt: new Date().toISOString(),
    source: 'test',
    data,
  };
}

/** Every message stored in a (logical) stream, decoded, optionally only those of one event type. */
export async function streamEvents<T extends EventType>(
  bus: Bus,
  logicalStream: string,
  type?: T,
): Promise<{ subject: string; msgId: string | undefined; event: EventOf<T> }[]> {
  const stream = bus.namespace.stream(logicalStream);
  const info = await bus.jsm.streams.info(stream);
  const out: { subject: string; msgId: string | undefined; event: EventOf<T> }[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const msg = await bus.jsm.streams.getMessage(stream, { seq }).catch(() => null);
    if (!msg) continue;
    const event = msg.json<EventOf<T>>();
    if (type && event.type !== type) continue;
    out.push({
      subject: bus.namespace.logicalSubject(msg.subject),
      msgId: msg.header.get('Nats-Msg-Id') || undefined,
      event,
    });
  }
  return out;
}

/** Resolves when `check` returns true; fails after `timeoutMs` naming what it waited for. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
