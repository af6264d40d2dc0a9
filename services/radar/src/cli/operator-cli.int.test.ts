import { PermanentError, runConsumer, type Bus, type BusMetrics, type ConsumerHandle } from '@intent-radar/bus';
import { openTestBus, TEST_NATS_URL, waitFor } from '@intent-radar/bus/testing';
import { createTestDatabase, type TestDatabase } from '@intent-radar/db/testing';
import { createLogger } from '@intent-radar/logger';
import { consumers, streams, subjects } from '@intent-radar/proto-schemas';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { verifyPassword } from '@intent-radar/gateway/passwords';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliContext } from './cli-context.ts';
import { runCommand } from './commands.ts';
import { REPLAYED_FROM_HEADER } from './dead-letters-command.ts';
import type { SecretInput } from './password-input.ts';

let bus: Bus;
let destroyBus: () => Promise<void>;
let db: TestDatabase;
const logger = createLogger({ service: 'radar-cli-test', level: 'silent' });

beforeAll(async () => {
  ({ bus, destroy: destroyBus } = await openTestBus('radar-cli-test'));
  db = await createTestDatabase();
});
afterAll(async () => {
  await destroyBus();
  await db.drop();
});

/** Runs one `radar` command as the binary would (own connections, closed afterwards); returns its stdout lines. */
async function radar(argv: string[], databaseUrl = db.url, stdin?: SecretInput): Promise<{ lines: string[]; stderr: string }> {
  const lines: string[] = [];
  let stderr = '';
  const ctx = createCliContext({
    databaseUrl,
    natsUrl: TEST_NATS_URL,
    namespace: bus.namespace.name,
    logger,
    out: (line) => lines.push(line),
    err: { write: (t) => void (stderr += t) },
    ...(stdin ? { stdin } : {}),
  });
  await runCommand(ctx, argv);
  return { lines, stderr };
}
const json = (line: string | undefined) => JSON.parse(line ?? 'null') as Record<string, unknown>;

async function streamMessages(logical: string): Promise<number> {
  return (await bus.jsm.streams.info(bus.namespace.stream(logical))).state.messages;
}

describe('radar migrate / provision', () => {
  it('are idempotent: the second run applies nothing and keeps the streams', async () => {
    const fresh = await createTestDatabase({ migrate: false });
    try {
      const first = json((await radar(['migrate', '--provision'], fresh.url)).lines[0]);
      expect((first.applied as string[]).length).toBeGreaterThan(0);
      const second = json((await radar(['migrate', '--provision'], fresh.url)).lines[0]);
      expect(second.applied).toEqual([]);
      expect(second.alreadyApplied).toBe((first.applied as string[]).length);
      await radar(['provision']);
      const { lines } = await radar(['streams']);
      const streamLines = lines.map(json).filter((l) => 'stream' in l && !('consumer' in l));
      expect(streamLines.map((l) => l.stream)).toEqual(expect.arrayContaining(Object.values(streams)));
      expect(streamLines.every((l) => !('error' in l))).toBe(true);
    } finally {
      await fresh.drop();
    }
  });
});

describe('radar dlq', () => {
  let consumer: ConsumerHandle | undefined;
  afterAll(async () => consumer?.stop());

  it('replay moves a dead-lettered message back and it is processed once', async () => {
    let poisoned = true;
    const processed = new Map<number, number>();
    const replayedFrom: string[] = [];
    consumer = await runConsumer({
      bus,
      service: 'ingest-hackernews-test',
      stream: streams.ingestJobs,
      durable: consumers.ingestor('hackernews'),
      filterSubject: subjects.ingestJob('hackernews'),
      eventType: 'ingest.job.v1',
      pullExpiresMs: 1_000,
      handler: async (event, ctx) => {
        if (poisoned && event.data.slot === 1) throw new PermanentError('test_poison', 'the source rejected this job');
        processed.set(event.data.slot, (processed.get(event.data.slot) ?? 0) + 1);
        const from = ctx.headers?.get(REPLAYED_FROM_HEADER);
        if (from) replayedFrom.push(from);
        return Promise.resolve();
      },
    });
    const job = (slot: number) => ({ platform: 'hackernews' as const, mode: 'search' as const, queryKey: 'crm', query: 'crm', slot, reason: 'schedule' as const });
    await bus.publish('ingest.job.v1', subjects.ingestJob('hackernews'), job(1), { msgId: 'test-job-1' });
    await waitFor(async () => (await streamMessages(streams.deadLetter)) === 1, 15_000, 'the dead letter');

    const listed = (await radar(['dlq', 'list'])).lines.map(json);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ service: 'ingest-hackernews-test', errorCode: 'test_poison', subject: subjects.ingestJob('hackernews') });
    const seq = String(listed[0]!.seq);
    const inspected = json((await radar(['dlq', 'inspect', seq])).lines.join('\n'));
    expect(inspected).toMatchObject({ reason: 'the source rejected this job', payload: { type: 'ingest.job.v1', data: { slot: 1 } } });

    poisoned = false;
    const replay = json((await radar(['dlq', 'replay', seq])).lines[0]);
    expect(replay).toMatchObject({ replayed: Number(seq), duplicate: false });
    await waitFor(() => processed.get(1) === 1, 15_000, 'the replayed job');
    // A later message is handled after the replay: had the replay been delivered twice, slot 1 would count 2 by now.
    await bus.publish('ingest.job.v1', subjects.ingestJob('hackernews'), job(2), { msgId: 'test-job-2' });
    await waitFor(() => processed.get(2) === 1, 15_000, 'the sentinel job');
    expect(processed.get(1)).toBe(1);
    expect(replayedFrom).toEqual([`${streams.deadLetter}:${seq}`]);
    expect(await streamMessages(streams.deadLetter)).toBe(0);
    await expect(radar(['dlq', 'replay', seq])).rejects.toMatchObject({ code: 'DEAD_LETTER_NOT_FOUND' });
    await consumer.stop();
    consumer = undefined;
  });
});

describe('radar dlq replay on a subject with several consumers', () => {
  const handles: ConsumerHandle[] = [];
  afterAll(async () => Promise.all(handles.map((h) => h.stop())));

  it('reaches only the durable that dead-lettered it; the other consumer of the subject skips it', async () => {
    // posts.raw is a limits stream read by more than one durable: a plain republish would reach both.
    const subject = subjects.postRaw('reddit');
    let poisoned = true;
    const scorer = new Map<string, number>();
    const observer = new Map<string, number>();
    const count = (m: Map<string, number>, id: string) => m.set(id, (m.get(id) ?? 0) + 1);
    const observerOutcomes: string[] = [];
    const start = (durable: string, handler: (externalId: string) => void, metrics?: BusMetrics) =>
      runConsumer({
        ...(metrics ? { metrics } : {}),
        bus,
        service: `${durable}-svc`,
        stream: streams.posts,
        durable,
        filterSubject: subject,
        eventType: 'post.raw.v1',
        pullExpiresMs: 1_000,
        handler: async (event) => {
          handler(event.data.externalId);
          return Promise.resolve();
        },
      });
    handles.push(
      await start(consumers.intentScorer, (id) => {
        if (poisoned && id === 'poison1') throw new PermanentError('test_poison', 'scorer cannot handle this post');
        count(scorer, id);
      }),
      await start('radar-cli-test-observer', (id) => void count(observer, id), { messageSettled: (_l, outcome) => observerOutcomes.push(outcome) }),
    );
    const now = new Date().toISOString();
    const post = (externalId: string) => ({
      platform: 'reddit' as const,
      externalId,
      kind: 'post' as const,
      url: `https://reddit.com/r/sales/${externalId}`,
      content: 'Looking for a ZoomInfo alternative',
      author: { handle: 'u_buyer' },
      createdAt: now,
      fetchedAt: now,
      ingestMode: 'search' as const,
      matches: [{ monitorId: 'm1', queryKey: 'zoominfo alternative' }],
    });
    const before = await streamMessages(streams.deadLetter);
    await bus.publish('post.raw.v1', subject, post('poison1'), { msgId: 'reddit:poison1' });
    await waitFor(async () => (await streamMessages(streams.deadLetter)) === before + 1 && observer.get('poison1') === 1, 15_000, 'dead letter + observer');
    const listed = (await radar(['dlq', 'list', '--service', `${consumers.intentScorer}-svc`])).lines.map(json);
    expect(listed).toHaveLength(1);

    poisoned = false;
    await radar(['dlq', 'replay', String(listed[0]!.seq)]);
    await waitFor(() => scorer.get('poison1') === 1, 15_000, 'the replay at the scorer');
    // Sentinel after the replay, on the same subject: once both consumers have it, the replay was already delivered to both.
    await bus.publish('post.raw.v1', subject, post('after1'), { msgId: 'reddit:after1' });
    await waitFor(() => scorer.get('after1') === 1 && observer.get('after1') === 1, 15_000, 'the sentinel at both consumers');
    expect(scorer.get('poison1')).toBe(1);
    expect(observer.get('poison1')).toBe(1);
    // The observer received the replay and acked it unhandled.
    await waitFor(() => observerOutcomes.length === 3, 15_000, 'three settled messages at the observer');
    expect(observerOutcomes.sort()).toEqual(['ack', 'ack', 'skipped']);
  });
});

describe('radar accounts, backfill and export', () => {
  async function seedWorkspace(name: string, externalId: string) {
    const { lines } = await radar(['create-workspace', '--name', name, '--credits', '5']);
    const workspaceId = String(json(lines[0]).workspaceId);
    await radar(['create-user', '--email', `${externalId}@example.com`, '--name', name, '--workspace', workspaceId, '--role', 'owner']);
    const m = await db.pool.query<{ id: string }>(
      `INSERT INTO monitors (workspace_id, name, query, query_key, platforms) VALUES ($1, $2, 'crm alternative', 'crm alternative', ARRAY['hackernews','reddit']) RETURNING id::text`,
      [workspaceId, `${name} monitor`],
    );
    const monitorId = m.rows[0]!.id;
    const p = await db.pool.query<{ id: string }>(
      `INSERT INTO posts (platform, external_id, url, kind, author_handle, content, posted_at) VALUES ('hackernews', $1, $2, 'post', 'someone', 'looking for a crm alternative', now()) RETURNING id::text`,
      [externalId, `https://news.ycombinator.com/item?id=${externalId}`],
    );
    await db.pool.query(`INSERT INTO signals (workspace_id, monitor_id, post_id, intent_score) VALUES ($1, $2, $3, 8)`, [workspaceId, monitorId, p.rows[0]!.id]);
    return { workspaceId, monitorId, postId: p.rows[0]!.id };
  }

  it('export-workspace contains only that workspace rows', async () => {
    const a = await seedWorkspace('Alpha', '9001');
    const b = await seedWorkspace('Beta', '9002');
    const { lines } = await radar(['export-workspace', a.workspaceId]);
    const rows = lines.map((l) => JSON.parse(l) as { table: string; row: Record<string, unknown> });
    const tables = new Set(rows.map((r) => r.table));
    for (const t of ['workspaces', 'monitors', 'signals', 'posts', 'users', 'memberships', 'billing', 'credit_grants']) expect(tables, t).toContain(t);
    for (const r of rows) if ('workspace_id' in r.row) expect(r.row.workspace_id, r.table).toBe(a.workspaceId);
    expect(rows.filter((r) => r.table === 'posts').map((r) => r.row.id)).toEqual([a.postId]);
    expect(rows.find((r) => r.table === 'users')?.row).toMatchObject({ email: '9001@example.com' });
    const text = lines.join('\n');
    for (const foreign of [b.workspaceId, b.monitorId, b.postId, '9002@example.com']) expect(text).not.toContain(foreign);
    expect(text).not.toContain('password_hash');
  });

  it('backfill publishes one job per platform per step with its window, once', async () => {
    const { monitorId } = await seedWorkspace('Gamma', '9003');
    const before = await streamMessages(streams.ingestJobs);
    const run = await radar(['backfill', monitorId, '--from', '2026-01-01T00:00:00Z', '--to', '2026-01-04T00:00:00Z']);
    expect(json(run.lines[0])).toMatchObject({ jobs: 6, duplicates: 0, platforms: ['hackernews', 'reddit'] });
    expect(run.stderr).toMatch(/6\/6/);
    expect(await streamMessages(streams.ingestJobs)).toBe(before + 6);
    const again = await radar(['backfill', monitorId, '--from', '2026-01-01T00:00:00Z', '--to', '2026-01-04T00:00:00Z']);
    expect(json(again.lines[0])).toMatchObject({ jobs: 6, duplicates: 6 });
    const last = await bus.jsm.streams.getMessage(bus.namespace.stream(streams.ingestJobs), { last_by_subj: bus.namespace.subject(subjects.ingestJob('reddit')) });
    expect(last?.json()).toMatchObject({ data: { reason: 'backfill', window: { from: '2026-01-03T00:00:00.000Z', to: '2026-01-04T00:00:00.000Z' } } });
  });

  it('rescore publishes a jobs.rescore job', async () => {
    const before = await streamMessages(streams.scheduledJobs);
    const { lines } = await radar(['rescore', '--posts', '00000000-0000-4000-8000-000000000001']);
    expect(json(lines[0])).toMatchObject({ command: 'rescore', posts: 1 });
    expect(await streamMessages(streams.scheduledJobs)).toBe(before + 1);
  });
});

describe('radar create-user with a password', () => {
  const PASSWORD = 'violet ferry 42 lanterns';
  async function storedHash(email: string): Promise<string | null | undefined> {
    const r = await db.pool.query<{ password_hash: string | null }>('SELECT password_hash FROM users WHERE email = $1', [email]);
    return r.rows[0]?.password_hash;
  }

  it('--password-stdin stores the gateway argon2id hash the sign-in verifies', async () => {
    const { lines } = await radar(['create-user', '--email', 'stdin@example.com', '--password-stdin'], db.url, Readable.from([`${PASSWORD}\n`]));
    expect(json(lines[0])).toMatchObject({ created: true, passwordSet: true });
    const hash = await storedHash('stdin@example.com');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash!, PASSWORD)).toBe(true);
    expect(await verifyPassword(hash!, `${PASSWORD}x`)).toBe(false);
  });

  it('--password-file reads the first line; a later run without a password keeps it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'radar-pw-'));
    try {
      const file = path.join(dir, 'pw');
      await writeFile(file, `${PASSWORD}\r\nignored\n`, { mode: 0o600 });
      await radar(['create-user', '--email', 'file@example.com', '--password-file', file]);
      expect(await verifyPassword((await storedHash('file@example.com'))!, PASSWORD)).toBe(true);
      const again = json((await radar(['create-user', '--email', 'file@example.com'])).lines[0]);
      expect(again).toMatchObject({ created: false, passwordSet: false });
      expect(await verifyPassword((await storedHash('file@example.com'))!, PASSWORD)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('--password prompts twice on a terminal without echoing', async () => {
    const tty = Object.assign(new PassThrough(), { isTTY: true, raw: [] as boolean[], setRawMode(raw: boolean) { this.raw.push(raw); return this; } });
    // Typed with a typo corrected by backspace, Enter as raw mode sends it (\r).
    tty.write(`${PASSWORD}z\u007f\r${PASSWORD}\r`);
    const { lines, stderr } = await radar(['create-user', '--email', 'tty@example.com', '--password'], db.url, tty);
    expect(json(lines[0])).toMatchObject({ passwordSet: true });
    expect(stderr).toBe('Password: \nRepeat password: \n');
    expect(tty.raw).toEqual([true, false]);
    expect(await verifyPassword((await storedHash('tty@example.com'))!, PASSWORD)).toBe(true);
  });

  it('refuses a password in argv, a weak one, two that differ and --password without a terminal; creates nothing', async () => {
    await expect(radar(['create-user', '--email', 'argv@example.com', '--password', PASSWORD])).rejects.toMatchObject({ code: 'CLI_USAGE', message: expect.stringMatching(/argv/) });
    await expect(radar(['create-user', '--email', 'weak@example.com', '--password-stdin'], db.url, Readable.from(['password1234\n']))).rejects.toMatchObject({ message: 'password is too common' });
    const tty = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => tty });
    tty.write(`${PASSWORD}\r${PASSWORD}!\r`);
    await expect(radar(['create-user', '--email', 'differ@example.com', '--password'], db.url, tty)).rejects.toMatchObject({ message: 'the two passwords differ' });
    await expect(radar(['create-user', '--email', 'notty@example.com', '--password'], db.url, Readable.from([`${PASSWORD}\n`]))).rejects.toMatchObject({ code: 'CLI_USAGE' });
    for (const email of ['argv@example.com', 'weak@example.com', 'differ@example.com', 'notty@example.com']) expect(await storedHash(email)).toBeUndefined();
  });
});
